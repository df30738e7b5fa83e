"""Max and average pooling of the TF1 layers API (1-D to 3-D), with their
functions.  Pooling layers have no variables; the op sits in the layer's
name scope (``max_pooling2d/MaxPool``)."""

from slimcompat._compat import tf, tf2
from slimcompat.v1_layers import _args
from slimcompat.v1_layers._base import Layer
from slimcompat.v1_layers._input_spec import InputSpec

_OPS = {
    ('max', 2): tf.nn.max_pool, ('avg', 2): tf.nn.avg_pool,
    ('max', 3): tf.nn.max_pool3d, ('avg', 3): tf.nn.avg_pool3d,
}


class _Pooling(Layer):
  """Pooling with `mode` ('max' or 'avg') over `rank` spatial axes."""

  def __init__(self, mode, rank, pool_size, strides, padding='valid',
               data_format='channels_last', name=None, **kwargs):
    self._mode = mode
    self.rank = rank
    self.pool_size = _args.int_tuple(pool_size, rank, 'pool_size')
    self.strides = _args.int_tuple(
        pool_size if strides is None else strides, rank, 'strides')
    self.padding = _args.padding(padding)
    self.data_format = _args.data_format(data_format)
    super(_Pooling, self).__init__(name=name, **kwargs)
    self.input_spec = InputSpec(ndim=rank + 2)

  def call(self, inputs):
    first = self.data_format == 'channels_first'
    if self.rank == 1:
      # Pooled as 2-D over a width-1 axis added after the last axis
      # (channels_last) or after the length axis (channels_first).
      axis = 3 if first else 2
      inputs = tf.expand_dims(inputs, axis)
      if first:
        inputs = tf.transpose(inputs, (0, 2, 3, 1))
      outputs = _OPS[self._mode, 2](
          inputs, (1,) + self.pool_size + (1, 1),
          strides=(1,) + self.strides + (1, 1),
          padding=self.padding.upper(), data_format='NHWC')
      if first:
        outputs = tf.transpose(outputs, (0, 3, 1, 2))
      return tf.squeeze(outputs, axis)
    if self.rank == 3 and first:
      inputs = tf.transpose(inputs, (0, 2, 3, 4, 1))
    fmt = 'NCHW' if (first and self.rank == 2) else None
    window = ((1, 1) + self.pool_size if fmt == 'NCHW' else
              (1,) + self.pool_size + (1,))
    steps = ((1, 1) + self.strides if fmt == 'NCHW' else
             (1,) + self.strides + (1,))
    if self.rank == 2:
      outputs = _OPS[self._mode, 2](inputs, window, steps,
                                    padding=self.padding.upper(),
                                    data_format=fmt or 'NHWC')
    else:
      outputs = _OPS[self._mode, 3](inputs, window, steps,
                                    padding=self.padding.upper())
    if self.rank == 3 and first:
      outputs = tf.transpose(outputs, (0, 4, 1, 2, 3))
    return outputs

  def compute_output_shape(self, input_shape):
    dims = tf2.TensorShape(input_shape).as_list()
    last = self.data_format == 'channels_last'
    space = dims[1:-1] if last else dims[2:]
    space = [_args.conv_length(size, k, self.padding, s)
             for size, k, s in zip(space, self.pool_size, self.strides)]
    if last:
      return tf2.TensorShape([dims[0]] + space + [dims[-1]])
    return tf2.TensorShape([dims[0], dims[1]] + space)


class MaxPooling1D(_Pooling):
  """1-D max pooling; see `max_pooling1d`."""

  def __init__(self, pool_size, strides, padding='valid',
               data_format='channels_last', name=None, **kwargs):
    super(MaxPooling1D, self).__init__('max', 1, pool_size, strides, padding,
                                       data_format, name=name, **kwargs)


class MaxPooling2D(_Pooling):
  """2-D max pooling; see `max_pooling2d`."""

  def __init__(self, pool_size, strides, padding='valid',
               data_format='channels_last', name=None, **kwargs):
    super(MaxPooling2D, self).__init__('max', 2, pool_size, strides, padding,
                                       data_format, name=name, **kwargs)


class MaxPooling3D(_Pooling):
  """3-D max pooling; see `max_pooling3d`."""

  def __init__(self, pool_size, strides, padding='valid',
               data_format='channels_last', name=None, **kwargs):
    super(MaxPooling3D, self).__init__('max', 3, pool_size, strides, padding,
                                       data_format, name=name, **kwargs)


class AveragePooling1D(_Pooling):
  """1-D average pooling; see `average_pooling1d`."""

  def __init__(self, pool_size, strides, padding='valid',
               data_format='channels_last', name=None, **kwargs):
    super(AveragePooling1D, self).__init__('avg', 1, pool_size, strides,
                                           padding, data_format, name=name,
                                           **kwargs)


class AveragePooling2D(_Pooling):
  """2-D average pooling; see `average_pooling2d`."""

  def __init__(self, pool_size, strides, padding='valid',
               data_format='channels_last', name=None, **kwargs):
    super(AveragePooling2D, self).__init__('avg', 2, pool_size, strides,
                                           padding, data_format, name=name,
                                           **kwargs)


class AveragePooling3D(_Pooling):
  """3-D average pooling; see `average_pooling3d`."""

  def __init__(self, pool_size, strides, padding='valid',
               data_format='channels_last', name=None, **kwargs):
    super(AveragePooling3D, self).__init__('avg', 3, pool_size, strides,
                                           padding, data_format, name=name,
                                           **kwargs)


def max_pooling1d(inputs, pool_size, strides, padding='valid',
                  data_format='channels_last', name=None):
  """1-D max pooling of `inputs` (name scope `name`, default
  'max_pooling1d')."""
  return MaxPooling1D(pool_size, strides, padding=padding,
                      data_format=data_format, name=name)(inputs)


def max_pooling2d(inputs, pool_size, strides, padding='valid',
                  data_format='channels_last', name=None):
  """2-D max pooling of `inputs` (name scope `name`, default
  'max_pooling2d')."""
  return MaxPooling2D(pool_size, strides, padding=padding,
                      data_format=data_format, name=name)(inputs)


def max_pooling3d(inputs, pool_size, strides, padding='valid',
                  data_format='channels_last', name=None):
  """3-D max pooling of `inputs` (name scope `name`, default
  'max_pooling3d')."""
  return MaxPooling3D(pool_size, strides, padding=padding,
                      data_format=data_format, name=name)(inputs)


def average_pooling1d(inputs, pool_size, strides, padding='valid',
                      data_format='channels_last', name=None):
  """1-D average pooling of `inputs` (name scope `name`, default
  'average_pooling1d')."""
  return AveragePooling1D(pool_size, strides, padding=padding,
                          data_format=data_format, name=name)(inputs)


def average_pooling2d(inputs, pool_size, strides, padding='valid',
                      data_format='channels_last', name=None):
  """2-D average pooling of `inputs` (name scope `name`, default
  'average_pooling2d')."""
  return AveragePooling2D(pool_size, strides, padding=padding,
                          data_format=data_format, name=name)(inputs)


def average_pooling3d(inputs, pool_size, strides, padding='valid',
                      data_format='channels_last', name=None):
  """3-D average pooling of `inputs` (name scope `name`, default
  'average_pooling3d')."""
  return AveragePooling3D(pool_size, strides, padding=padding,
                          data_format=data_format, name=name)(inputs)
