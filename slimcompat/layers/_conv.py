"""Convolutions: convolution, conv1d/2d/3d and conv2d_in_plane.

`convolution` picks 1-, 2- or 3-D from the input rank and creates a `weights`
kernel ``kernel_size + [in_channels, num_outputs]`` and, unless a normalizer
replaces them, `biases` ``[num_outputs]``.  Ops and variables are named as
tf-slim names them: ``Conv/weights``, ``Conv/Conv2D``, ``Conv/BiasAdd``,
``Conv/Relu``.
"""

import collections

from slimcompat import _argcheck
from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat._own_arguments import own_arguments
from slimcompat.layers import _argcheck as _layer_argcheck
from slimcompat.layers import _dry_run
from slimcompat.layers import _layer_steps
from slimcompat.layers import _variables
from slimcompat.layers import initializers
from slimcompat.layers import utils
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = ['convolution', 'convolution1d', 'convolution2d', 'convolution3d',
           'conv1d', 'conv2d', 'conv3d', 'conv2d_in_plane',
           'convolution2d_in_plane']

_DATA_FORMATS = (None, 'NWC', 'NCW', 'NHWC', 'NCHW', 'NDHWC', 'NCDHW')
# The name tf-slim's layers give the convolution op, by spatial dimensions.
_CONV_OP_NAMES = {1: 'conv1d', 2: 'Conv2D', 3: 'Conv3D'}
_CHANNELS_LAST = {1: 'NWC', 2: 'NHWC', 3: 'NDHWC'}
_CHANNELS_FIRST = {1: 'NCW', 2: 'NCHW', 3: 'NCDHW'}

_Geometry = collections.namedtuple(
    '_Geometry', 'dims channels_first in_channels kernel_size strides rate '
    'padding tf_format')


def _geometry(shape, *, conv_dims, num_outputs, kernel_size, stride, padding,
              data_format, rate):
  """Checks a convolution's input shape and arguments and describes it.

  Raises:
    ValueError: for a rank other than `conv_dims` + 2 (or 3 to 5), a bad
      kernel_size / stride / rate / padding, an unknown channel count, or
      stride and rate both above 1.
    AttributeError: if `padding` is not a string (TypeError for a list or
      tuple).
  """
  rank = shape.rank
  if rank is None:
    # parity: with conv_dims given, tf-slim fails with a TypeError while
    # formatting its ValueError message.
    raise (ValueError if conv_dims is None else _argcheck.ValueAndTypeError)(
        'Convolution needs inputs of known rank (3, 4 or 5), got shape %s; '
        'give the inputs a static shape (e.g. with set_shape).' % shape)
  if conv_dims is not None and conv_dims + 2 != rank:
    raise ValueError('Convolution expects input with rank %d, got %s' %
                     (conv_dims + 2, rank))
  if rank not in (3, 4, 5):
    raise ValueError('Convolution not supported for input with rank %s: '
                     'pass a rank 3, 4 or 5 input (batch, spatial dims, '
                     'channels).' % (rank,))
  dims = rank - 2
  _argcheck.output_channels(_PUBLIC_NAMES.get(conv_dims, 'convolution'),
                            num_outputs)
  kernel_size = _layer_argcheck.positive_int_tuple(kernel_size, dims,
                                              'kernel_size')
  strides = _layer_argcheck.positive_int_tuple(stride, dims, 'stride')
  rate = _layer_argcheck.positive_int_tuple(rate, dims, 'rate')
  padding = _layer_argcheck.conv_padding(padding)
  if padding == 'CAUSAL' and dims != 1:
    raise ValueError("Causal padding is only supported for 1-D convolutions; "
                     "use 'SAME' or 'VALID'.")
  if any(s != 1 for s in strides) and any(r != 1 for r in rate):
    raise ValueError('stride %s and rate %s are both above 1 in some '
                     'dimension; a dilated (atrous) convolution needs stride 1.'
                     % (strides, rate))
  channels_first = bool(data_format) and data_format.startswith('NC')
  in_channels = tf.dimension_value(shape[1 if channels_first else -1])
  if in_channels is None:
    raise ValueError('The channel dimension of the inputs should be defined. '
                     'Found `None` in shape %s.' % shape)
  if in_channels == 0:
    raise ValueError('The inputs have 0 channels (shape %s): a convolution '
                     'needs at least one input channel.' % shape)
  _layer_argcheck.window_fits(_PUBLIC_NAMES.get(conv_dims, 'convolution'), shape,
                         channels_first, kernel_size, padding, rate)
  tf_format = (_CHANNELS_FIRST if channels_first else _CHANNELS_LAST)[dims]
  return _Geometry(dims, channels_first, int(in_channels), kernel_size,
                   strides, rate, padding, tf_format)


