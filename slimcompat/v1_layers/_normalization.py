"""Batch normalization of the TF1 layers API, with its function.

Variables ``gamma``, ``beta``, ``moving_mean``, ``moving_variance`` (and with
renorm ``moving_stddev``, ``renorm_mean``, ``renorm_stddev``).  In training
the moving averages are updated by ops the layer lists in `updates` and puts
in ``UPDATE_OPS``; with ``training=False`` (a Python bool) there are none.
4-D and 5-D inputs normalized over one channel axis use the fused kernel
unless renorm, a virtual batch or an adjustment asks for the plain maths.
"""

import functools

from slimcompat._colocation import colocated_with
from slimcompat._compat import tf, tf2, tf2_behavior_enabled
from slimcompat._own_arguments import own_arguments
from slimcompat.v1_layers import _forward
from slimcompat.v1_layers._base import Layer, learning_phase
from slimcompat.v1_layers._core import smart_cond as _cond
from slimcompat.v1_layers._input_spec import InputSpec

_FUSED_FORMATS = {(1, 4): 'NCHW', (3, 4): 'NHWC', (1, 5): 'NCDHW',
                  (4, 5): 'NDHWC'}


def _static(training):
  if isinstance(training, (tf.Tensor, tf.Variable)):
    return tf2.get_static_value(training)
  return training


