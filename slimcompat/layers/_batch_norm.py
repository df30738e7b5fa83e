"""slim's `batch_norm` (Ioffe & Szegedy, 2015), with batch renormalization.

tf-slim picks one of three implementations from the arguments, and each has
its own graph, variable order and update ops.  All three are rebuilt here on
public TensorFlow ops, so that names, collections and numbers match:

* `_fused_path`: ``tf.compat.v1.nn.fused_batch_norm`` with slim's own update
  logic; taken for rank 2 or 4 inputs when `fused` is on and one of
  `zero_debias_moving_mean`, a rank 2 input or custom `updates_collections`
  asks for it.
* `_batch_norm_layer_graph.layer_batch_norm`: what tf-slim delegated to the
  Keras ``BatchNormalization`` layer (default `updates_collections`, no
  `batch_weights`, no zero-debias), including renorm and `adjustment`.
* `_moments_path`: ``tf.nn.moments`` / ``tf.nn.weighted_moments`` and
  ``tf.nn.batch_normalization`` (`batch_weights`, custom `updates_collections`
  or zero-debias when the fused kernel is not used).
"""

import collections.abc
import functools
import numbers

from slimcompat import _argcheck
from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat.layers import _argcheck as _layer_argcheck
from slimcompat.layers import _moving_averages
from slimcompat.layers import _variables
from slimcompat.layers import _batch_norm_layer_graph
from slimcompat.layers import _dry_run
from slimcompat.layers import utils
from slimcompat.layers._argcheck import DATA_FORMAT_NCHW
from slimcompat.layers._argcheck import DATA_FORMAT_NHWC
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = ['batch_norm']

_UPDATE_OPS = tf.GraphKeys.UPDATE_OPS


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
  known_shape = _layer_argcheck.static_shape(inputs)
  rank = None if known_shape is None else known_shape.rank
  can_fuse = (batch_weights is None and not renorm and rank in (2, 4) and
              adjustment is None)
  wants_slim_fused = (zero_debias_moving_mean or rank == 2 or
                      updates_collections is not _UPDATE_OPS)
  slim_fused = bool(fused and can_fuse and wants_slim_fused)
  layer_path = not slim_fused and (
      batch_weights is None and updates_collections is _UPDATE_OPS and
      not zero_debias_moving_mean)
  _check_data_format(data_format)
  param_initializers, param_regularizers = _check_arguments(
      inputs, layer_path, decay=decay, center=center, scale=scale,
      epsilon=epsilon, activation_fn=activation_fn,
      param_initializers=param_initializers,
      param_regularizers=param_regularizers,
      updates_collections=updates_collections, is_training=is_training,
      variables_collections=variables_collections,
      outputs_collections=outputs_collections)
  _argcheck.reused_variable_exists(
      'batch_norm', scope, reuse, 'beta' if center else
      'gamma' if scale else 'moving_mean')
  inputs = tf.convert_to_tensor(inputs)
  if known_shape is None:
    rank = inputs.get_shape().ndims
    slim_fused = bool(fused and batch_weights is None and not renorm and
                      rank in (2, 4) and adjustment is None and (
                          zero_debias_moving_mean or rank == 2 or
                          updates_collections is not _UPDATE_OPS))
  if slim_fused:
    return _fused_path(
        inputs, decay=decay, center=center, scale=scale, epsilon=epsilon,
        activation_fn=activation_fn, param_initializers=param_initializers,
        param_regularizers=param_regularizers,
        updates_collections=updates_collections, is_training=is_training,
        reuse=reuse, variables_collections=variables_collections,
        outputs_collections=outputs_collections, trainable=trainable,
        data_format=data_format,
        zero_debias_moving_mean=zero_debias_moving_mean, scope=scope)
  _check_data_format(data_format)
  if (batch_weights is None and updates_collections is _UPDATE_OPS and
      not zero_debias_moving_mean):
    return _batch_norm_layer_graph.layer_batch_norm(
        inputs, decay=decay, center=center, scale=scale, epsilon=epsilon,
        activation_fn=activation_fn, param_initializers=param_initializers,
        param_regularizers=param_regularizers, is_training=is_training,
        reuse=reuse, variables_collections=variables_collections,
        outputs_collections=outputs_collections, trainable=trainable,
        fused=fused, data_format=data_format, scope=scope, renorm=renorm,
        renorm_clipping=renorm_clipping, renorm_decay=renorm_decay,
        adjustment=adjustment)
  if renorm:
    raise ValueError(
        'renorm is not supported with batch_weights, updates_collections or '
        'zero_debias_moving_mean: drop those arguments (keep the default '
        'updates_collections) to use batch renormalization.')
  return _moments_path(
      inputs, decay=decay, center=center, scale=scale, epsilon=epsilon,
      activation_fn=activation_fn, param_initializers=param_initializers,
      updates_collections=updates_collections, is_training=is_training,
      reuse=reuse, variables_collections=variables_collections,
      outputs_collections=outputs_collections, trainable=trainable,
      batch_weights=batch_weights, data_format=data_format,
      zero_debias_moving_mean=zero_debias_moving_mean, scope=scope)