# The public name of `convolution` with `conv_dims` fixed, for messages.
_PUBLIC_NAMES = {None: 'convolution', 1: 'conv1d', 2: 'conv2d', 3: 'conv3d'}


def _probe_shapes(geo, num_outputs, normalizer_fn, biases_initializer,
                  inputs):
  """The variable shapes `_argcheck.layer_arguments` probes with."""
  if geo is None:
    return {}
  num_outputs = int(num_outputs)  # checked by `_geometry`: maybe a Dimension
  weights = list(geo.kernel_size) + [geo.in_channels, num_outputs]
  biases = [[num_outputs]] if not normalizer_fn and biases_initializer else []
  return dict(shapes=dict(weights_initializer=[weights],
                          weights_regularizer=[weights],
                          biases_initializer=biases,
                          biases_regularizer=biases),
              dtype=_layer_argcheck.static_dtype(inputs))


def _output_shape(shape, geo, num_outputs):
  """The static output shape, as tf-slim's layer classes set it."""
  dims = shape.as_list()
  spatial = dims[2:] if geo.channels_first else dims[1:-1]
  padding = 'SAME' if geo.padding == 'CAUSAL' else geo.padding
  spatial = [_layer_steps.conv_output_length(length, k, padding, s, r)
             for length, k, s, r in zip(spatial, geo.kernel_size, geo.strides,
                                        geo.rate)]
  if geo.channels_first:
    return [dims[0], num_outputs] + spatial
  return [dims[0]] + spatial + [num_outputs]