class BatchNormalization(Layer):
  """Normalizes over the batch (and all axes but `axis`); see
  `batch_normalization` for the arguments."""

  def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True,
               scale=True, beta_initializer=tf.zeros_initializer(),
               gamma_initializer=tf.ones_initializer(),
               moving_mean_initializer=tf.zeros_initializer(),
               moving_variance_initializer=tf.ones_initializer(),
               beta_regularizer=None, gamma_regularizer=None,
               beta_constraint=None, gamma_constraint=None, renorm=False,
               renorm_clipping=None, renorm_momentum=0.99, fused=None,
               trainable=True, virtual_batch_size=None, adjustment=None,
               name=None, **kwargs):
    if isinstance(axis, (list, tuple)):
      axis = list(axis)
    elif not isinstance(axis, int):
      raise TypeError('Expected an int or a list/tuple of ints for the '
                      'argument `axis`, but received: %r' % (axis,))
    if renorm:
      renorm_clipping = renorm_clipping or {}
      unknown = set(renorm_clipping) - {'rmax', 'rmin', 'dmax'}
      if unknown:
        raise ValueError('Received invalid keys for `renorm_clipping` '
                         'argument: %r. Supported values: rmax, rmin, dmax.'
                         % (renorm_clipping,))
    self.axis = axis
    self.momentum = momentum
    self.epsilon = epsilon
    self.center = center
    self.scale = scale
    self.beta_initializer = beta_initializer
    self.gamma_initializer = gamma_initializer
    self.moving_mean_initializer = moving_mean_initializer
    self.moving_variance_initializer = moving_variance_initializer
    self.beta_regularizer = beta_regularizer
    self.gamma_regularizer = gamma_regularizer
    self.beta_constraint = beta_constraint
    self.gamma_constraint = gamma_constraint
    self.renorm = renorm
    self.renorm_clipping = renorm_clipping
    self.renorm_momentum = renorm_momentum
    self.virtual_batch_size = virtual_batch_size
    self.adjustment = adjustment
    self.fused = True if fused is None else fused
    super(BatchNormalization, self).__init__(trainable=trainable, name=name,
                                             **kwargs)

  @property
  def _param_dtype(self):
    if self.dtype in ('float16', 'bfloat16'):
      return tf.float32
    return tf2.as_dtype(self.dtype or tf.float32)

  # ----------------------------------------------------------------- build
  def _check_axes(self, rank):
    axes = [self.axis] if isinstance(self.axis, int) else list(self.axis)
    if rank is None:
      raise ValueError('Input has undefined rank; batch normalization needs '
                       'a known rank.')
    normalized = []
    for axis in axes:
      if not -rank <= axis < rank:
        raise ValueError('Invalid value for `axis` argument. Expected '
                         '0 <= axis < inputs.rank (with inputs.rank=%d). '
                         'Received: axis=%r' % (rank, self.axis))
      normalized.append(axis % rank)
    if len(set(normalized)) != len(normalized):
      raise ValueError('Duplicate axis: %r' % (self.axis,))
    return normalized

  def _fused_possible(self, rank):
    return (rank in (4, 5) and not self.renorm and len(self.axis) == 1 and
            self.virtual_batch_size is None and self.adjustment is None and
            self.dtype in ('float16', 'bfloat16', 'float32', None) and
            (self.axis[0], rank) in _FUSED_FORMATS)

  def build(self, input_shape):
    shape = tf2.TensorShape(input_shape)
    rank = shape.rank
    self.axis = self._check_axes(rank)
    if self.virtual_batch_size is not None:
      if self.virtual_batch_size <= 0:
        raise ValueError('`virtual_batch_size` must be a positive integer '
                         'that divides the true batch size of the input. '
                         'Received: virtual_batch_size=%r' %
                         (self.virtual_batch_size,))
      if 0 in self.axis:
        raise ValueError('With `virtual_batch_size`, axis cannot include the '
                         'batch axis 0. Received axis=%r' % (self.axis,))
      if self.adjustment is not None:
        raise ValueError('With `virtual_batch_size`, adjustment cannot be '
                         'specified.')
    if self.fused:
      self.fused = self._fused_possible(rank)
    if self.fused:
      self._data_format = _FUSED_FORMATS[self.axis[0], rank]
    sizes = {axis: shape.as_list()[axis] for axis in self.axis}
    if any(size is None for size in sizes.values()):
      raise ValueError('Input has undefined `axis` dimension. Received input '
                       'with shape %s and axis=%r' % (shape, self.axis))
    sizes = {axis: int(size) for axis, size in sizes.items()}
    self.input_spec = InputSpec(ndim=rank, axes=sizes)
    if len(sizes) == 1 and self.virtual_batch_size is None:
      param_shape = (sizes[self.axis[0]],)
    else:
      param_shape = [sizes.get(i, 1) for i in range(rank)]
      if self.virtual_batch_size is not None:
        param_shape.insert(1, 1)
        self.axis = [axis + 1 for axis in self.axis]
    self._param_shape = param_shape
    self._make_weights(param_shape)
    self.built = True

  def _make_weights(self, param_shape):
    dtype = self._param_dtype
    self.gamma = self.beta = None
    if self.scale:
      self.gamma = self.add_weight(
          'gamma', shape=param_shape, dtype=dtype,
          initializer=self.gamma_initializer,
          regularizer=self.gamma_regularizer,
          constraint=self.gamma_constraint, trainable=True)
    if self.center:
      self.beta = self.add_weight(
          'beta', shape=param_shape, dtype=dtype,
          initializer=self.beta_initializer,
          regularizer=self.beta_regularizer, constraint=self.beta_constraint,
          trainable=True)
    # Moving statistics are never partitioned.
    partitioner = self._scope.partitioner if self._scope else None
    if partitioner:
      self._scope.set_partitioner(None)
    try:
      self.moving_mean = self._statistic(
          'moving_mean', param_shape, self.moving_mean_initializer)
      self.moving_variance = self._statistic(
          'moving_variance', param_shape, self.moving_variance_initializer)
      if self.renorm:
        root_init = sqrt_of(self.moving_variance_initializer)
        self.moving_stddev = self._statistic('moving_stddev', param_shape,
                                             root_init)
        self.renorm_mean = self._statistic('renorm_mean', param_shape,
                                           tf.zeros_initializer())
        self.renorm_stddev = self._statistic('renorm_stddev', param_shape,
                                             root_init)
    finally:
      if partitioner:
        self._scope.set_partitioner(partitioner)

  def _statistic(self, name, shape, initializer):
    return self.add_weight(
        name, shape=shape, dtype=self._param_dtype, initializer=initializer,
        synchronization=tf.VariableSynchronization.ON_READ, trainable=False,
        aggregation=tf.VariableAggregation.MEAN)

  # ---------------------------------------------------------------- call
  def call(self, inputs, training=False):
    if training is None:
      training = learning_phase()
    known = _static(training)
    if self.virtual_batch_size is not None:
      original = tf.shape(inputs)
      original = tf.concat([tf.constant([-1]), original[1:]], axis=0)
      lead = ([self.virtual_batch_size, -1]
              if known or not tf2_behavior_enabled() else [-1, 1])
      inputs = tf.reshape(
          inputs, tf.concat([tf.constant(lead), original[1:]], axis=0))
    if self.fused:
      outputs = self._fused(inputs, training, known)
    else:
      outputs = self._plain(inputs, training, known)
    if self.virtual_batch_size is not None:
      outputs = tf.reshape(outputs, original)
    return outputs

  def _fused(self, inputs, training, known):
    dtype = self._param_dtype
    gamma = self.gamma if self.scale else tf.constant(
        1.0, dtype=dtype, shape=self._param_shape)
    beta = self.beta if self.center else tf.constant(
        0.0, dtype=dtype, shape=self._param_shape)

    def run(is_training):
      return lambda: tf.nn.fused_batch_norm(
          inputs, gamma, beta, mean=self.moving_mean,
          variance=self.moving_variance, epsilon=self.epsilon,
          is_training=is_training, data_format=self._data_format)
    outputs, mean, variance = _cond(training, run(True), run(False))
    if known or known is None:
      if known is None:
        momentum = _cond(training, lambda: self.momentum, lambda: 1.0)
      else:
        momentum = tf.convert_to_tensor(self.momentum)
      self.add_update(lambda: moving_average(self.moving_mean, mean,
                                             momentum))
      self.add_update(lambda: moving_average(self.moving_variance,
                                             variance, momentum))
    return outputs

  def _plain(self, inputs, training, known):
    in_dtype = inputs.dtype.base_dtype
    if in_dtype in (tf.float16, tf.bfloat16):
      inputs = tf.cast(inputs, tf.float32)
    shape = inputs.shape
    rank = shape.rank
    reduce_axes = [i for i in range(rank) if i not in self.axis]
    if self.virtual_batch_size is not None:
      del reduce_axes[1]
    broadcast_shape = [1] * rank
    broadcast_shape[self.axis[0]] = shape.as_list()[self.axis[0]]

    def broadcast(value):
      if (value is not None and value.shape.rank != rank and
          reduce_axes != list(range(rank - 1))):
        return tf.reshape(value, broadcast_shape)
      return value

    scale, offset = broadcast(self.gamma), broadcast(self.beta)
    if known is False:
      mean, variance = self.moving_mean, self.moving_variance
    else:
      if self.adjustment:
        adj_scale, adj_bias = self.adjustment(tf.shape(inputs))
        adj_scale = _cond(training, lambda: adj_scale,
                          lambda: tf.ones_like(adj_scale))
        adj_bias = _cond(training, lambda: adj_bias,
                         lambda: tf.zeros_like(adj_bias))
        scale, offset = compose_affine(adj_scale, adj_bias, scale, offset)
      keep = self.virtual_batch_size is not None or len(self.axis) > 1
      batch_mean, batch_variance = tf.nn.moments(
          tf.cast(inputs, self._param_dtype), reduce_axes, keep_dims=keep)
      mean = _cond(training, lambda: batch_mean,
                   lambda: tf.convert_to_tensor(self.moving_mean))
      variance = _cond(training, lambda: batch_variance,
                       lambda: tf.convert_to_tensor(self.moving_variance))
      if self.virtual_batch_size is not None:
        new_mean = tf.reduce_mean(mean, axis=1, keepdims=True)
        new_variance = tf.reduce_mean(variance, axis=1, keepdims=True)
      else:
        new_mean, new_variance = mean, variance
      if self.renorm:
        r, d, new_mean, new_variance = renorm_terms(
            new_mean, new_variance, self.renorm_mean, self.renorm_stddev,
            epsilon=self.epsilon, clipping=self.renorm_clipping,
            momentum=self.renorm_momentum,
            cond=functools.partial(_cond, training))
        r = broadcast(tf.stop_gradient(r, name='renorm_r'))
        d = broadcast(tf.stop_gradient(d, name='renorm_d'))
        scale, offset = compose_affine(r, d, scale, offset)
      self._add_moving_updates(training, new_mean, new_variance)
    return normalize(inputs, mean, variance, offset, scale, self.epsilon,
                     broadcast, in_dtype)

  def _add_moving_updates(self, training, new_mean, new_variance):
    def mean_update():
      return _cond(training,
                   lambda: moving_average(self.moving_mean, new_mean,
                                          self.momentum),
                   lambda: self.moving_mean)

    def variance_update():
      def renormed():
        stddev = moving_average(
            self.moving_stddev, tf.sqrt(new_variance + self.epsilon),
            self.momentum)
        return assign_new_value(
            self.moving_variance,
            tf.nn.relu(stddev * stddev - self.epsilon))
      if self.renorm:
        branch = renormed
      else:
        def branch():
          return moving_average(self.moving_variance, new_variance,
                                self.momentum)
      return _cond(training, branch, lambda: self.moving_variance)

    self.add_update(mean_update)
    self.add_update(variance_update)

  def compute_output_shape(self, input_shape):
    return tf2.TensorShape(input_shape)


