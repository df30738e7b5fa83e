"""The TF2 bridge: slim / ``tf.compat.v1`` model code as tracked `tf.Module`s.

`track_tf1_style_variables` (``_decorator.py``) runs a method eagerly or under
`tf.function` with variables created once per instance; `SlimModule`
(``_module.py``) wraps a plain model function; ``_checkpoint.py`` loads TF1
name-based checkpoints; ``_serve.py`` serves the decorator under
``tf.compat.v1.keras.utils`` on Keras-3 TensorFlow; ``_keras.py`` (the only
module importing Keras, on first use) makes a decorated Keras 3 layer, and
`SlimLayer`, publish their variables as Keras variables; ``_slim_layer.py``
resolves ``slimcompat.SlimLayer`` (a clear refusal on Keras-2 TensorFlow).
"""
