"""`slimcompat.SlimLayer`: the Keras 3 layer where TensorFlow's Keras is Keras
3 (TF 2.16+), a clear refusal before.

Resolved on first access of ``slimcompat.SlimLayer``: only then is Keras
imported (by ``_keras.py``).
"""

from slimcompat import _compat

if _compat.KERAS3_ERA:
  from slimcompat._bridge._keras import SlimLayer  # pylint: disable=unused-import
else:

  class SlimLayer:
    """Refuses to be built: this TensorFlow's Keras is Keras 2."""

    def __init__(self, model_fn, name=None, **kwargs):
      del model_fn, name, kwargs
      raise RuntimeError(
          'slimcompat.SlimLayer is a Keras 3 layer, but TensorFlow %s bundles '
          'Keras 2 (Keras 3 comes with TensorFlow 2.16 and later). On this '
          'TensorFlow use its own tf.compat.v1.keras.utils.'
          'track_tf1_style_variables on the call of a tf.keras layer, or '
          'slimcompat.SlimModule for a custom training loop.' %
          '.'.join(str(n) for n in _compat.TF_VERSION))
