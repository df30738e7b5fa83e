"""slim's `batch_norm` (Ioffe & Szegedy, 2015), with batch renormalization.

tf-slim picks one of three implementations from the arguments, and each has
its own graph, variable order and update ops.  All three are rebuilt here on
public TensorFlow ops, so that names, collections and numbers match:

* `_fused_path`: ``tf.compat.v1.nn.fused_batch_norm`` with slim's own update
  logic; taken for rank 2 or 4 inputs when `fused` is on and one of
  `zero_debias_moving_mean`, a rank 2 input or custom `updates_collections`
  asks for it.
* `_layer_path`: what tf-slim delegated to the Keras ``BatchNormalization``
  layer (default `updates_collections`, no `batch_weights`, no zero-debias):
  fused kernel for rank 4 / 5 inputs when allowed, else moments; it also
  carries renorm and `adjustment`.  The Keras conventions are kept: `gamma` is
  created before `beta`, regularizers apply, moving statistics are updated as
  ``var -= (var - value) * (1 - decay)`` and the update ops join UPDATE_OPS.
* `_moments_path`: ``tf.nn.moments`` / ``tf.nn.weighted_moments`` and
  ``tf.nn.batch_normalization`` (`batch_weights`, custom `updates_collections`
  or zero-debias when the fused kernel is not used).
"""

import weakref

from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat.layers import _utils
from slimcompat.layers import utils
from slimcompat.layers._utils import DATA_FORMAT_NCHW
from slimcompat.layers._utils import DATA_FORMAT_NHWC
from slimcompat.ops import variables
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = ['batch_norm']

_UPDATE_OPS = tf.GraphKeys.UPDATE_OPS
# graph -> its keras_learning_phase tensor (see `_learning_phase`).
_LEARNING_PHASES = weakref.WeakKeyDictionary()
_RENORM_CLIPPING_KEYS = ('rmax', 'rmin', 'dmax')


