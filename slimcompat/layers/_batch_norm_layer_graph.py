"""batch_norm's default path: the graph of the legacy BatchNormalization layer.

`batch_norm` sends its default case (UPDATE_OPS, no batch weights, no
zero-debias), batch renormalization and `adjustment` here; tf-slim delegated
them to the Keras layer class.  The graph is the one that layer built in
graph mode, rebuilt on public TensorFlow ops:
`gamma` before `beta`, statistics kept out of any partitioner, the fused
kernel for rank 4 / 5 float inputs when allowed, otherwise moments; moving
averages follow ``var -= (var - value) * (1 - decay)`` and the update ops join
UPDATE_OPS (unless the layer is not trainable); regularization losses are
built once, in the layer's name scope.
"""

import functools
import weakref

from slimcompat._colocation import colocated_with
from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat._lazy import LazyModule
from slimcompat.layers import _layer_steps
from slimcompat.layers import _variables
from slimcompat.layers import utils
from slimcompat.layers._argcheck import DATA_FORMAT_NCHW
from slimcompat.layers._argcheck import DATA_FORMAT_NHWC

# The normalization steps shared with the TF1 BatchNormalization layer, whose
# module (and the TF1 layers' base with it) loads on the first batch norm
# built, not when slim's layers are imported.
_bn_ops = LazyModule('slimcompat.v1_layers._normalization')

_UPDATE_OPS = tf.GraphKeys.UPDATE_OPS
# graph -> its keras_learning_phase tensor (see `_learning_phase`).
_LEARNING_PHASES = weakref.WeakKeyDictionary()
_RENORM_CLIPPING_KEYS = ('rmax', 'rmin', 'dmax')


def _check_layer_input(inputs, channel_axis):
  """The input checks of the Keras layer tf-slim used, before any graph work."""
  shape = inputs.get_shape()
  if shape.ndims is None:
    raise ValueError('Input has undefined rank. Received: input_shape=%s. '
                     'Give the input a static rank before batch_norm.' % shape)
  if not 0 <= channel_axis < shape.ndims:
    raise ValueError('Invalid value for `axis` argument: the channel axis %d '
                     'does not exist in an input of rank %d (%s).' %
                     (channel_axis, shape.ndims, shape))
  if tf.dimension_value(shape[channel_axis]) is None:
    raise ValueError('Input has undefined `axis` dimension. Received input '
                     'with shape %s and axis=(%d,); the channel dimension '
                     'must be known.' % (shape, channel_axis))


def _check_renorm_clipping(renorm_clipping):
  unknown = set(renorm_clipping) - set(_RENORM_CLIPPING_KEYS)
  if unknown:
    raise ValueError('Received invalid keys for `renorm_clipping` argument: '
                     '%s. Supported values: %s.' %
                     (renorm_clipping, list(_RENORM_CLIPPING_KEYS)))


def _learning_phase():
  """The graph's ``keras_learning_phase`` (False unless fed), created once.

  The Keras layer tf-slim used read it for ``is_training=None``.
  """
  graph = tf.get_default_graph()
  phase = _LEARNING_PHASES.get(graph)
  if phase is None:
    with graph.name_scope(None):
      phase = tf.placeholder_with_default(False, shape=(),
                                          name='keras_learning_phase')
    _LEARNING_PHASES[graph] = phase
  return phase


def _keras_training_value(is_training):
  """The static value of `is_training` as the Keras layer read it."""
  if is_training is None:
    return None
  if isinstance(is_training, tf2.Variable):
    return None
  if isinstance(is_training, tf2.Tensor):
    return tf.get_static_value(is_training)
  if isinstance(is_training, bool):
    return is_training
  if is_training in (0, 1):
    return bool(is_training)
  raise TypeError('is_training must be a Python bool, a bool Tensor or '
                  'Variable, or 1 or 0; got %r.' % (is_training,))


def _keras_cond(is_training, true_fn, false_fn):
  known = _keras_training_value(is_training)
  if known is None:
    return tf.cond(is_training, true_fn, false_fn)
  return true_fn() if known else false_fn()


