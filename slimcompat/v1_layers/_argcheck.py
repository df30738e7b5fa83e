"""Argument checks and conversions shared by the TF1 layers.

Each raises ValueError (the TF1 layers' class for bad arguments) with a
message naming the argument, before the layer creates anything.
"""

from slimcompat._compat import tf, tf2
from slimcompat._shapes import conv_output_length as conv_length
from slimcompat._shapes import deconv_output_length as deconv_length

_ACTIVATIONS = {
    'linear': None, 'relu': tf.nn.relu, 'relu6': tf.nn.relu6,
    'elu': tf.nn.elu, 'selu': tf.nn.selu, 'sigmoid': tf.sigmoid,
    'tanh': tf.tanh, 'softmax': tf.nn.softmax, 'softplus': tf.nn.softplus,
    'softsign': tf.nn.softsign, 'swish': tf2.nn.silu, 'silu': tf2.nn.silu,
    'exponential': tf.exp,
}


def activation(value):
  """None, a callable, or the name of a common activation -> callable/None."""
  if value is None or callable(value):
    return value
  if isinstance(value, str) and value in _ACTIVATIONS:
    return _ACTIVATIONS[value]
  raise ValueError('Unknown activation %r: pass a callable such as '
                   'tf.nn.relu, None, or one of %s.' %
                   (value, ', '.join(sorted(_ACTIVATIONS))))


def int_tuple(value, n, what):
  """An int or n ints -> a tuple of n ints."""
  if isinstance(value, int) and not isinstance(value, bool):
    return (value,) * n
  try:
    items = tuple(value)
  except TypeError:
    raise ValueError('The `%s` argument must be an int or a tuple of %d '
                     'ints. Received: %r' % (what, n, value)) from None
  if len(items) != n:
    raise ValueError('The `%s` argument must be a tuple of %d integers. '
                     'Received: %r' % (what, n, value))
  for item in items:
    if not isinstance(item, int) or isinstance(item, bool):
      try:
        int(item)
      except (TypeError, ValueError):
        raise ValueError('The `%s` argument must be a tuple of %d integers. '
                         'Received: %r, including element %r of type %s' %
                         (what, n, value, item, type(item).__name__)) from None
  return tuple(int(item) for item in items)


def padding(value, allow_causal=False):
  """'valid' / 'same' (any case; 'causal' where allowed) -> lower case."""
  text = value.lower() if isinstance(value, str) else value
  allowed = ('valid', 'same', 'causal') if allow_causal else ('valid', 'same')
  if text not in allowed:
    raise ValueError('The `padding` argument must be one of %s. Received: %r'
                     % (', '.join('"%s"' % a for a in allowed), value))
  return text


def data_format(value):
  """'channels_last' / 'channels_first' (None: channels_last)."""
  text = 'channels_last' if value is None else str(value).lower()
  if text not in ('channels_last', 'channels_first'):
    raise ValueError('The `data_format` argument must be "channels_last" or '
                     '"channels_first". Received: %r' % (value,))
  return text


def tf_format(fmt, spatial_rank):
  """('channels_last', 2) -> 'NHWC' and so on."""
  letters = {1: 'W', 2: 'HW', 3: 'DHW'}[spatial_rank]
  return ('N' + letters + 'C' if fmt == 'channels_last' else
          'NC' + letters)


def channel_axis(fmt):
  return -1 if fmt == 'channels_last' else 1


def require_known_channels(shape, axis, layer):
  dims = tf2.TensorShape(shape)
  if dims.rank is None or dims.as_list()[axis] is None:
    raise ValueError('The channel dimension of the inputs to %s must be '
                     'known; the input has shape %s.' % (layer, dims))
  return int(dims.as_list()[axis])


def positive(value, what):
  if value is not None and (not isinstance(value, int) or value <= 0):
    try:
      ok = int(value) > 0
    except (TypeError, ValueError):
      ok = False
    if not ok:
      raise ValueError('`%s` must be a positive integer. Received: %r' %
                       (what, value))
  return value


_WEIGHT_OPTIONS = ('initializer', 'regularizer', 'constraint')


def keep_weight_options(layer, arguments, *roles):
  """Sets ``<role>_initializer``, ``_regularizer`` and ``_constraint`` of
  `layer` from `arguments` (its constructor's locals) for each of `roles`."""
  for role in roles:
    for option in _WEIGHT_OPTIONS:
      key = '%s_%s' % (role, option)
      setattr(layer, key, arguments[key])


def role_weight(layer, name, shape, role, dtype=None):
  """A trainable weight `name` of `layer`, made with the layer's
  ``<role>_initializer`` / ``_regularizer`` / ``_constraint``; the layer's
  dtype unless `dtype` is given."""
  options = {option: getattr(layer, '%s_%s' % (role, option))
             for option in _WEIGHT_OPTIONS}
  return layer.add_weight(name, shape=shape, trainable=True,
                          dtype=dtype or layer.dtype, **options)


def spatial_output_shape(input_shape, fmt, rank, new_length, channels=None):
  """The output shape of a layer over the `rank` spatial axes of
  `input_shape`.

  `new_length(i, size)` gives the new size of spatial axis i; the channel
  axis (placed as `fmt` says) holds `channels`, or keeps its size if None.
  """
  dims = tf2.TensorShape(input_shape).as_list()
  last = fmt == 'channels_last'
  space = dims[1:-1] if last else dims[2:]
  space = [new_length(i, size) for i, size in zip(range(rank), space)]
  if channels is None:
    channels = dims[-1] if last else dims[1]
  if last:
    return tf2.TensorShape([dims[0]] + space + [channels])
  return tf2.TensorShape([dims[0], channels] + space)


__all__ = ['activation', 'int_tuple', 'padding', 'data_format', 'tf_format',
           'conv_length', 'deconv_length', 'channel_axis',
           'require_known_channels', 'positive', 'keep_weight_options',
           'role_weight', 'spatial_output_shape', 'tf']