@add_arg_scope
def batch_norm(inputs,
               decay=0.999,
               center=True,
               scale=False,
               epsilon=0.001,
               activation_fn=None,
               param_initializers=None,
               param_regularizers=None,
               updates_collections=tf.GraphKeys.UPDATE_OPS,
               is_training=True,
               reuse=None,
               variables_collections=None,
               outputs_collections=None,
               trainable=True,
               batch_weights=None,
               fused=None,
               data_format=DATA_FORMAT_NHWC,
               zero_debias_moving_mean=False,
               scope=None,
               renorm=False,
               renorm_clipping=None,
               renorm_decay=0.99,
               adjustment=None):
  """Batch normalization, usable as `normalizer_fn` of conv2d / fully_connected.

  Normalizes over every axis but the channel axis (the last one for NHWC,
  the second for NCHW).  While training, `moving_mean` and `moving_variance`
  follow the batch statistics; run the ops collected in
  `updates_collections` with the train op, or pass
  ``updates_collections=None`` to update in place on every forward pass.

  Args:
    inputs: a tensor of rank >= 2 (rank 2 or 4 for the fused kernel) whose
      first axis is the batch.
    decay: decay of the moving averages, e.g. 0.999, 0.99 or 0.9.
    center: if True, add the learned offset `beta`.
    scale: if True, multiply by the learned `gamma`.
    epsilon: added to the variance before the square root.
    activation_fn: optional activation applied to the result.
    param_initializers: optional dict of initializers for 'beta', 'gamma',
      'moving_mean' and 'moving_variance'.
    param_regularizers: optional dict of regularizers for 'beta' and 'gamma'.
    updates_collections: collections receiving the moving-average update
      ops; None to run the updates as part of the output.
    is_training: Python bool, or a bool tensor / variable / placeholder
      chosen at run time: batch statistics (and updates) when true, moving
      statistics otherwise.  None, where the Keras-layer path is taken,
      reads the graph's ``keras_learning_phase`` (False unless fed); the
      other paths reject it.
    reuse: whether to reuse the variables of `scope`.
    variables_collections: extra collections for the variables, as a list or
      as a dict keyed by variable name.
    outputs_collections: collections to add the output to.
    trainable: whether `beta` and `gamma` join TRAINABLE_VARIABLES.
    batch_weights: optional `[batch_size]` tensor of per-example weights for
      weighted moments.
    fused: None or True to use the fused kernel where possible.
    data_format: 'NHWC' or 'NCHW'.
    zero_debias_moving_mean: debias `moving_mean` with the shadow variables
      `moving_mean/biased` and `moving_mean/local_step`.
    scope: optional variable scope (default 'BatchNorm').
    renorm: use batch renormalization (Ioffe, 2017), with the extra variables
      `moving_stddev`, `renorm_mean` and `renorm_stddev`.
    renorm_clipping: optional dict with keys 'rmax', 'rmin', 'dmax' bounding
      the renorm correction `r` to [rmin, rmax] and `d` to [-dmax, dmax].
    renorm_decay: decay of the renorm moving averages.
    adjustment: optional function of the dynamic input shape returning
      `(scale, bias)` applied to the normalized values while training.

  Returns:
    The normalized tensor, with the shape of `inputs`.

  Raises:
    ValueError: for an unknown data_format, an input of unknown rank or
      channel dimension, renorm combined with an option it does not support,
      or unknown renorm_clipping keys.
  """
  if fused is None:
    fused = True
  inputs = tf.convert_to_tensor(inputs)
  rank = inputs.get_shape().ndims
  can_fuse = (batch_weights is None and not renorm and rank in (2, 4) and
              adjustment is None)
  wants_slim_fused = (zero_debias_moving_mean or rank == 2 or
                      updates_collections is not _UPDATE_OPS)
  if fused and can_fuse and wants_slim_fused:
    return _fused_path(inputs, decay, center, scale, epsilon, activation_fn,
                       param_initializers, param_regularizers,
                       updates_collections, is_training, reuse,
                       variables_collections, outputs_collections, trainable,
                       data_format, zero_debias_moving_mean, scope)
  _check_data_format(data_format)
  if (batch_weights is None and updates_collections is _UPDATE_OPS and
      not zero_debias_moving_mean):
    return _layer_path(inputs, decay, center, scale, epsilon, activation_fn,
                       param_initializers, param_regularizers, is_training,
                       reuse, variables_collections, outputs_collections,
                       trainable, fused, data_format, scope, renorm,
                       renorm_clipping, renorm_decay, adjustment)
  if renorm:
    raise ValueError(
        'renorm is not supported with batch_weights, updates_collections or '
        'zero_debias_moving_mean: drop those arguments (keep the default '
        'updates_collections) to use batch renormalization.')
  return _moments_path(inputs, decay, center, scale, epsilon, activation_fn,
                       param_initializers, updates_collections, is_training,
                       reuse, variables_collections, outputs_collections,
                       trainable, batch_weights, data_format,
                       zero_debias_moving_mean, scope)


def _check_data_format(data_format):
  if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
    raise ValueError('data_format has to be either NCHW or NHWC. Got %r.' %
                     (data_format,))


def _channel_axis(data_format, rank):
  return 1 if data_format == DATA_FORMAT_NCHW else rank - 1


def _check_rank_known(inputs):
  if inputs.get_shape().ndims is None:
    raise ValueError('Inputs %s has undefined rank; give the input a static '
                     'rank (e.g. with set_shape) before batch_norm.' %
                     inputs.name)


def _initializer(param_initializers, name, default):
  return (param_initializers or {}).get(name, default)


def _moving_statistics(dtype, shape, param_initializers,
                       variables_collections):
  """Creates moving_mean and moving_variance outside any partitioner."""
  with tf.variable_scope(tf.get_variable_scope()) as local_scope:
    local_scope.set_partitioner(None)
    mean = _utils.unregularized_variable(
        'moving_mean', shape, dtype,
        _initializer(param_initializers, 'moving_mean',
                     tf.zeros_initializer()), False, variables_collections)
    variance = _utils.unregularized_variable(
        'moving_variance', shape, dtype,
        _initializer(param_initializers, 'moving_variance',
                     tf.ones_initializer()), False, variables_collections)
  return mean, variance


def _moving_average(variable, value, decay, zero_debias, make_variable):
  if zero_debias:
    return _utils.zero_debiased_moving_average(variable, value, decay,
                                               make_variable)
  return _utils.assign_moving_average(variable, value, decay)


def _needs_updates(is_training):
  known = utils.constant_value(is_training)
  return known is None or bool(known)


def _plain_variable(name, **kwargs):
  return tf.get_variable(name, **kwargs)