def layer_batch_norm(inputs, *, decay, center, scale, epsilon, activation_fn,
                     param_initializers, param_regularizers, is_training,
                     reuse, variables_collections, outputs_collections,
                     trainable, fused, data_format, scope, renorm,
                     renorm_clipping, renorm_decay, adjustment):
  """The Keras-layer batch normalization; arguments as in `batch_norm`."""
  rank = inputs.get_shape().ndims
  if rank is None:
    _check_layer_input(inputs, 0)
  channel_axis = 1 if data_format == DATA_FORMAT_NCHW else rank - 1
  _check_layer_input(inputs, channel_axis)
  if renorm:
    renorm_clipping = renorm_clipping or {}
    _check_renorm_clipping(renorm_clipping)
  _keras_training_value(is_training)
  if is_training is None:
    is_training = _learning_phase()
  input_dtype = inputs.dtype.base_dtype
  low_precision = input_dtype in (tf.float16, tf.bfloat16)
  use_kernel = (fused and rank in (4, 5) and not renorm and
                adjustment is None and
                (low_precision or input_dtype == tf.float32))
  param_dtype = tf.float32 if low_precision else input_dtype
  channels = tf.dimension_value(inputs.get_shape()[channel_axis])
  initializers = param_initializers or {}
  regularizers = param_regularizers or {}

  with tf.variable_scope(scope, 'BatchNorm', [inputs], reuse=reuse) as sc:
    # The Keras layer took a name scope named after itself.
    _layer_steps.reserve_layer_name(sc)
    params = _LayerParams(
        sc, shape=(channels,), dtype=param_dtype, center=center, scale=scale,
        initializers=initializers, regularizers=regularizers,
        trainable=trainable, renorm=renorm)
    if use_kernel:
      outputs = _layer_fused(inputs, params, decay=decay, epsilon=epsilon,
                             is_training=is_training,
                             data_format=data_format, rank=rank)
    else:
      outputs = _layer_moments(
          inputs, params, decay=decay, epsilon=epsilon,
          is_training=is_training, channel_axis=channel_axis,
          renorm_clipping=renorm_clipping, renorm_decay=renorm_decay,
          adjustment=adjustment)
    for name in ('moving_mean', 'moving_variance', 'beta', 'gamma'):
      variable = getattr(params, name)
      if variable is not None:
        _variables.add_to_collections_once(
            variable,
            utils.get_variable_collections(variables_collections, name))
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    return utils.collect_named_outputs(outputs_collections, sc.name, outputs)


class _LayerParams(object):
  """The variables of the layer path, created in the Keras layer's order.

  Every `model_variable` argument but `device` is given, as tf-slim's
  variable getter for the layer did, so an `arg_scope` on `model_variable`
  can only move these variables.
  """

  def __init__(self, sc, *, shape, dtype, center, scale, initializers,
               regularizers, trainable, renorm):
    self.renorm = renorm
    self.trainable = trainable
    existed_before = _variables.ids_of_global_variables()

    def make(name, initializer, regularizer=None, trainable=False,
             statistic=True):
      if statistic:
        # The layer kept its moving statistics replica-local, averaged.
        placement = dict(synchronization=tf.VariableSynchronization.ON_READ,
                         aggregation=tf.VariableAggregation.MEAN)
      else:
        placement = {}
      variable = _variables.pinned_model_variable(
          name, shape=shape, dtype=dtype, initializer=initializer,
          trainable=trainable, **placement)
      # The layer built the loss itself, in its own name scope.
      _variables.add_regularization_loss(variable, regularizer, name,
                                         existed_before)
      return variable

    self.gamma = self.beta = None
    if scale:
      self.gamma = make(
          'gamma', initializers.get('gamma', tf.ones_initializer()),
          regularizer=regularizers.get('gamma'), trainable=trainable,
          statistic=False)
    if center:
      self.beta = make(
          'beta', initializers.get('beta', tf.zeros_initializer()),
          regularizer=regularizers.get('beta'), trainable=trainable,
          statistic=False)
    mean_init = initializers.get('moving_mean', tf.zeros_initializer())
    variance_init = initializers.get('moving_variance', tf.ones_initializer())
    # The moving statistics are never partitioned (beta and gamma may be).
    partitioner = sc.partitioner
    sc.set_partitioner(None)
    try:
      self.moving_mean = make('moving_mean', mean_init)
      self.moving_variance = make('moving_variance', variance_init)
      if renorm:
        # Each lives with the statistic it shadows (the layer's placement).
        root = _bn_ops.sqrt_of(variance_init)
        with colocated_with(self.moving_variance):
          self.moving_stddev = make('moving_stddev', root)
        with colocated_with(self.moving_mean):
          self.renorm_mean = make('renorm_mean', mean_init)
        with colocated_with(self.moving_stddev):
          self.renorm_stddev = make('renorm_stddev', root)
    finally:
      if partitioner:
        sc.set_partitioner(partitioner)


