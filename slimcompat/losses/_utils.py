"""Helpers shared by the loss files (private to slimcompat.losses)."""

from slimcompat._compat import tf

def float_tensor(value):
  """`value` as a tensor cast to float32."""
  return tf.cast(tf.convert_to_tensor(value), tf.float32)


def static_shape(value, role):
  """The static shape of the tensor `value`, or AttributeError naming `role`.

  tf-slim reads `.get_shape()` of its inputs directly, so anything that is not
  a tensor (None, a list, a numpy array) fails with AttributeError; this keeps
  that class but says what to pass instead.
  """
  if not hasattr(value, 'get_shape'):
    raise AttributeError(
        '`%s` must be a tf.Tensor, got %s; convert it with '
        'tf.convert_to_tensor (or tf.constant) first.' %
        (role, 'None' if value is None else type(value).__name__))
  return value.get_shape()


def check_same_shape(first, second, first_role='predictions',
                     second_role='labels'):
  """Raises ValueError when the static shapes of two tensors disagree."""
  first_shape = static_shape(first, first_role)
  second_shape = static_shape(second, second_role)
  if not first_shape.is_compatible_with(second_shape):
    raise ValueError(
        'Shapes %s (%s) and %s (%s) are incompatible: `%s` must have the '
        'shape of `%s`.' % (first_shape, first_role, second_shape,
                            second_role, second_role, first_role))


def weights_tensor(weights):
  """`weights` as a float32 tensor; ValueError if it is None."""
  if weights is None:
    raise ValueError(
        '`weights` must not be None: pass 1.0 for an unweighted loss, or a '
        'tensor of shape [batch_size] or [batch_size, d1, ...].')
  return float_tensor(weights)


def labels_column(labels):
  """1-D [batch] labels reshaped to a [batch, 1] column.

  Raises:
    AssertionError: if `labels` is not known to be 1-D (as tf-slim asserts).
  """
  shape = tf.shape(labels)
  assert shape.shape == 1, ('labels must be a 1-D tensor [batch_size], got '
                            'one of rank %s' % shape.shape[0])
  return tf.reshape(labels, [shape[0], 1])
