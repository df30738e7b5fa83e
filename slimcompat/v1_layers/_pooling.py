"""Max and average pooling of the TF1 layers API (1-D to 3-D), with their
functions.  Pooling layers have no variables; the op sits in the layer's
name scope (``max_pooling2d/MaxPool``)."""

from slimcompat._compat import tf
from slimcompat._own_arguments import own_arguments
from slimcompat.v1_layers import _argcheck
from slimcompat.v1_layers import _forward
from slimcompat.v1_layers._base import Layer
from slimcompat.v1_layers._input_spec import InputSpec

_OPS = {
    ('max', 2): tf.nn.max_pool, ('avg', 2): tf.nn.avg_pool,
    ('max', 3): tf.nn.max_pool3d, ('avg', 3): tf.nn.avg_pool3d,
}


class _Pooling(Layer):
  """Pooling of kind `_MODE` ('max' or 'avg') over `_RANK` spatial axes; the
  six public classes share this constructor, whose signature is theirs."""

  _MODE = None
  _RANK = None

  def __init__(self, pool_size, strides, padding='valid',
               data_format='channels_last', name=None, **kwargs):
    self.rank = rank = self._RANK
    self.pool_size = _argcheck.int_tuple(pool_size, rank, 'pool_size')
    self.strides = _argcheck.int_tuple(
        pool_size if strides is None else strides, rank, 'strides')
    self.padding = _argcheck.padding(padding)
    self.data_format = _argcheck.data_format(data_format)
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
      outputs = _OPS[self._MODE, 2](
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
      outputs = _OPS[self._MODE, 2](inputs, window, steps,
                                    padding=self.padding.upper(),
                                    data_format=fmt or 'NHWC')
    else:
      outputs = _OPS[self._MODE, 3](inputs, window, steps,
                                    padding=self.padding.upper())
    if self.rank == 3 and first:
      outputs = tf.transpose(outputs, (0, 4, 1, 2, 3))
    return outputs

  def compute_output_shape(self, input_shape):
    def length(i, size):
      return _argcheck.conv_length(size, self.pool_size[i], self.padding,
                               self.strides[i])
    return _argcheck.spatial_output_shape(input_shape, self.data_format,
                                      self.rank, length)


class MaxPooling1D(_Pooling):
  """1-D max pooling; see `max_pooling1d`."""

  _MODE, _RANK = 'max', 1


class MaxPooling2D(_Pooling):
  """2-D max pooling; see `max_pooling2d`."""

  _MODE, _RANK = 'max', 2


class MaxPooling3D(_Pooling):
  """3-D max pooling; see `max_pooling3d`."""

  _MODE, _RANK = 'max', 3


class AveragePooling1D(_Pooling):
  """1-D average pooling; see `average_pooling1d`."""

  _MODE, _RANK = 'avg', 1


class AveragePooling2D(_Pooling):
  """2-D average pooling; see `average_pooling2d`."""

  _MODE, _RANK = 'avg', 2


class AveragePooling3D(_Pooling):
  """3-D average pooling; see `average_pooling3d`."""

  _MODE, _RANK = 'avg', 3


def max_pooling1d(inputs, pool_size, strides, padding='valid',
                  data_format='channels_last', name=None):
  """1-D max pooling of `inputs` (name scope `name`, default
  'max_pooling1d')."""
  return _forward.apply_layer(MaxPooling1D, own_arguments(locals()))


def max_pooling2d(inputs, pool_size, strides, padding='valid',
                  data_format='channels_last', name=None):
  """2-D max pooling of `inputs` (name scope `name`, default
  'max_pooling2d')."""
  return _forward.apply_layer(MaxPooling2D, own_arguments(locals()))


def max_pooling3d(inputs, pool_size, strides, padding='valid',
                  data_format='channels_last', name=None):
  """3-D max pooling of `inputs` (name scope `name`, default
  'max_pooling3d')."""
  return _forward.apply_layer(MaxPooling3D, own_arguments(locals()))


def average_pooling1d(inputs, pool_size, strides, padding='valid',
                      data_format='channels_last', name=None):
  """1-D average pooling of `inputs` (name scope `name`, default
  'average_pooling1d')."""
  return _forward.apply_layer(AveragePooling1D, own_arguments(locals()))


def average_pooling2d(inputs, pool_size, strides, padding='valid',
                      data_format='channels_last', name=None):
  """2-D average pooling of `inputs` (name scope `name`, default
  'average_pooling2d')."""
  return _forward.apply_layer(AveragePooling2D, own_arguments(locals()))


def average_pooling3d(inputs, pool_size, strides, padding='valid',
                      data_format='channels_last', name=None):
  """3-D average pooling of `inputs` (name scope `name`, default
  'average_pooling3d')."""
  return _forward.apply_layer(AveragePooling3D, own_arguments(locals()))