def _layer_fused(inputs, params, *, decay, epsilon, is_training, data_format,
                 rank):
  """The fused kernel as the layer used it, with its momentum updates."""
  kernel_format = {(DATA_FORMAT_NCHW, 4): 'NCHW',
                   (DATA_FORMAT_NCHW, 5): 'NCDHW',
                   (DATA_FORMAT_NHWC, 4): 'NHWC',
                   (DATA_FORMAT_NHWC, 5): 'NDHWC'}[(data_format, rank)]
  shape = params.moving_mean.get_shape()
  dtype = params.moving_mean.dtype.base_dtype
  beta = params.beta
  if beta is None:
    beta = tf.constant(0.0, dtype=dtype, shape=shape)
  gamma = params.gamma
  if gamma is None:
    gamma = tf.constant(1.0, dtype=dtype, shape=shape)

  def training():
    return tf.nn.fused_batch_norm(
        inputs, gamma, beta, mean=params.moving_mean,
        variance=params.moving_variance, epsilon=epsilon, is_training=True,
        data_format=kernel_format)

  def inference():
    return tf.nn.fused_batch_norm(
        inputs, gamma, beta, mean=params.moving_mean,
        variance=params.moving_variance, epsilon=epsilon, is_training=False,
        data_format=kernel_format)

  outputs, mean, variance = _keras_cond(is_training, training, inference)
  known = _keras_training_value(is_training)
  if known is None or known:
    if known is None:
      momentum = _keras_cond(is_training, lambda: decay, lambda: 1.0)
    else:
      momentum = tf.convert_to_tensor(decay)
    mean_update = _bn_ops.moving_average(params.moving_mean, mean, momentum)
    variance_update = _bn_ops.moving_average(params.moving_variance, variance,
                                            momentum)
    _add_update_ops(params, mean_update, variance_update)
  return outputs


def _add_update_ops(params, *updates):
  # A layer that is not trainable builds its updates but does not collect
  # them (a Keras rule tf-slim inherited).
  if not params.trainable:
    return
  for update in updates:
    tf.add_to_collection(_UPDATE_OPS, getattr(update, 'op', update))


def _layer_moments(inputs, params, *, decay, epsilon, is_training,
                   channel_axis, renorm_clipping, renorm_decay, adjustment):
  """Moments and tf.nn.batch_normalization as the layer computed them."""
  input_dtype = inputs.dtype.base_dtype
  if input_dtype in (tf.float16, tf.bfloat16):
    inputs = tf.cast(inputs, tf.float32)
  shape = inputs.get_shape()
  rank = shape.ndims
  reduction_axes = [axis for axis in range(rank) if axis != channel_axis]
  broadcast_shape = [1] * rank
  broadcast_shape[channel_axis] = tf.dimension_value(shape[channel_axis])

  def broadcast(value):
    # Only a channel axis other than the last needs an explicit reshape.
    if (value is not None and len(value.shape) != rank and
        reduction_axes != list(range(rank - 1))):
      return tf.reshape(value, broadcast_shape)
    return value

  gamma, beta = broadcast(params.gamma), broadcast(params.beta)
  known = _keras_training_value(is_training)
  if known is not None and not known:
    mean, variance = params.moving_mean, params.moving_variance
  else:
    if adjustment:
      adjust_scale, adjust_bias = adjustment(tf.shape(inputs))
      adjust_scale = _keras_cond(is_training, lambda: adjust_scale,
                                 lambda: tf.ones_like(adjust_scale))
      adjust_bias = _keras_cond(is_training, lambda: adjust_bias,
                                lambda: tf.zeros_like(adjust_bias))
      gamma, beta = _bn_ops.compose_affine(adjust_scale, adjust_bias, gamma,
                                           beta)
    batch_mean, batch_variance = tf.nn.moments(
        tf.cast(inputs, params.moving_mean.dtype.base_dtype), reduction_axes,
        keep_dims=False)
    mean = _keras_cond(is_training, lambda: batch_mean,
                       lambda: tf.convert_to_tensor(params.moving_mean))
    variance = _keras_cond(
        is_training, lambda: batch_variance,
        lambda: tf.convert_to_tensor(params.moving_variance))
    new_mean, new_variance = mean, variance
    if params.renorm:
      r, d, new_mean, new_variance = _bn_ops.renorm_terms(
          mean, variance, params.renorm_mean, params.renorm_stddev,
          epsilon=epsilon, clipping=renorm_clipping, momentum=renorm_decay,
          cond=functools.partial(_keras_cond, is_training))
      r = broadcast(tf.stop_gradient(r, name='renorm_r'))
      d = broadcast(tf.stop_gradient(d, name='renorm_d'))
      gamma, beta = _bn_ops.compose_affine(r, d, gamma, beta)

    def update_mean():
      return _bn_ops.moving_average(params.moving_mean, new_mean, decay)

    def update_variance():
      if not params.renorm:
        return _bn_ops.moving_average(params.moving_variance, new_variance,
                                      decay)
      stddev = _bn_ops.moving_average(params.moving_stddev,
                                      tf.sqrt(new_variance + epsilon), decay)
      return _bn_ops.assign_new_value(params.moving_variance,
                                      tf.nn.relu(stddev * stddev - epsilon))

    mean_update = _keras_cond(is_training, update_mean,
                              lambda: params.moving_mean)
    variance_update = _keras_cond(is_training, update_variance,
                                  lambda: params.moving_variance)
    _add_update_ops(params, mean_update, variance_update)

  return _bn_ops.normalize(inputs, mean, variance, beta, gamma, epsilon,
                           broadcast, input_dtype)