# The arithmetic below is shared with slim's `batch_norm`, whose default path
# builds this layer's graph op for op (layers/_batch_norm_layer_graph.py).


def compose_affine(scale, offset, then_scale, then_offset):
  """The affine map x*scale+offset followed by x*then_scale+then_offset
  (either of the latter may be None)."""
  if then_scale is not None:
    scale *= then_scale
    offset *= then_scale
  if then_offset is not None:
    offset += then_offset
  return scale, offset


def normalize(inputs, mean, variance, offset, scale, epsilon, broadcast,
              out_dtype):
  """tf.nn.batch_normalization of `inputs`, its terms cast to the inputs'
  dtype and passed through `broadcast`; the result cast to `out_dtype` and
  given the inputs' static shape."""
  dtype = inputs.dtype
  mean = tf.cast(mean, dtype)
  variance = tf.cast(variance, dtype)
  offset = None if offset is None else tf.cast(offset, dtype)
  scale = None if scale is None else tf.cast(scale, dtype)
  outputs = tf.nn.batch_normalization(inputs, broadcast(mean),
                                      broadcast(variance), offset, scale,
                                      epsilon)
  if out_dtype != dtype.base_dtype:
    outputs = tf.cast(outputs, out_dtype)
  outputs.set_shape(inputs.shape)
  return outputs