def _model_variable(name, **kwargs):
  # As tf-slim's variable getter for the moments path: every argument but
  # `device` given, so an arg_scope on model_variable can only move it.
  return variables.model_variable(
      name, regularizer=None, collections=None, caching_device=None,
      partitioner=None, custom_getter=None, use_resource=None,
      synchronization=tf.VariableSynchronization.AUTO,
      aggregation=tf.VariableAggregation.NONE, **kwargs)


def _statistics_updates(is_training, updates_collections, moving_mean,
                        moving_variance, mean, variance, decay, zero_debias,
                        make_variable, in_place_result):
  """slim's update logic shared by the fused and the moments paths.

  With `updates_collections` None the updates run as control dependencies of
  ``in_place_result()`` (an identity of what the layer returns while
  training), and the selected value is returned; otherwise the two update
  ops (or, with a run-time `is_training`, the values a `tf.cond` selects)
  join `updates_collections` and None is returned.
  """

  def update():
    new_mean = _moving_average(moving_mean, mean, decay, zero_debias,
                               make_variable)
    new_variance = _moving_average(moving_variance, variance, decay, False,
                                   make_variable)
    return new_mean, new_variance

  if updates_collections is None:

    def update_in_place():
      with tf.control_dependencies(list(update())):
        return in_place_result()

    return update_in_place
  new_mean, new_variance = utils.smart_cond(
      is_training, update, lambda: (moving_mean, moving_variance))
  tf.add_to_collections(updates_collections, new_mean)
  tf.add_to_collections(updates_collections, new_variance)
  return None


def _fused_path(inputs, decay, center, scale, epsilon, activation_fn,
                param_initializers, param_regularizers, updates_collections,
                is_training, reuse, variables_collections,
                outputs_collections, trainable, data_format,
                zero_debias_moving_mean, scope):
  """slim's own use of the fused kernel (rank 2 inputs are viewed as 4-D)."""
  _check_data_format(data_format)
  _check_rank_known(inputs)
  original_shape = inputs.get_shape()
  rank = original_shape.ndims
  if rank not in (2, 4):
    raise ValueError('Inputs %s has unsupported rank. Expected 2 or 4 but got '
                     '%d.' % (inputs.name, rank))
  channels = tf.dimension_value(original_shape[_channel_axis(data_format,
                                                             rank)])
  if rank == 2 and channels is None:
    raise ValueError('`C` dimension must be known but is None: give the '
                     'input a static number of channels.')
  if channels is None:
    raise ValueError('Inputs %s has undefined `C` dimension %s: give the '
                     'input a static number of channels.' %
                     (inputs.name, tf.TensorShape([None])))
  regularizers = param_regularizers or {}
  with tf.variable_scope(scope, 'BatchNorm', [inputs], reuse=reuse) as sc:
    original_inputs = inputs
    if rank == 2:
      four_d = ([-1, channels, 1, 1] if data_format == DATA_FORMAT_NCHW else
                [-1, 1, 1, channels])
      inputs = tf.reshape(inputs, four_d)
    inputs_shape = inputs.get_shape()
    params_shape = tf.TensorShape([channels])
    # The fused kernel wants float32 parameters, also for float16 inputs.
    dtype = tf.float32
    if center:
      beta = _utils.slim_variable(
          'beta', params_shape, dtype,
          _initializer(param_initializers, 'beta', tf.zeros_initializer()),
          regularizers.get('beta'), trainable, variables_collections, 'beta')
    else:
      beta = tf.constant(0.0, dtype=dtype, shape=params_shape)
    if scale:
      gamma = _utils.slim_variable(
          'gamma', params_shape, dtype,
          _initializer(param_initializers, 'gamma', tf.ones_initializer()),
          regularizers.get('gamma'), trainable, variables_collections,
          'gamma')
    else:
      gamma = tf.constant(1.0, dtype=dtype, shape=params_shape)
    moving_mean, moving_variance = _moving_statistics(
        dtype, params_shape, param_initializers, variables_collections)

    def training():
      return tf.nn.fused_batch_norm(
          inputs, gamma, beta, epsilon=epsilon, data_format=data_format)

    def inference():
      return tf.nn.fused_batch_norm(
          inputs, gamma, beta, mean=moving_mean, variance=moving_variance,
          epsilon=epsilon, is_training=False, data_format=data_format)

    outputs, mean, variance = utils.smart_cond(is_training, training,
                                               inference)
    if _needs_updates(is_training):
      in_place = _statistics_updates(
          is_training, updates_collections, moving_mean, moving_variance,
          mean, variance, decay, zero_debias_moving_mean, _plain_variable,
          lambda: tf.identity(outputs))
      if in_place is not None:
        unchanged = outputs
        outputs = utils.smart_cond(is_training, in_place, lambda: unchanged)
    outputs.set_shape(inputs_shape)
    if rank == 2:
      outputs = tf.reshape(outputs, _reshape_target(original_inputs))
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    return utils.collect_named_outputs(outputs_collections, sc.name, outputs)


