"""Transposed convolutions: conv2d_transpose and conv3d_transpose.

The `weights` kernel is ``kernel_size + [num_outputs, in_channels]`` (output
channels before input channels, as `tf.nn.conv2d_transpose` wants them); the
output's spatial size is ``input * stride`` with 'SAME' padding and
``input * stride + max(kernel - stride, 0)`` with 'VALID'.
"""

from slimcompat import _argcheck
from slimcompat._compat import tf
from slimcompat._own_arguments import own_arguments
from slimcompat.layers import _argcheck as _layer_argcheck
from slimcompat.layers import _layer_steps
from slimcompat.layers import _variables
from slimcompat.layers import initializers
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = ['conv2d_transpose', 'convolution2d_transpose',
           'conv3d_transpose', 'convolution3d_transpose']

# data formats by spatial dimensions: (channels last, channels first).
_FORMATS = {2: (_layer_argcheck.DATA_FORMAT_NHWC, _layer_argcheck.DATA_FORMAT_NCHW),
            3: (_layer_argcheck.DATA_FORMAT_NDHWC, _layer_argcheck.DATA_FORMAT_NCDHW)}


_NAMES = {2: 'conv2d_transpose', 3: 'conv3d_transpose'}


def _check(shape, dims, kernel_size, stride, padding, data_format):
  """Checks the arguments; returns (kernel_size, strides, padding, channels).

  Raises:
    ValueError: for a bad rank, kernel_size, stride or padding, or an unknown
      channel count.
    AttributeError: if `padding` is not a string (TypeError for a list or
      tuple).
  """
  kernel_size = _layer_argcheck.positive_int_tuple(kernel_size, dims,
                                              'kernel_size')
  strides = _layer_argcheck.positive_int_tuple(stride, dims, 'stride')
  padding = _layer_argcheck.conv_padding(padding)
  if padding == 'CAUSAL':
    raise ValueError("Causal padding is only supported for 1-D convolutions; "
                     "use 'SAME' or 'VALID'.")
  if shape.rank != dims + 2:
    raise ValueError('Inputs should have rank %d, got shape %s.' %
                     (dims + 2, shape))
  channel_axis = 1 if data_format.startswith('NC') else -1
  channels = tf.dimension_value(shape[channel_axis])
  if channels is None:
    raise ValueError('The channel dimension of the inputs should be defined. '
                     'Found `None` in shape %s.' % shape)
  return kernel_size, strides, padding, int(channels)


def _transposed_convolution(dims, default_scope, inputs, *, num_outputs,
                            kernel_size, stride, padding, data_format,
                            activation_fn, normalizer_fn, normalizer_params,
                            weights_initializer, weights_regularizer,
                            biases_initializer, biases_regularizer, reuse,
                            variables_collections, outputs_collections,
                            trainable, scope):
  """The body of conv2d_transpose (dims=2) and conv3d_transpose (dims=3)."""
  if data_format not in _FORMATS[dims]:
    raise ValueError('data_format has to be either %s or %s.' %
                     tuple(reversed(_FORMATS[dims])))
  # A Dimension or a 0-d integer array, as a Python int.
  num_outputs = _argcheck.output_channels(_NAMES[dims], num_outputs)
  arguments = (dims, kernel_size, stride, padding, data_format)
  known_shape = _layer_argcheck.static_shape(inputs)
  probes = {}
  if known_shape is not None:
    kernel, _, _, channels = _check(known_shape, *arguments)
    weights_shape = list(kernel) + [num_outputs, channels]
    biases_shape = ([[num_outputs]] if not normalizer_fn and biases_initializer
                    else [])
    probes = dict(shapes=dict(weights_initializer=[weights_shape],
                              weights_regularizer=[weights_shape],
                              biases_initializer=biases_shape,
                              biases_regularizer=biases_shape),
                  dtype=_layer_argcheck.static_dtype(inputs))
  checked = _argcheck.layer_arguments(
      _NAMES[dims], dict(weights_initializer=weights_initializer,
                         biases_initializer=biases_initializer),
      dict(weights_regularizer=weights_regularizer,
           biases_regularizer=biases_regularizer),
      activation_fn, normalizer_fn, normalizer_params, variables_collections,
      outputs_collections, **probes)
  (weights_initializer, biases_initializer, weights_regularizer,
   biases_regularizer) = checked.weights_and_biases()
  _argcheck.reused_variable_exists(_NAMES[dims], scope, reuse, 'weights')
  with tf.variable_scope(scope, default_scope, [inputs], reuse=reuse) as sc:
    inputs = tf.convert_to_tensor(inputs)
    kernel_size, strides, padding, channels = _check(inputs.shape, *arguments)
    _layer_steps.reserve_layer_name(sc)
    dtype = inputs.dtype.base_dtype
    parameters = _variables.CoreLayerParameters(dtype, trainable,
                                                variables_collections)
    weights = parameters.weights(
        'weights', 'kernel', kernel_size + (num_outputs, channels),
        initializer=weights_initializer, regularizer=weights_regularizer)
    biases = parameters.biases(num_outputs, normalizer_fn,
                               initializer=biases_initializer,
                               regularizer=biases_regularizer)
    channels_first = data_format.startswith('NC')
    spatial_axes = list(range(2, dims + 2) if channels_first else
                        range(1, dims + 1))
    dynamic_shape = tf.shape(inputs)
    batch_size = dynamic_shape[0]
    # Like tf-slim, conv2d_transpose uses the static sizes where they are
    # known; conv3d_transpose always computes from the dynamic shape.
    in_sizes = [tf.dimension_value(inputs.shape[axis]) if dims == 2 else None
                for axis in spatial_axes]
    in_sizes = [dynamic_shape[axis] if size is None else size
                for axis, size in zip(spatial_axes, in_sizes)]
    sizes = [batch_size] + [
        _layer_steps.deconv_output_length(size, k, padding, s)
        for size, k, s in zip(in_sizes, kernel_size, strides)]
    if channels_first:
      sizes.insert(1, num_outputs)
    else:
      sizes.append(num_outputs)
    output_shape = tf.stack(sizes)
    full_strides = ((1, 1) + strides) if channels_first else (
        (1,) + strides + (1,))
    if dims == 2:
      # tf-slim slices the batch size out of the shape once more here; the
      # unused slice keeps the op names of the two graphs the same.
      output_shape[0]
      outputs = tf.nn.conv2d_transpose(inputs, weights, output_shape,
                                       full_strides, padding=padding,
                                       data_format=data_format)
    else:
      outputs = tf.nn.conv3d_transpose(inputs, weights, output_shape,
                                       full_strides, padding=padding,
                                       data_format=data_format)
    outputs.set_shape(_static_output_shape(inputs.shape, spatial_axes,
                                           channels_first, kernel_size,
                                           strides, padding, num_outputs))
    if biases is not None:
      outputs = tf.nn.bias_add(
          outputs, biases, data_format='NCHW' if channels_first else 'NHWC')
    outputs = _layer_steps.apply_normalizer(outputs, normalizer_fn,
                                            normalizer_params)
    return _layer_steps.activate_and_collect(outputs, sc, activation_fn,
                                             outputs_collections)


