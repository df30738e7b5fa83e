"""Convolution layers of the TF1 layers API: plain (1-D to 3-D) and
transposed (2-D, 3-D).  Variables ``kernel`` and ``bias`` in the layer's
scope; the convolution op carries the class name (``conv2d/Conv2D``)."""

from slimcompat._compat import tf, tf2
from slimcompat._own_arguments import own_arguments
from slimcompat.v1_layers import _argcheck
from slimcompat.v1_layers import _forward
from slimcompat.v1_layers._base import Layer
from slimcompat.v1_layers._input_spec import InputSpec


class Conv(Layer):
  """N-D convolution with optional bias and activation (N = `rank`)."""

  def __init__(self, rank, filters, kernel_size, strides=1, padding='valid',
               data_format='channels_last', dilation_rate=1, activation=None,
               use_bias=True, kernel_initializer=None,
               bias_initializer=tf.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    arguments = own_arguments(locals())
    self.rank = rank
    if isinstance(filters, float):
      filters = int(filters)
    if filters is not None and filters <= 0:
      raise ValueError('Invalid value for argument `filters`: expected a '
                       'strictly positive number of output channels. '
                       'Received filters=%r.' % (filters,))
    self.filters = filters
    self.kernel_size = _argcheck.int_tuple(kernel_size, rank, 'kernel_size')
    if not all(self.kernel_size):
      raise ValueError('`kernel_size` cannot contain 0. Received: %r' %
                       (kernel_size,))
    self.strides = _argcheck.int_tuple(strides, rank, 'strides')
    if not all(self.strides):
      raise ValueError('`strides` cannot contain 0. Received: %r' % (strides,))
    self.padding = _argcheck.padding(padding, allow_causal=rank == 1)
    self.data_format = _argcheck.data_format(data_format)
    self.dilation_rate = _argcheck.int_tuple(dilation_rate, rank, 'dilation_rate')
    if max(self.strides) > 1 and max(self.dilation_rate) > 1:
      raise ValueError('`strides` > 1 is not supported together with '
                       '`dilation_rate` > 1 (strides=%r, dilation_rate=%r); '
                       'use one or the other.' % (self.strides,
                                                  self.dilation_rate))
    self.activation = _argcheck.activation(activation)
    self.use_bias = use_bias
    _argcheck.keep_weight_options(self, arguments, 'kernel', 'bias')
    super(Conv, self).__init__(trainable=trainable, name=name,
                                activity_regularizer=activity_regularizer,
                                **kwargs)
    self.input_spec = InputSpec(min_ndim=rank + 2)

  def _channels(self, input_shape):
    return _argcheck.require_known_channels(
        input_shape, _argcheck.channel_axis(self.data_format), type(self).__name__)

  def _kernel_shape(self, channels):
    return self.kernel_size + (channels, self.filters)

  def build(self, input_shape):
    channels = self._channels(input_shape)
    self.kernel = _argcheck.role_weight(self, 'kernel',
                                    self._kernel_shape(channels), 'kernel')
    self._built_for(channels, min_ndim=self.rank + 2)

  def _built_for(self, channels, **rank):
    """Ends `build`: the bias, then an input spec that holds `channels` on
    the channel axis (and `rank`: ``ndim=`` or ``min_ndim=``)."""
    self.bias = self._make_bias()
    self.input_spec = InputSpec(
        axes={_argcheck.channel_axis(self.data_format): channels}, **rank)
    self.built = True

  def _make_bias(self):
    if not self.use_bias:
      return None
    return _argcheck.role_weight(self, 'bias', (self.filters,), 'bias')

  def _causal_pad(self, inputs):
    left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
    if self.data_format == 'channels_last':
      return tf.pad(inputs, [[0, 0], [left, 0], [0, 0]])
    return tf.pad(inputs, [[0, 0], [0, 0], [left, 0]])

  def call(self, inputs):
    pad = self.padding
    if pad == 'causal':
      inputs, pad = self._causal_pad(inputs), 'valid'
    outputs = tf2.nn.convolution(
        inputs, self.kernel, strides=list(self.strides), padding=pad.upper(),
        dilations=list(self.dilation_rate),
        data_format=_argcheck.tf_format(self.data_format, self.rank),
        name=type(self).__name__)
    return self._finish(outputs)

  def _finish(self, outputs):
    if self.use_bias:
      if self.rank == 1 and self.data_format == 'channels_first':
        outputs += tf.reshape(self.bias, (1, self.filters, 1))
      else:
        outputs = tf.nn.bias_add(
            outputs, self.bias,
            data_format=_argcheck.tf_format(self.data_format, self.rank))
    if self.activation is not None:
      return self.activation(outputs)
    return outputs

  def compute_output_shape(self, input_shape):
    def length(i, size):
      return _argcheck.conv_length(size, self.kernel_size[i], self.padding,
                               self.strides[i], self.dilation_rate[i])
    return _argcheck.spatial_output_shape(input_shape, self.data_format,
                                      self.rank, length, self.filters)


class Conv1D(Conv):
  """1-D convolution (temporal); see `conv1d` for the arguments."""

  def __init__(self, filters, kernel_size, strides=1, padding='valid',
               data_format='channels_last', dilation_rate=1, activation=None,
               use_bias=True, kernel_initializer=None,
               bias_initializer=tf.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(1, **_forward.parent_arguments(own_arguments(locals())))


class Conv2D(Conv):
  """2-D convolution (spatial); see `conv2d` for the arguments."""

  def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid',
               data_format='channels_last', dilation_rate=(1, 1),
               activation=None, use_bias=True, kernel_initializer=None,
               bias_initializer=tf.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(2, **_forward.parent_arguments(own_arguments(locals())))


class Conv3D(Conv):
  """3-D convolution (volumes); see `conv3d` for the arguments."""

  def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding='valid',
               data_format='channels_last', dilation_rate=(1, 1, 1),
               activation=None, use_bias=True, kernel_initializer=None,
               bias_initializer=tf.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(3, **_forward.parent_arguments(own_arguments(locals())))


class _ConvTranspose(Conv):
  """Transposed convolution: the kernel maps `filters` to input channels."""

  def __init__(self, rank, filters, kernel_size, strides, padding,
               data_format, **kwargs):
    super(_ConvTranspose, self).__init__(
        rank, filters, kernel_size, strides=strides, padding=padding,
        data_format=data_format, **kwargs)
    self.input_spec = InputSpec(ndim=rank + 2)

  def _kernel_shape(self, channels):
    return self.kernel_size + (self.filters, channels)

  def build(self, input_shape):
    if tf2.TensorShape(input_shape).rank != self.rank + 2:
      raise ValueError('Inputs to %s should have rank %d; received input '
                       'shape %s' % (type(self).__name__, self.rank + 2,
                                     tf2.TensorShape(input_shape)))
    super(_ConvTranspose, self).build(input_shape)
    channels = self._channels(input_shape)
    self.input_spec = InputSpec(
        ndim=self.rank + 2,
        axes={_argcheck.channel_axis(self.data_format): channels})

  def call(self, inputs):
    last = self.data_format == 'channels_last'
    if not last and self.rank == 2:
      inputs = tf.transpose(inputs, (0, 2, 3, 1))
    static = inputs.shape.as_list()
    dynamic = tf.shape(inputs)
    space_axes = range(1, self.rank + 1) if (last or self.rank == 2) else (
        range(2, self.rank + 2))
    space = []
    for axis, kernel, stride in zip(space_axes, self.kernel_size,
                                    self.strides):
      size = static[axis] if static[axis] is not None else dynamic[axis]
      space.append(_argcheck.deconv_length(size, kernel, self.padding, stride))
    if last or self.rank == 2:
      shape = tf.stack([dynamic[0]] + space + [self.filters])
      strides = (1,) + self.strides + (1,)
      fmt = 'NHWC' if self.rank == 2 else 'NDHWC'
    else:
      shape = tf.stack([dynamic[0], self.filters] + space)
      strides = (1, 1) + self.strides
      fmt = 'NCDHW'
    if self.rank == 2:
      outputs = tf.nn.conv2d_transpose(inputs, self.kernel, shape, strides,
                                       padding=self.padding.upper(),
                                       data_format=fmt)
      if not last:
        outputs = tf.transpose(outputs, (0, 3, 1, 2))
    else:
      outputs = tf2.nn.conv3d_transpose(inputs, self.kernel, shape, strides,
                                        padding=self.padding.upper(),
                                        data_format=fmt)
    original = static if last or self.rank == 3 else None
    if original is not None:
      outputs.set_shape(self.compute_output_shape(original))
    else:
      nchw = [static[0], static[3], static[1], static[2]]
      outputs.set_shape(self.compute_output_shape(nchw))
    return self._finish(outputs)

  def compute_output_shape(self, input_shape):
    def length(i, size):
      return _argcheck.deconv_length(size, self.kernel_size[i], self.padding,
                                 self.strides[i])
    return _argcheck.spatial_output_shape(input_shape, self.data_format,
                                      self.rank, length, self.filters)


class Conv2DTranspose(_ConvTranspose):
  """2-D transposed convolution; see `conv2d_transpose` for the arguments."""

  def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid',
               data_format='channels_last', activation=None, use_bias=True,
               kernel_initializer=None,
               bias_initializer=tf.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(2, **_forward.parent_arguments(own_arguments(locals())))


class Conv3DTranspose(_ConvTranspose):
  """3-D transposed convolution; see `conv3d_transpose` for the arguments."""

  def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding='valid',
               data_format='channels_last', activation=None, use_bias=True,
               kernel_initializer=None,
               bias_initializer=tf.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    super().__init__(3, **_forward.parent_arguments(own_arguments(locals())))