def _reshape_target(tensor):
  """The static shape of `tensor` as a reshape target if at most one
  dimension is unknown, else its dynamic shape."""
  dims = tensor.get_shape().as_list()
  if dims and sum(d is None for d in dims) <= 1:
    return [-1 if d is None else d for d in dims]
  return tf.shape(tensor)


def _moments_path(inputs, decay, center, scale, epsilon, activation_fn,
                  param_initializers, updates_collections, is_training, reuse,
                  variables_collections, outputs_collections, trainable,
                  batch_weights, data_format, zero_debias_moving_mean, scope):
  """Moments + tf.nn.batch_normalization, with slim's update logic."""
  _check_rank_known(inputs)
  inputs_shape = inputs.get_shape()
  rank = inputs_shape.ndims
  channel_axis = _channel_axis(data_format, rank)
  channels = tf.dimension_value(inputs_shape[channel_axis])
  if channels is None:
    raise ValueError('Inputs %s has undefined channels dimension %s: give '
                     'the input a static number of channels.' %
                     (inputs.name, tf.TensorShape([None])))
  if batch_weights is not None:
    weights_shape = _utils.static_shape(batch_weights)
    if weights_shape is not None:
      inputs_shape[0:1].assert_is_compatible_with(weights_shape)
  with tf.variable_scope(scope, 'BatchNorm', [inputs], reuse=reuse) as sc:
    dtype = inputs.dtype.base_dtype
    if batch_weights is not None:
      batch_weights = tf.convert_to_tensor(batch_weights)
      inputs_shape[0:1].assert_is_compatible_with(batch_weights.get_shape())
      # One weight per example, broadcast over the other axes.
      batch_weights = tf.reshape(batch_weights, [-1] + [1] * (rank - 1))
    moments_axes = [axis for axis in range(rank) if axis != channel_axis]
    nchw = data_format == DATA_FORMAT_NCHW
    # NCHW broadcasts [C] statistics and parameters explicitly.
    broadcast_shape = [1, channels] + [1] * (rank - 2) if nchw else None
    params_shape = tf.TensorShape([channels])
    beta = gamma = None
    if center:
      beta = _utils.unregularized_variable(
          'beta', params_shape, dtype,
          _initializer(param_initializers, 'beta', tf.zeros_initializer()),
          trainable, variables_collections)
    if scale:
      gamma = _utils.unregularized_variable(
          'gamma', params_shape, dtype,
          _initializer(param_initializers, 'gamma', tf.ones_initializer()),
          trainable, variables_collections)
    moving_mean, moving_variance = _moving_statistics(
        dtype, params_shape, param_initializers, variables_collections)

    if _needs_updates(is_training):
      if batch_weights is None:
        mean, variance = tf.nn.moments(inputs, moments_axes, keep_dims=nchw)
      else:
        mean, variance = tf.nn.weighted_moments(
            inputs, moments_axes, batch_weights, keep_dims=nchw)
      if nchw:
        mean = tf.reshape(mean, [-1])
        variance = tf.reshape(variance, [-1])
      batch_mean, batch_variance = mean, variance
      in_place = _statistics_updates(
          is_training, updates_collections, moving_mean, moving_variance,
          mean, variance, decay, zero_debias_moving_mean, _model_variable,
          lambda: (tf.identity(batch_mean), tf.identity(batch_variance)))
      if in_place is None:
        mean, variance = utils.smart_cond(
            is_training, lambda: (batch_mean, batch_variance),
            lambda: (moving_mean, moving_variance))
      else:
        mean, variance = utils.smart_cond(
            is_training, in_place, lambda: (moving_mean, moving_variance))
    else:
      mean, variance = moving_mean, moving_variance
    if nchw:
      mean = tf.reshape(mean, broadcast_shape)
      variance = tf.reshape(variance, broadcast_shape)
      if beta is not None:
        beta = tf.reshape(beta, broadcast_shape)
      if gamma is not None:
        gamma = tf.reshape(gamma, broadcast_shape)
    outputs = tf.nn.batch_normalization(inputs, mean, variance, beta, gamma,
                                        epsilon)
    outputs.set_shape(inputs_shape)
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    return utils.collect_named_outputs(outputs_collections, sc.name, outputs)


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