_PARAMETERS = ('beta', 'gamma', 'moving_mean', 'moving_variance')


def _check_arguments(inputs, layer_path, *, decay, center, scale, epsilon,
                     activation_fn, param_initializers, param_regularizers,
                     updates_collections, is_training, variables_collections,
                     outputs_collections):
  """Checks batch_norm's arguments before anything is created.

  `layer_path`: the path tf-slim built on the legacy layer class, which
  resolves identifiers; its other paths hand the initializers and
  regularizers to `model_variable` as they are.

  Returns:
    (param_initializers, param_regularizers), identifiers resolved.
  """
  if decay is None:
    raise _argcheck.error(ValueError, 'batch_norm', 'decay', decay,
                          'a float (or float tensor) such as 0.999',
                          'Pass e.g. decay=0.99.')
  if isinstance(decay, str) or not (
      isinstance(decay, numbers.Real) or tf.is_tensor(decay)):
    raise _argcheck.error(TypeError, 'batch_norm', 'decay', decay,
                          'a float (or float tensor) such as 0.999',
                          'Pass e.g. decay=0.99.')
  if isinstance(epsilon, str):
    raise _argcheck.error(TypeError, 'batch_norm', 'epsilon', epsilon,
                          'a small positive float', 'Pass e.g. epsilon=1e-3.')
  for name, value in (('center', center), ('scale', scale)):
    if tf.is_tensor(value):
      # parity: tf-slim branches on it in Python, which graph mode forbids.
      raise tf2.errors.OperatorNotAllowedInGraphError(
          'batch_norm: %s=%s is a tensor: whether the layer has %s must be '
          'known when the graph is built. Pass True or False.' %
          (name, _argcheck.describe(value),
           'beta' if name == 'center' else 'gamma'))
  if is_training is None and not layer_path:
    # The layer class follows the learning phase; tf-slim's own paths
    # cannot read a None.
    raise _argcheck.error(ValueError, 'batch_norm', 'is_training', is_training,
                          'a bool or a bool tensor',
                          'Pass e.g. is_training=True while training.')
  _argcheck.callable_argument('batch_norm', 'activation_fn', activation_fn)
  _argcheck.collections_argument('batch_norm', 'outputs_collections',
                                 outputs_collections)
  _argcheck.collections_argument('batch_norm', 'updates_collections',
                                 updates_collections)
  _argcheck.variables_collections_argument('batch_norm',
                                           variables_collections, _PARAMETERS)
  initializers = _parameter_dict('param_initializers', param_initializers)
  regularizers = _parameter_dict('param_regularizers', param_regularizers)
  resolved_initializers, resolved_regularizers = {}, {}
  for key, value in initializers.items():
    argument = "param_initializers['%s']" % key
    if key not in _PARAMETERS:
      resolved_initializers[key] = value  # never read
    elif layer_path:
      resolved_initializers[key] = _argcheck.layer_initializer(
          'batch_norm', argument, value)
    else:
      resolved_initializers[key] = _argcheck.variable_initializer(
          'batch_norm', argument, value, shape=())
  for key, value in regularizers.items():
    argument = "param_regularizers['%s']" % key
    if key not in ('beta', 'gamma'):
      resolved_regularizers[key] = value  # never read
      continue
    if layer_path:
      value = _argcheck.layer_regularizer('batch_norm', argument, value)
    else:
      value = _argcheck.variable_regularizer('batch_norm', argument, value)
    resolved_regularizers[key] = value
    shape = _layer_argcheck.static_shape(inputs)
    dtype = _layer_argcheck.static_dtype(inputs)
    if shape is not None and shape.rank and dtype is not None:
      _argcheck.probe_regularizer(
          'batch_norm', argument, value, [shape[-1]], dtype,
          convert_numbers=layer_path)
  return (resolved_initializers if param_initializers else param_initializers,
          resolved_regularizers if param_regularizers else param_regularizers)


def _parameter_dict(argument, value):
  if not value:
    return {}
  if not isinstance(value, collections.abc.Mapping):
    # parity: tf-slim calls value.get(...), so its class is AttributeError.
    raise _argcheck.error(_argcheck.ValueAndAttributeError, 'batch_norm',
                          argument, value,
                          "a dict keyed by 'beta', 'gamma', 'moving_mean' or "
                          "'moving_variance'", "Pass e.g. %s={'beta': "
                          "tf.zeros_initializer()}." % argument)
  return dict(value)


def _check_data_format(data_format):
  if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
    raise ValueError('data_format has to be either NCHW or NHWC. Got %r.' %
                     (data_format,))


def _channel_axis(data_format, rank):
  return 1 if data_format == DATA_FORMAT_NCHW else rank - 1


