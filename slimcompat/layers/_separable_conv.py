"""Depthwise-separable convolution: separable_conv2d.

A depthwise convolution filters each input channel on its own with
`depth_multiplier` kernels (`depthwise_weights`,
``kernel_size + [in_channels, depth_multiplier]``); unless `num_outputs` is
None, a 1x1 pointwise convolution (`pointwise_weights`,
``[1, 1, in_channels * depth_multiplier, num_outputs]``) then mixes the
channels.
"""

import collections
import numbers

import numpy as np

from slimcompat import _argcheck
from slimcompat._compat import tf
from slimcompat.layers import _argcheck as _layer_argcheck
from slimcompat.layers import _layer_steps
from slimcompat.layers import _variables
from slimcompat.layers import initializers
from slimcompat.layers import utils
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = ['separable_conv2d', 'separable_convolution2d']

_Geometry = collections.namedtuple(
    '_Geometry', 'kernel_size strides rate padding channels')


def _geometry(shape, separable, kernel_size, stride, padding, data_format,
              rate):
  """Checks the arguments and the input shape.

  `separable` selects the checks of the depthwise + pointwise path (padding
  in any case); the depthwise-only path passes `padding` to TensorFlow as
  given.

  Raises:
    ValueError: for a bad kernel_size, stride, rate or padding, an input rank
      other than 4, or an unknown channel count.
    AttributeError, TypeError: for a padding of another type (as each path
      of tf-slim raises).
  """
  if separable:
    # The reference's layer class takes any sequence of two, a NumPy array
    # too; its depthwise-only path takes what `two_element_tuple` takes.
    kernel_size, stride, rate = (
        list(v) if isinstance(v, np.ndarray) and v.ndim == 1 else v
        for v in (kernel_size, stride, rate))
  kernel_size = utils.two_element_tuple(kernel_size)
  strides = utils.two_element_tuple(stride)
  rate = utils.two_element_tuple(rate)
  if separable:
    kernel_size = _positive(kernel_size, 'kernel_size')
    strides = _positive(strides, 'stride')
    rate = _positive(rate, 'rate')
    padding = _layer_argcheck.normalize_padding(padding)
    if padding == 'CAUSAL':
      raise ValueError("Causal padding is only supported for 1-D "
                       "convolutions; use 'SAME' or 'VALID'.")
  else:
    _layer_argcheck.check_op_padding(padding)
    if any(int(k) == 0 for k in kernel_size):
      # parity: tf-slim's initializer divides by the kernel's size.
      raise _argcheck.ValueAndZeroDivisionError(
          'separable_conv2d: kernel_size=%r has a 0: expected positive ints. '
          'Pass e.g. kernel_size=3.' % (kernel_size,))
    kernel_size = _positive(kernel_size, 'kernel_size')
    rate = _positive(rate, 'rate')
  if shape.rank is not None and shape.rank != 4:
    raise ValueError('separable_conv2d expects a 4-D input, got shape %s.' %
                     shape)
  channels = utils.channel_dimension(
      shape, 'channels_first' if data_format.startswith('NC') else
      'channels_last', min_rank=4)
  if separable and channels == 0:
    raise ValueError('The inputs have 0 channels (shape %s): a convolution '
                     'needs at least one input channel.' % shape)
  if shape.rank is not None:
    _layer_argcheck.window_fits('separable_conv2d', shape,
                           data_format.startswith('NC'), kernel_size, padding,
                           rate)
  return _Geometry(kernel_size, strides, rate, padding, int(channels))


def _check_depth_multiplier(depth_multiplier):
  """Returns `depth_multiplier`, a Dimension or 0-d array as an int."""
  depth_multiplier = _argcheck.as_size(depth_multiplier)
  expected = 'a positive int (channels made per input channel)'
  fix = 'Pass e.g. depth_multiplier=1.'
  if (depth_multiplier is None or isinstance(depth_multiplier, (bool, str))
      or not isinstance(depth_multiplier, numbers.Real)):
    # parity: tf-slim raises TypeError or ValueError, by path.
    raise _argcheck.error(_argcheck.ValueAndTypeError, 'separable_conv2d',
                          'depth_multiplier', depth_multiplier, expected, fix)
  if depth_multiplier < 1:
    raise _argcheck.error(ValueError, 'separable_conv2d', 'depth_multiplier',
                          depth_multiplier, expected, fix)
  return depth_multiplier