def _keras_moving_average(variable, value, momentum):
  """``variable -= (variable - value) * (1 - momentum)`` as the layer did it."""
  with tf.name_scope('AssignMovingAvg') as scope:
    rate = tf.convert_to_tensor(1.0 - momentum, name='decay')
    if rate.dtype != variable.dtype.base_dtype:
      rate = tf.cast(rate, variable.dtype.base_dtype)
    with tf.colocate_with(variable):
      delta = (variable - tf.cast(value, variable.dtype.base_dtype)) * rate
      return tf.assign_sub(variable, delta, name=scope)


def _assign_new_value(variable, value):
  with tf.name_scope('AssignNewValue') as scope:
    with tf.colocate_with(variable):
      return tf.assign(variable, value, name=scope)


def _sqrt_of(initializer):
  def initialize(*args, **kwargs):
    return tf.sqrt(initializer(*args, **kwargs))
  return initialize


def _layer_path(inputs, decay, center, scale, epsilon, activation_fn,
                param_initializers, param_regularizers, is_training, reuse,
                variables_collections, outputs_collections, trainable, fused,
                data_format, scope, renorm, renorm_clipping, renorm_decay,
                adjustment):
  """What tf-slim delegated to the Keras BatchNormalization layer."""
  rank = inputs.get_shape().ndims
  if rank is None:
    _check_layer_input(inputs, 0)
  channel_axis = _channel_axis(data_format, rank)
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
    _utils.reserve_layer_name(sc)
    params = _LayerParams(sc, (channels,), param_dtype, center, scale,
                          initializers, regularizers, trainable, renorm)
    if use_kernel:
      outputs = _layer_fused(inputs, params, decay, epsilon, is_training,
                             data_format, rank)
    else:
      outputs = _layer_moments(inputs, params, decay, epsilon, is_training,
                               channel_axis, renorm_clipping, renorm_decay,
                               adjustment)
    for name in ('moving_mean', 'moving_variance', 'beta', 'gamma'):
      variable = getattr(params, name)
      if variable is not None:
        _utils.add_to_collections_once(
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

  def __init__(self, sc, shape, dtype, center, scale, initializers,
               regularizers, trainable, renorm):
    self.renorm = renorm
    self.trainable = trainable

    existing = set(id(v) for v in tf.global_variables())

    def make(name, initializer, regularizer=None, trainable=False,
             statistic=True):
      sync = tf.VariableSynchronization
      aggregation = tf.VariableAggregation
      variable = variables.model_variable(
          name, shape=shape, dtype=dtype, initializer=initializer,
          regularizer=None, trainable=trainable, collections=None,
          caching_device=None, partitioner=None, custom_getter=None,
          use_resource=None,
          synchronization=sync.ON_READ if statistic else sync.AUTO,
          aggregation=aggregation.MEAN if statistic else aggregation.NONE)
      # The layer built the loss itself, in its own name scope.
      _utils.add_layer_regularization(variable, regularizer, name, existing)
      return variable

    self.gamma = self.beta = None
    if scale:
      self.gamma = make('gamma', initializers.get('gamma',
                                                  tf.ones_initializer()),
                        regularizers.get('gamma'), trainable, False)
    if center:
      self.beta = make('beta', initializers.get('beta', tf.zeros_initializer()),
                       regularizers.get('beta'), trainable, False)
    mean_init = initializers.get('moving_mean', tf.zeros_initializer())
    variance_init = initializers.get('moving_variance', tf.ones_initializer())
    # The moving statistics are never partitioned (beta and gamma may be).
    partitioner = sc.partitioner
    sc.set_partitioner(None)
    try:
      self.moving_mean = make('moving_mean', mean_init)
      self.moving_variance = make('moving_variance', variance_init)
      if renorm:
        self.moving_stddev = make('moving_stddev', _sqrt_of(variance_init))
        self.renorm_mean = make('renorm_mean', mean_init)
        self.renorm_stddev = make('renorm_stddev', _sqrt_of(variance_init))
    finally:
      if partitioner:
        sc.set_partitioner(partitioner)


def _layer_fused(inputs, params, decay, epsilon, is_training, data_format,
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
    mean_update = _keras_moving_average(params.moving_mean, mean, momentum)
    variance_update = _keras_moving_average(params.moving_variance, variance,
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


def _layer_moments(inputs, params, decay, epsilon, is_training, channel_axis,
                   renorm_clipping, renorm_decay, adjustment):
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
      gamma, beta = _then(adjust_scale, adjust_bias, gamma, beta)
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
      r, d, new_mean, new_variance = _renorm_correction(
          params, mean, variance, epsilon, is_training, renorm_clipping,
          renorm_decay)
      r = broadcast(tf.stop_gradient(r, name='renorm_r'))
      d = broadcast(tf.stop_gradient(d, name='renorm_d'))
      gamma, beta = _then(r, d, gamma, beta)

    def update_mean():
      return _keras_moving_average(params.moving_mean, new_mean, decay)

    def update_variance():
      if not params.renorm:
        return _keras_moving_average(params.moving_variance, new_variance,
                                     decay)
      stddev = _keras_moving_average(params.moving_stddev,
                                     tf.sqrt(new_variance + epsilon), decay)
      return _assign_new_value(params.moving_variance,
                               tf.nn.relu(stddev * stddev - epsilon))

    mean_update = _keras_cond(is_training, update_mean,
                              lambda: params.moving_mean)
    variance_update = _keras_cond(is_training, update_variance,
                                  lambda: params.moving_variance)
    _add_update_ops(params, mean_update, variance_update)

  mean = tf.cast(mean, inputs.dtype)
  variance = tf.cast(variance, inputs.dtype)
  if beta is not None:
    beta = tf.cast(beta, inputs.dtype)
  if gamma is not None:
    gamma = tf.cast(gamma, inputs.dtype)
  outputs = tf.nn.batch_normalization(inputs, broadcast(mean),
                                      broadcast(variance), beta, gamma,
                                      epsilon)
  if input_dtype in (tf.float16, tf.bfloat16):
    outputs = tf.cast(outputs, input_dtype)
  outputs.set_shape(shape)
  return outputs


def _then(scale, offset, then_scale, then_offset):
  """The affine map `x * scale + offset` followed by `then_scale`, `then_offset`."""
  if then_scale is not None:
    scale *= then_scale
    offset *= then_scale
  if then_offset is not None:
    offset += then_offset
  return scale, offset


def _renorm_correction(params, mean, variance, epsilon, is_training,
                       clipping, renorm_decay):
  """Batch renormalization's (r, d) and the moments the moving averages see.

  ``r = stddev / renorm_stddev`` and ``d = (mean - renorm_mean) /
  renorm_stddev`` (renorm_stddev at least sqrt(epsilon)), clipped by
  `clipping` while training and (1, 0) otherwise; computing the returned
  moments also moves `renorm_mean` / `renorm_stddev` with `renorm_decay`.
  """
  stddev = tf.sqrt(variance + epsilon)
  renorm_mean = params.renorm_mean
  renorm_stddev = tf.maximum(params.renorm_stddev, tf.sqrt(epsilon))
  r = stddev / renorm_stddev
  d = (mean - renorm_mean) / renorm_stddev
  with tf.control_dependencies([r, d]):
    mean = tf.identity(mean)
    stddev = tf.identity(stddev)
  rmin, rmax, dmax = [clipping.get(key) for key in ('rmin', 'rmax', 'dmax')]
  if rmin is not None:
    r = tf.maximum(r, rmin)
  if rmax is not None:
    r = tf.minimum(r, rmax)
  if dmax is not None:
    d = tf.maximum(d, -dmax)
    d = tf.minimum(d, dmax)
  r = _keras_cond(is_training, lambda: r, lambda: tf.ones_like(r))
  d = _keras_cond(is_training, lambda: d, lambda: tf.zeros_like(d))

  def follow(variable, value):
    value = tf.identity(value)
    return _keras_cond(
        is_training,
        lambda: _keras_moving_average(variable, value, renorm_decay),
        lambda: tf.identity(variable))

  mean_done = follow(params.renorm_mean, mean)
  stddev_done = follow(params.renorm_stddev, stddev)
  with tf.control_dependencies([mean_done, stddev_done]):
    return r, d, tf.identity(mean), tf.identity(variance)