def _check_rank_known(inputs):
  _layer_argcheck.known_rank(inputs, 'batch_norm')


def _initializer(param_initializers, name, default):
  return (param_initializers or {}).get(name, default)


# The initializer of each parameter when `param_initializers` has none.
_DEFAULT_INITIALIZERS = {
    'beta': tf.zeros_initializer,
    'gamma': tf.ones_initializer,
    'moving_mean': tf.zeros_initializer,
    'moving_variance': tf.ones_initializer,
}


def _parameter(name, *, shape, dtype, param_initializers, trainable,
               variables_collections, **regularizer):
  """One of slim's own batch-norm variables, by name ('beta', 'gamma'...).

  `regularizer` is either empty or ``regularizer=...``: whether the path
  passes one decides whether an arg_scope's regularizer still applies.
  """
  initializer = _initializer(param_initializers, name,
                             _DEFAULT_INITIALIZERS[name]())
  return _variables.given_model_variable(
      name, shape=shape, dtype=dtype, initializer=initializer,
      trainable=trainable, variables_collections=variables_collections,
      **regularizer)


def _moving_statistics(dtype, shape, param_initializers,
                       variables_collections):
  """Creates moving_mean and moving_variance outside any partitioner."""
  with tf.variable_scope(tf.get_variable_scope()) as local_scope:
    local_scope.set_partitioner(None)
    statistic = functools.partial(
        _parameter, shape=shape, dtype=dtype,
        param_initializers=param_initializers, trainable=False,
        variables_collections=variables_collections)
    mean = statistic('moving_mean')
    variance = statistic('moving_variance')
  return mean, variance


def _moving_average(variable, value, decay, zero_debias, make_variable):
  if zero_debias:
    return _moving_averages.zero_debiased_moving_average(variable, value, decay,
                                                         make_variable)
  return _moving_averages.assign_moving_average(variable, value, decay)


def _needs_updates(is_training):
  known = utils.constant_value(is_training)
  return known is None or bool(known)


def _plain_variable(name, **kwargs):
  return tf.get_variable(name, **kwargs)


def _statistics_updates(is_training, *, updates_collections, moving_mean,
                        moving_variance, mean, variance, decay, zero_debias,
                        make_variable, in_place_result):
  """slim's update logic shared by the fused and the moments paths.

  Args:
    is_training: the layer's `is_training`.
    updates_collections: the layer's argument.
    moving_mean, moving_variance: the moving statistics.
    mean, variance: the batch statistics they move towards.
    decay: the moving averages' decay.
    zero_debias: whether `moving_mean` is zero-debiased.
    make_variable: makes the debiasing shadow variables.
    in_place_result: builds what the layer returns while training (an
      identity of its output or of the batch statistics).

  Returns:
    With `updates_collections` None: a function, for the caller's
    `smart_cond` on `is_training`, that builds both updates and then
    ``in_place_result()`` under a control dependency on them.  Otherwise
    None, after adding the two update ops (or, for a run-time
    `is_training`, the values a `tf.cond` selects) to `updates_collections`.
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


def _fused_path(inputs, *, decay, center, scale, epsilon, activation_fn,
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
    # This path passes each parameter's regularizer (None included) on.
    parameter = functools.partial(
        _parameter, shape=params_shape, dtype=dtype,
        param_initializers=param_initializers, trainable=trainable,
        variables_collections=variables_collections)
    if center:
      beta = parameter('beta', regularizer=regularizers.get('beta'))
    else:
      beta = tf.constant(0.0, dtype=dtype, shape=params_shape)
    if scale:
      gamma = parameter('gamma', regularizer=regularizers.get('gamma'))
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
          is_training, updates_collections=updates_collections,
          moving_mean=moving_mean, moving_variance=moving_variance,
          mean=mean, variance=variance, decay=decay,
          zero_debias=zero_debias_moving_mean, make_variable=_plain_variable,
          in_place_result=lambda: tf.identity(outputs))
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


def _moments_path(inputs, *, decay, center, scale, epsilon, activation_fn,
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
    weights_shape = _layer_argcheck.static_shape(batch_weights)
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
    # This path passes no regularizer: an arg_scope's one applies.
    parameter = functools.partial(
        _parameter, shape=params_shape, dtype=dtype,
        param_initializers=param_initializers, trainable=trainable,
        variables_collections=variables_collections)
    beta = parameter('beta') if center else None
    gamma = parameter('gamma') if scale else None
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
          is_training, updates_collections=updates_collections,
          moving_mean=moving_mean, moving_variance=moving_variance,
          mean=mean, variance=variance, decay=decay,
          zero_debias=zero_debias_moving_mean,
          make_variable=_variables.pinned_model_variable,
          in_place_result=lambda: (tf.identity(batch_mean),
                                   tf.identity(batch_variance)))
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


_dry_run.keeps_shape(batch_norm)