def _static_output_shape(shape, spatial_axes, channels_first, kernel_size,
                         strides, padding, num_outputs):
  dims = shape.as_list()
  for axis, k, s in zip(spatial_axes, kernel_size, strides):
    dims[axis] = _layer_steps.deconv_output_length(dims[axis], k, padding, s)
  dims[1 if channels_first else -1] = num_outputs
  return dims


@add_arg_scope
def convolution2d_transpose(
    inputs,
    num_outputs,
    kernel_size,
    stride=1,
    padding='SAME',
    data_format=_layer_argcheck.DATA_FORMAT_NHWC,
    activation_fn=tf.nn.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=initializers.xavier_initializer(),
    weights_regularizer=None,
    biases_initializer=tf.zeros_initializer(),
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None):
  """A 2-D transposed convolution ("deconvolution"), then a normalizer or
  biases, then an activation.

  Args:
    inputs: a 4-D tensor, ``[batch, height, width, channels]`` for 'NHWC' or
      ``[batch, channels, height, width]`` for 'NCHW'.
    num_outputs: number of output channels.
    kernel_size: ``[kernel_h, kernel_w]``, or one int for both.
    stride: ``[stride_h, stride_w]``, or one int for both.
    padding: 'SAME' or 'VALID' (any case).
    data_format: 'NHWC' or 'NCHW'.
    activation_fn: applied last; None for a linear layer.
    normalizer_fn: applied instead of adding biases, e.g. `batch_norm`.
    normalizer_params: keyword arguments of `normalizer_fn`.
    weights_initializer: initializer of `weights`.
    weights_regularizer: optional regularizer of `weights`.
    biases_initializer: initializer of `biases`; None for no biases.
    biases_regularizer: optional regularizer of `biases`.
    reuse: whether to reuse the variables of `scope`.
    variables_collections: extra collections of the variables: a list, or a
      dict with keys 'weights' and 'biases'.
    outputs_collections: collections the output is added to.
    trainable: whether the variables join TRAINABLE_VARIABLES.
    scope: the variable scope; 'Conv2d_transpose' (made unique) by default.

  Returns:
    The output tensor.

  Raises:
    ValueError: for a bad `data_format`, kernel_size, stride or padding, an
      input that is not 4-D, or an unknown channel count.
  """
  return _transposed_convolution(2, 'Conv2d_transpose',
                                 **own_arguments(locals()))


@add_arg_scope
def convolution3d_transpose(
    inputs,
    num_outputs,
    kernel_size,
    stride=1,
    padding='SAME',
    data_format=_layer_argcheck.DATA_FORMAT_NDHWC,
    activation_fn=tf.nn.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=initializers.xavier_initializer(),
    weights_regularizer=None,
    biases_initializer=tf.zeros_initializer(),
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None):
  """A 3-D transposed convolution, then a normalizer or biases, then an
  activation.

  Arguments, result and errors as in `convolution2d_transpose`, one
  dimension up: `inputs` is 5-D (``[batch, depth, height, width, channels]``
  for 'NDHWC', channels second for 'NCDHW'), `kernel_size` and `stride` take
  three ints (or one for all) and the default scope is 'Conv3d_transpose'.
  """
  return _transposed_convolution(3, 'Conv3d_transpose',
                                 **own_arguments(locals()))


conv2d_transpose = convolution2d_transpose
conv3d_transpose = convolution3d_transpose
