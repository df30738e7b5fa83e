"""Depthwise-separable convolutions of the TF1 layers API (1-D and 2-D):
variables ``depthwise_kernel``, ``pointwise_kernel`` and ``bias``."""

from slimcompat._compat import tf
from slimcompat._own_arguments import own_arguments
from slimcompat.v1_layers import _argcheck
from slimcompat.v1_layers import _forward
from slimcompat.v1_layers._conv import Conv


class _SeparableConv(Conv):
  """A depthwise convolution per input channel, then a 1x1 mix."""

  def __init__(self, rank, filters, kernel_size, strides, padding,
               data_format, dilation_rate, depth_multiplier=1,
               depthwise_initializer=None, pointwise_initializer=None,
               depthwise_regularizer=None, pointwise_regularizer=None,
               depthwise_constraint=None, pointwise_constraint=None, **kwargs):
    arguments = own_arguments(locals())
    super(_SeparableConv, self).__init__(
        rank, filters, kernel_size, strides=strides, padding=padding,
        data_format=data_format, dilation_rate=dilation_rate, **kwargs)
    self.depth_multiplier = _argcheck.positive(depth_multiplier,
                                           'depth_multiplier')
    _argcheck.keep_weight_options(self, arguments, 'depthwise', 'pointwise')

  def build(self, input_shape):
    channels = self._channels(input_shape)
    self.depthwise_kernel = _argcheck.role_weight(
        self, 'depthwise_kernel',
        self.kernel_size + (channels, self.depth_multiplier), 'depthwise')
    self.pointwise_kernel = _argcheck.role_weight(
        self, 'pointwise_kernel',
        (1,) * self.rank + (channels * self.depth_multiplier, self.filters),
        'pointwise')
    self._built_for(channels, ndim=self.rank + 2)


class SeparableConv1D(_SeparableConv):
  """1-D depthwise-separable convolution; see `separable_conv1d`."""

  def __init__(self, filters, kernel_size, strides=1, padding='valid',
               data_format='channels_last', dilation_rate=1,
               depth_multiplier=1, activation=None, use_bias=True,
               depthwise_initializer=None, pointwise_initializer=None,
               bias_initializer=tf.zeros_initializer(),
               depthwise_regularizer=None, pointwise_regularizer=None,
               bias_regularizer=None, activity_regularizer=None,
               depthwise_constraint=None, pointwise_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(1, **_forward.parent_arguments(own_arguments(locals())))

  def call(self, inputs):
    pad = self.padding
    if pad == 'causal':
      inputs, pad = self._causal_pad(inputs), 'valid'
    # The 1-D case runs as 2-D with a height of 1.
    last = self.data_format == 'channels_last'
    height_axis = 1 if last else 2
    stride = self.strides[0]
    strides = (1, stride, stride, 1) if last else (1, 1, stride, stride)
    outputs = tf.nn.separable_conv2d(
        tf.expand_dims(inputs, height_axis),
        tf.expand_dims(self.depthwise_kernel, 0),
        tf.expand_dims(self.pointwise_kernel, 0), strides=strides,
        padding=pad.upper(), rate=(1,) + self.dilation_rate,
        data_format='NHWC' if last else 'NCHW')
    if self.use_bias:
      outputs = tf.nn.bias_add(outputs, self.bias,
                               data_format='NHWC' if last else 'NCHW')
    outputs = tf.squeeze(outputs, [height_axis])
    if self.activation is not None:
      return self.activation(outputs)
    return outputs


class SeparableConv2D(_SeparableConv):
  """2-D depthwise-separable convolution; see `separable_conv2d`."""

  def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid',
               data_format='channels_last', dilation_rate=(1, 1),
               depth_multiplier=1, activation=None, use_bias=True,
               depthwise_initializer=None, pointwise_initializer=None,
               bias_initializer=tf.zeros_initializer(),
               depthwise_regularizer=None, pointwise_regularizer=None,
               bias_regularizer=None, activity_regularizer=None,
               depthwise_constraint=None, pointwise_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(2, **_forward.parent_arguments(own_arguments(locals())))

  def call(self, inputs):
    last = self.data_format == 'channels_last'
    strides = (1,) + self.strides + (1,) if last else (1, 1) + self.strides
    outputs = tf.nn.separable_conv2d(
        inputs, self.depthwise_kernel, self.pointwise_kernel,
        strides=strides, padding=self.padding.upper(),
        rate=self.dilation_rate, data_format='NHWC' if last else 'NCHW')
    return self._finish(outputs)


def separable_conv1d(inputs, filters, kernel_size, strides=1, padding='valid',
                     data_format='channels_last', dilation_rate=1,
                     depth_multiplier=1, activation=None, use_bias=True,
                     depthwise_initializer=None, pointwise_initializer=None,
                     bias_initializer=tf.zeros_initializer(),
                     depthwise_regularizer=None, pointwise_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None,
                     depthwise_constraint=None, pointwise_constraint=None,
                     bias_constraint=None, trainable=True, name=None,
                     reuse=None):
  """1-D depthwise-separable convolution of `inputs` in the layer scope
  `name` (default 'separable_conv1d'); returns the output."""
  return _forward.apply_layer(SeparableConv1D, own_arguments(locals()))


def separable_conv2d(inputs, filters, kernel_size, strides=(1, 1),
                     padding='valid', data_format='channels_last',
                     dilation_rate=(1, 1), depth_multiplier=1,
                     activation=None, use_bias=True,
                     depthwise_initializer=None, pointwise_initializer=None,
                     bias_initializer=tf.zeros_initializer(),
                     depthwise_regularizer=None, pointwise_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None,
                     depthwise_constraint=None, pointwise_constraint=None,
                     bias_constraint=None, trainable=True, name=None,
                     reuse=None):
  """2-D depthwise-separable convolution of `inputs` in the layer scope
  `name` (default 'separable_conv2d'); returns the output."""
  return _forward.apply_layer(SeparableConv2D, own_arguments(locals()))