@add_arg_scope
def convolution(inputs,
                num_outputs,
                kernel_size,
                stride=1,
                padding='SAME',
                data_format=None,
                rate=1,
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
                scope=None,
                conv_dims=None):
  """An N-D convolution (N = 1, 2 or 3), then a normalizer or biases, then an
  activation.

  Args:
    inputs: a tensor of rank N + 2, ``[batch] + spatial + [channels]``, or
      ``[batch, channels] + spatial`` if `data_format` starts with 'NC'.
    num_outputs: number of output channels (filters).
    kernel_size: N positive ints, or one for all spatial dimensions.
    stride: N positive ints, or one; must be 1 where `rate` is above 1.
    padding: 'SAME' or 'VALID' (any case; 'CAUSAL' for N = 1).
    data_format: None, 'NWC', 'NCW', 'NHWC', 'NCHW', 'NDHWC' or 'NCDHW'; only
      whether it starts with 'NC' matters.
    rate: N positive dilation rates, or one (atrous convolution).
    activation_fn: applied last; None for a linear layer.
    normalizer_fn: applied to the convolution instead of adding biases, e.g.
      `batch_norm`.
    normalizer_params: keyword arguments of `normalizer_fn`.
    weights_initializer: initializer of `weights`.
    weights_regularizer: optional regularizer of `weights`.
    biases_initializer: initializer of `biases`; None for no biases.
    biases_regularizer: optional regularizer of `biases`.
    reuse: whether to reuse the variables of `scope`.
    variables_collections: extra collections of the variables: a list, or a
      dict with keys 'weights' and 'biases'.
    outputs_collections: collections the output is added to, aliased by the
      scope name.
    trainable: whether the variables join TRAINABLE_VARIABLES.
    scope: the variable scope; 'Conv' (made unique) by default.
    conv_dims: if given, N must equal it.

  Returns:
    The output tensor.

  Raises:
    ValueError: for an unknown `data_format`, an input rank other than
      `conv_dims` + 2 or outside 3..5, an unknown channel count, or stride
      and rate both above 1.
  """
  if data_format not in _DATA_FORMATS:
    raise ValueError('Invalid data_format: %r; use one of %s.' %
                     (data_format, ', '.join(str(f) for f in _DATA_FORMATS)))
  arguments = dict(conv_dims=conv_dims, num_outputs=num_outputs,
                   kernel_size=kernel_size, stride=stride, padding=padding,
                   data_format=data_format, rate=rate)
  known_shape = _layer_argcheck.static_shape(inputs)
  geo = None
  if known_shape is not None:
    geo = _geometry(known_shape, **arguments)
  name = _PUBLIC_NAMES[conv_dims]
  checked = _argcheck.layer_arguments(
      name, dict(weights_initializer=weights_initializer,
                 biases_initializer=biases_initializer),
      dict(weights_regularizer=weights_regularizer,
           biases_regularizer=biases_regularizer),
      activation_fn, normalizer_fn, normalizer_params, variables_collections,
      outputs_collections, **_probe_shapes(geo, num_outputs, normalizer_fn,
                                           biases_initializer, inputs))
  (weights_initializer, biases_initializer, weights_regularizer,
   biases_regularizer) = checked.weights_and_biases()
  if _dry_run.active():
    # Before the reuse check: in a dry run the enclosing scope is not open.
    return _dry_run.output(
        lambda: _output_shape(known_shape, geo, int(num_outputs)),
        _layer_argcheck.static_dtype(inputs), activation_fn, normalizer_fn)
  _argcheck.reused_variable_exists(name, scope, reuse, 'weights')
  with tf.variable_scope(scope, 'Conv', [inputs], reuse=reuse) as sc:
    inputs = tf.convert_to_tensor(inputs)
    geo = _geometry(inputs.shape, **arguments)
    num_outputs = int(num_outputs)
    _layer_steps.reserve_layer_name(sc)
    parameters = _variables.CoreLayerParameters(
        inputs.dtype.base_dtype, trainable, variables_collections)
    weights = parameters.weights(
        'weights', 'kernel', geo.kernel_size + (geo.in_channels, num_outputs),
        initializer=weights_initializer, regularizer=weights_regularizer)
    biases = parameters.biases(num_outputs, normalizer_fn,
                               initializer=biases_initializer,
                               regularizer=biases_regularizer)
    outputs = inputs
    padding = geo.padding
    if padding == 'CAUSAL':
      # Pad the start of the time axis only, so no output sees the future.
      left = geo.rate[0] * (geo.kernel_size[0] - 1)
      time_paddings = [[0, 0], [0, 0], [left, 0]] if geo.channels_first else [
          [0, 0], [left, 0], [0, 0]]
      outputs = tf.pad(outputs, time_paddings)
      padding = 'VALID'
    outputs = tf2.nn.convolution(outputs, weights, strides=list(geo.strides),
                                 padding=padding, data_format=geo.tf_format,
                                 dilations=list(geo.rate),
                                 name=_CONV_OP_NAMES[geo.dims])
    if biases is not None:
      if geo.dims == 1 and geo.channels_first:
        # bias_add does not take rank-3 channels-first tensors.
        outputs += tf.reshape(biases, (1, num_outputs, 1))
      else:
        outputs = tf.nn.bias_add(outputs, biases, data_format=geo.tf_format)
    outputs.set_shape(_output_shape(inputs.shape, geo, num_outputs))
    outputs = _layer_steps.apply_normalizer(outputs, normalizer_fn,
                                            normalizer_params)
    return _layer_steps.activate_and_collect(outputs, sc, activation_fn,
                                             outputs_collections)


def _convolution_nd(arguments, conv_dims):
  """Calls `convolution` with a fixed-rank layer's own arguments.

  Every argument goes by position, defaults included, so an arg_scope on
  `convolution` cannot change convolution1d/2d/3d (one that sets an argument
  collides with it: TypeError), as in tf-slim.  `arguments` is the layer's
  `locals()` on entry, whose order is its parameter order.
  """
  return convolution(*arguments.values(), conv_dims=conv_dims)


