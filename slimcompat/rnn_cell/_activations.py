"""The `activation` / `initializer` arguments of the TF1 cells: a callable,
None, or the name of a TensorFlow function (what Keras' lookup accepted)."""

from slimcompat._compat import tf

_ACTIVATIONS = {
    'tanh': tf.tanh, 'sigmoid': tf.sigmoid, 'relu': tf.nn.relu,
    'relu6': tf.nn.relu6, 'elu': tf.nn.elu, 'selu': tf.nn.selu,
    'softplus': tf.nn.softplus, 'softsign': tf.nn.softsign,
    'linear': lambda x: x, 'hard_sigmoid': None,
}


def activation(value):
  """The activation function for `value` (None means tanh)."""
  if not value:
    return tf.tanh
  if callable(value):
    return value
  function = _ACTIVATIONS.get(value)
  if function is None:
    raise ValueError('Unknown activation %r: pass a function (tf.tanh, '
                     'tf.nn.relu...) or one of %s.' %
                     (value, ', '.join(sorted(
                         k for k, v in _ACTIVATIONS.items() if v))))
  return function


def initializer(value):
  """An initializer for `value`: None (the variable scope's default), an
  initializer, or the name of one of ``tf.compat.v1.initializers``."""
  if value is None or callable(value):
    return value
  if isinstance(value, str):
    made = getattr(tf.initializers, value, None)
    if made is not None:
      return made()
  raise ValueError('Unknown initializer %r: pass an initializer such as '
                   'tf.compat.v1.glorot_uniform_initializer().' % (value,))