def renorm_terms(mean, variance, renorm_mean, renorm_stddev, *, epsilon,
                 clipping, momentum, cond):
  """Batch renormalization's corrections r and d, and the batch moments to
  feed the moving averages (once the renorm statistics are updated).

  ``r = stddev / renorm_stddev``, ``d = (mean - renorm_mean) /
  renorm_stddev`` (renorm_stddev at least sqrt(epsilon)).  `cond(true_fn,
  false_fn)` branches on the training flag: in training r and d are clipped
  as `clipping` ('rmin', 'rmax', 'dmax') says and the renorm statistics move
  towards the batch's with `momentum`; otherwise r is 1, d is 0 and the
  statistics stay.
  """
  stddev = tf.sqrt(variance + epsilon)
  floor = tf.maximum(renorm_stddev, tf.sqrt(epsilon))
  r = stddev / floor
  d = (mean - renorm_mean) / floor
  with tf.control_dependencies([r, d]):
    mean = tf.identity(mean)
    stddev = tf.identity(stddev)
  if clipping.get('rmin') is not None:
    r = tf.maximum(r, clipping['rmin'])
  if clipping.get('rmax') is not None:
    r = tf.minimum(r, clipping['rmax'])
  if clipping.get('dmax') is not None:
    d = tf.minimum(tf.maximum(d, -clipping['dmax']), clipping['dmax'])
  r = cond(lambda: r, lambda: tf.ones_like(r))
  d = cond(lambda: d, lambda: tf.zeros_like(d))

  def track(variable, value):
    value = tf.identity(value)
    return cond(lambda: moving_average(variable, value, momentum),
                lambda: tf.identity(variable))
  tracked = [track(renorm_mean, mean), track(renorm_stddev, stddev)]
  with tf.control_dependencies(tracked):
    return r, d, tf.identity(mean), tf.identity(variance)


def moving_average(variable, value, momentum):
  """The op ``variable -= (variable - value) * (1 - momentum)``, named
  ``AssignMovingAvg`` and placed with the variable."""
  with tf.name_scope('AssignMovingAvg') as scope:
    with colocated_with(variable):
      decay = tf.convert_to_tensor(1.0 - momentum, name='decay')
      base = variable.dtype.base_dtype
      if decay.dtype != base:
        decay = tf.cast(decay, base)
      delta = (variable - tf.cast(value, base)) * decay
      return tf.assign_sub(variable, delta, name=scope)


def assign_new_value(variable, value):
  """The op ``variable = value``, named ``AssignNewValue``."""
  with tf.name_scope('AssignNewValue') as scope:
    with colocated_with(variable):
      return tf.assign(variable, value, name=scope)


def sqrt_of(initializer):
  """An initializer giving the square root of `initializer`'s values."""
  def root(*args, **kwargs):
    return tf.sqrt(initializer(*args, **kwargs))
  return root


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3,
                        center=True, scale=True,
                        beta_initializer=tf.zeros_initializer(),
                        gamma_initializer=tf.ones_initializer(),
                        moving_mean_initializer=tf.zeros_initializer(),
                        moving_variance_initializer=tf.ones_initializer(),
                        beta_regularizer=None, gamma_regularizer=None,
                        beta_constraint=None, gamma_constraint=None,
                        training=False, trainable=True, name=None, reuse=None,
                        renorm=False, renorm_clipping=None,
                        renorm_momentum=0.99, fused=None,
                        virtual_batch_size=None, adjustment=None):
  """Batch normalization of `inputs` in the layer scope `name` (default
  'batch_normalization').

  `training` (a Python bool or a bool tensor) chooses batch statistics and
  moving-average updates (in ``UPDATE_OPS``, to run with the train op) over
  the moving averages.  Returns the normalized tensor.
  """
  return _forward.apply_layer(BatchNormalization, own_arguments(locals()),
                              call_arguments=('training',))