def _probe_shapes(geo, num_outputs, depth_multiplier, normalizer_fn,
                  biases_initializer, inputs):
  """The variable shapes `_argcheck.layer_arguments` probes with."""
  depthwise = list(geo.kernel_size) + [geo.channels, depth_multiplier]
  if num_outputs is None:
    weights, pointwise = [depthwise], []
    biases_size = depth_multiplier * geo.channels
  else:
    pointwise = [[1, 1, depth_multiplier * geo.channels, num_outputs]]
    weights, biases_size = [depthwise] + pointwise, num_outputs
  biases = [[biases_size]] if not normalizer_fn and biases_initializer else []
  return dict(shapes=dict(weights_initializer=[depthwise],
                          pointwise_initializer=pointwise,
                          weights_regularizer=weights,
                          biases_initializer=biases,
                          biases_regularizer=biases),
              dtype=_layer_argcheck.static_dtype(inputs))


def _positive(pair, name):
  if not all(int(v) > 0 for v in pair):
    raise ValueError('`%s` must hold positive integers, got %s.' %
                     (name, pair))
  return tuple(int(v) for v in pair)


@add_arg_scope
def separable_convolution2d(
    inputs,
    num_outputs,
    kernel_size,
    depth_multiplier=1,
    stride=1,
    padding='SAME',
    data_format=_layer_argcheck.DATA_FORMAT_NHWC,
    rate=1,
    activation_fn=tf.nn.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=initializers.xavier_initializer(),
    pointwise_initializer=None,
    weights_regularizer=None,
    biases_initializer=tf.zeros_initializer(),
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None):
  """A depthwise-separable 2-D convolution, then a normalizer or biases, then
  an activation.

  Args:
    inputs: a 4-D tensor, 'NHWC' or 'NCHW' as `data_format` says.
    num_outputs: channels of the pointwise convolution; None to skip it (the
      output then has ``in_channels * depth_multiplier`` channels).
    kernel_size: ``[kernel_h, kernel_w]`` of the depthwise kernels, or one int.
    depth_multiplier: depthwise output channels per input channel.
    stride: ``[stride_h, stride_w]`` of the depthwise convolution, or one int.
    padding: 'SAME' or 'VALID'.
    data_format: 'NHWC' or 'NCHW'.
    rate: ``[rate_h, rate_w]`` dilation of the depthwise convolution, or one
      int.  (With a stride above 1 too, TensorFlow's separable convolution
      applies the stride after the dilated convolution.)
    activation_fn: applied last; None for a linear layer.
    normalizer_fn: applied instead of adding biases, e.g. `batch_norm`.
    normalizer_params: keyword arguments of `normalizer_fn`.
    weights_initializer: initializer of `depthwise_weights` (and of
      `pointwise_weights` when `pointwise_initializer` is None).
    pointwise_initializer: initializer of `pointwise_weights`.
    weights_regularizer: optional regularizer of both weights.
    biases_initializer: initializer of `biases`; None for no biases.
    biases_regularizer: optional regularizer of `biases`.
    reuse: whether to reuse the variables of `scope`.
    variables_collections: extra collections of the variables: a list, or a
      dict with keys 'weights' and 'biases'.
    outputs_collections: collections the output is added to.
    trainable: whether the variables join TRAINABLE_VARIABLES.
    scope: the variable scope; 'SeparableConv2d' (made unique) by default.

  Returns:
    The output tensor.

  Raises:
    ValueError: for a bad `data_format`, kernel_size, stride, rate or
      padding, an input that is not 4-D, or an unknown channel count.
  """
  if data_format not in (_layer_argcheck.DATA_FORMAT_NCHW,
                         _layer_argcheck.DATA_FORMAT_NHWC):
    raise ValueError('data_format has to be either NCHW or NHWC.')
  arguments = (num_outputs is not None, kernel_size, stride, padding,
               data_format, rate)
  separable = num_outputs is not None
  if separable:
    # A Dimension or a 0-d integer array, as a Python int.
    num_outputs = _argcheck.output_channels('separable_conv2d', num_outputs)
  depth_multiplier = _check_depth_multiplier(depth_multiplier)
  known_shape = _layer_argcheck.static_shape(inputs)
  probes = {}
  if known_shape is not None:
    if separable and known_shape.rank is None:
      # parity: tf-slim's layer class fails with a TypeError on unknown rank.
      raise _argcheck.ValueAndTypeError(
          'separable_conv2d needs a 4-D input of known rank, got shape %s; '
          'give the inputs a static shape (e.g. with set_shape).' %
          known_shape)
    geo = _geometry(known_shape, *arguments)
    probes = _probe_shapes(geo, num_outputs, depth_multiplier, normalizer_fn,
                           biases_initializer, inputs)
  initializers = dict(weights_initializer=weights_initializer,
                      biases_initializer=biases_initializer)
  if separable:
    initializers['pointwise_initializer'] = pointwise_initializer
  checked = _argcheck.layer_arguments(
      'separable_conv2d', initializers,
      dict(weights_regularizer=weights_regularizer,
           biases_regularizer=biases_regularizer),
      activation_fn, normalizer_fn, normalizer_params, variables_collections,
      outputs_collections, resolve=separable, **probes)
  (weights_initializer, biases_initializer, weights_regularizer,
   biases_regularizer) = checked.weights_and_biases()
  pointwise_initializer = checked.initializers.get('pointwise_initializer')
  _argcheck.reused_variable_exists('separable_conv2d', scope, reuse,
                                   'depthwise_weights')
  with tf.variable_scope(scope, 'SeparableConv2d', [inputs],
                         reuse=reuse) as sc:
    inputs = tf.convert_to_tensor(inputs)
    geo = _geometry(inputs.shape, *arguments)
    if pointwise_initializer is None:
      pointwise_initializer = weights_initializer
    dtype = inputs.dtype.base_dtype
    if data_format.startswith('NC'):
      strides = (1, 1) + geo.strides
    else:
      strides = (1,) + geo.strides + (1,)
    depthwise_shape = geo.kernel_size + (geo.channels, depth_multiplier)
    if num_outputs is not None:
      num_outputs = int(num_outputs)
      _layer_steps.reserve_layer_name(sc)
      parameters = _variables.CoreLayerParameters(dtype, trainable,
                                                  variables_collections)
      depthwise_weights = parameters.weights(
          'depthwise_weights', 'depthwise_kernel', depthwise_shape,
          initializer=weights_initializer, regularizer=weights_regularizer)
      pointwise_weights = parameters.weights(
          'pointwise_weights', 'pointwise_kernel',
          (1, 1, depth_multiplier * geo.channels, num_outputs),
          initializer=pointwise_initializer, regularizer=weights_regularizer)
      biases = parameters.biases(num_outputs, normalizer_fn,
                                 initializer=biases_initializer,
                                 regularizer=biases_regularizer)
      outputs = tf.nn.separable_conv2d(inputs, depthwise_weights,
                                       pointwise_weights, strides=strides,
                                       padding=geo.padding, rate=geo.rate,
                                       data_format=data_format)
      if biases is not None:
        outputs = tf.nn.bias_add(outputs, biases, data_format=data_format)
      outputs = _layer_steps.apply_normalizer(outputs, normalizer_fn,
                                              normalizer_params)
    else:
      depthwise_weights = _variables.given_model_variable(
          'depthwise_weights', shape=list(depthwise_shape), dtype=dtype,
          initializer=weights_initializer, regularizer=weights_regularizer,
          trainable=trainable, variables_collections=variables_collections,
          collections_key='weights')
      outputs = tf.nn.depthwise_conv2d(inputs, depthwise_weights, strides,
                                       geo.padding, rate=geo.rate,
                                       data_format=data_format)
      outputs = _layer_steps.normalize_or_add_biases(
          outputs, num_outputs=depth_multiplier * geo.channels,
          normalizer_fn=normalizer_fn, normalizer_params=normalizer_params,
          biases_initializer=biases_initializer,
          biases_regularizer=biases_regularizer, trainable=trainable,
          variables_collections=variables_collections,
          data_format=data_format)
    return _layer_steps.activate_and_collect(outputs, sc, activation_fn,
                                             outputs_collections)


separable_conv2d = separable_convolution2d