@add_arg_scope
def convolution1d(inputs,
                  num_outputs,
                  kernel_size,
                  stride=1,
                  padding='SAME',
                  data_format=None,
                  rate=1,
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
  """`convolution` with `conv_dims=1`, for sequences (same arguments)."""
  return _convolution_nd(own_arguments(locals()), conv_dims=1)


@add_arg_scope
def convolution2d(inputs,
                  num_outputs,
                  kernel_size,
                  stride=1,
                  padding='SAME',
                  data_format=None,
                  rate=1,
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
  """`convolution` with `conv_dims=2`, for images (same arguments)."""
  return _convolution_nd(own_arguments(locals()), conv_dims=2)


@add_arg_scope
def convolution3d(inputs,
                  num_outputs,
                  kernel_size,
                  stride=1,
                  padding='SAME',
                  data_format=None,
                  rate=1,
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
  """`convolution` with `conv_dims=3`, for volumes (same arguments)."""
  return _convolution_nd(own_arguments(locals()), conv_dims=3)


def _in_plane_geometry(shape, kernel_size, stride, padding):
  _layer_argcheck.check_op_padding(padding)
  kernel = utils.two_element_tuple(kernel_size)
  strides = utils.two_element_tuple(stride)
  channels = utils.last_dimension(shape, min_rank=4)
  return kernel, strides, channels


@add_arg_scope
def convolution2d_in_plane(
    inputs,
    kernel_size,
    stride=1,
    padding='SAME',
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
  """Convolves every channel with the same single-channel 2-D kernel.

  Useful for channel-wise filters such as image gradients: with
  ``kernel_size=[1, 2]`` and weights ``[1, -1]`` it computes horizontal
  differences of each channel.  `weights` has shape
  ``[kernel_h, kernel_w, 1, 1]``; `biases` (one per channel) are added unless
  a normalizer is given.

  Args:
    inputs: a ``[batch, height, width, channels]`` tensor.
    kernel_size: ``[kernel_h, kernel_w]``, or one int for both.
    stride: ``[stride_h, stride_w]``, or one int for both.
    padding: 'SAME' or 'VALID'.
    activation_fn: applied last; None for a linear layer.
    normalizer_fn: applied instead of adding biases.
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
    scope: the variable scope; 'ConvInPlane' (made unique) by default.

  Returns:
    The output tensor.

  Raises:
    ValueError: for a bad kernel_size, stride or padding, a rank below 4 or an
      unknown channel count.
    TypeError: for a padding that is neither a string nor a list.
  """
  known_shape = _layer_argcheck.static_shape(inputs)
  if known_shape is not None:
    _in_plane_geometry(known_shape, kernel_size, stride, padding)
  with tf.variable_scope(scope, 'ConvInPlane', [inputs], reuse=reuse) as sc:
    if not isinstance(inputs, (tf2.Tensor, tf2.Variable)):
      inputs = tf.convert_to_tensor(inputs)
    (kernel_h, kernel_w), (stride_h, stride_w), channels = _in_plane_geometry(
        inputs.get_shape(), kernel_size, stride, padding)
    weights = _variables.given_model_variable(
        'weights', shape=[kernel_h, kernel_w, 1, 1],
        dtype=inputs.dtype.base_dtype, initializer=weights_initializer,
        regularizer=weights_regularizer, trainable=trainable,
        variables_collections=variables_collections)
    depthwise_weights = tf.tile(weights, [1, 1, channels, 1])
    outputs = tf.nn.depthwise_conv2d(inputs, depthwise_weights,
                                     [1, stride_h, stride_w, 1], padding)
    outputs = _layer_steps.normalize_or_add_biases(
        outputs, num_outputs=channels, normalizer_fn=normalizer_fn,
        normalizer_params=normalizer_params,
        biases_initializer=biases_initializer,
        biases_regularizer=biases_regularizer, trainable=trainable,
        variables_collections=variables_collections)
    return _layer_steps.activate_and_collect(outputs, sc, activation_fn,
                                             outputs_collections)


for _layer in (convolution, convolution1d, convolution2d, convolution3d):
  _dry_run.register(_layer)
del _layer

conv1d = convolution1d
conv2d = convolution2d
conv3d = convolution3d
conv2d_in_plane = convolution2d_in_plane
