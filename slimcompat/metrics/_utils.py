"""Helpers shared by the metric files (private to slimcompat.metrics).

Public-API versions of what tf-slim took from TensorFlow's private
``metrics_impl`` and ``weights_broadcast_ops``: accumulator variables, the
rank fix-ups between predictions, labels and weights, weight broadcasting, and
the cross-replica read of a metric value.
"""

from slimcompat._compat import tf

# Small constant that keeps divisions and threshold ends away from 0 and 1.
EPSILON = 1e-7

_BROADCAST_ERROR = 'weights can not be broadcast to values.'


def metric_variable(shape, dtype, validate_shape=True, name=None):
  """A zero-initialised accumulator in LOCAL_VARIABLES and METRIC_VARIABLES.

  Non-trainable and, under a distribution strategy, summed across replicas
  when read (sync on read).

  Args:
    shape: its shape.
    dtype: its dtype.
    validate_shape: whether later assignments must keep the shape.
    name: its name.

  Returns:
    The variable.
  """
  return tf.Variable(
      lambda: tf.zeros(shape, dtype),
      trainable=False,
      collections=[tf.GraphKeys.LOCAL_VARIABLES,
                   tf.GraphKeys.METRIC_VARIABLES],
      validate_shape=validate_shape,
      synchronization=tf.VariableSynchronization.ON_READ,
      aggregation=tf.VariableAggregation.SUM,
      name=name)


def add_to_collections(collections, value):
  """Adds `value` to each key of `collections` (nothing when it is empty)."""
  if collections:
    tf.add_to_collections(collections, value)


def value_across_replicas(metrics_collections, value_fn, *args):
  """Builds a metric value once for all replicas and files it.

  `value_fn(distribution, *args)` runs in the cross-replica context (where a
  sync-on-read variable reads as its sum); outside any distribution strategy
  it simply runs.

  Returns:
    What `value_fn` returns.
  """
  def build(distribution, *inner_args):
    value = value_fn(distribution, *inner_args)
    add_to_collections(metrics_collections, value)
    return value
  return tf.distribute.get_replica_context().merge_call(build, args=args)


def read_across_replicas(variable, metrics_collections):
  """The value of a metric variable summed over replicas, filed as a metric."""
  return value_across_replicas(
      metrics_collections,
      lambda distribution, var: distribution.extended.read_var(var), variable)


def squeeze_extra_dimension(labels, predictions, expected_rank_diff=0):
  """Drops a trailing size-1 axis so that the ranks differ as expected.

  When rank(predictions) - rank(labels) is one more (or less) than
  `expected_rank_diff` and the larger one ends in a size-1 axis, that axis is
  squeezed; with unknown ranks the choice is made when the graph runs.

  Returns:
    `(labels, predictions)`.
  """
  with tf.name_scope(None, 'remove_squeezable_dimensions',
                     [labels, predictions]):
    predictions = tf.convert_to_tensor(predictions)
    labels = tf.convert_to_tensor(labels)
    predictions_shape = predictions.get_shape()
    labels_shape = labels.get_shape()
    predictions_rank = predictions_shape.ndims
    labels_rank = labels_shape.ndims
    if labels_rank is not None and predictions_rank is not None:
      rank_diff = predictions_rank - labels_rank
      if (rank_diff == expected_rank_diff + 1 and
          predictions_shape.dims[-1].is_compatible_with(1)):
        predictions = tf.squeeze(predictions, [-1])
      elif (rank_diff == expected_rank_diff - 1 and
            labels_shape.dims[-1].is_compatible_with(1)):
        labels = tf.squeeze(labels, [-1])
      return labels, predictions

    rank_diff = tf.rank(predictions) - tf.rank(labels)
    if (predictions_rank is None or
        predictions_shape.dims[-1].is_compatible_with(1)):
      predictions = tf.cond(
          tf.equal(expected_rank_diff + 1, rank_diff),
          lambda: tf.squeeze(predictions, [-1]), lambda: predictions)
    if labels_rank is None or labels_shape.dims[-1].is_compatible_with(1):
      labels = tf.cond(
          tf.equal(expected_rank_diff - 1, rank_diff),
          lambda: tf.squeeze(labels, [-1]), lambda: labels)
    return labels, predictions


def remove_squeezable_dimensions(predictions, labels, weights):
  """Aligns the ranks of predictions, labels and weights.

  Predictions and labels whose ranks differ by one lose the trailing size-1
  axis of the larger; non-scalar weights whose rank differs from the
  predictions' by one get their last axis squeezed or a new one appended.

  Args:
    predictions: `Tensor` of any shape.
    labels: `Tensor` or None.
    weights: `Tensor`, scalar or None.

  Returns:
    `(predictions, labels, weights)`.

  Raises:
    ValueError: if predictions and labels have incompatible shapes.
  """
  predictions = tf.convert_to_tensor(predictions)
  if labels is not None:
    labels, predictions = squeeze_extra_dimension(labels, predictions)
    predictions.get_shape().assert_is_compatible_with(labels.get_shape())
  if weights is None:
    return predictions, labels, None

  weights = tf.convert_to_tensor(weights)
  weights_shape = weights.get_shape()
  weights_rank = weights_shape.ndims
  if weights_rank == 0:
    return predictions, labels, weights
  predictions_rank = predictions.get_shape().ndims
  if predictions_rank is not None and weights_rank is not None:
    if weights_rank - predictions_rank == 1:
      weights = tf.squeeze(weights, [-1])
    elif predictions_rank - weights_rank == 1:
      weights = tf.expand_dims(weights, [-1])
    return predictions, labels, weights

  # A rank is only known when the graph runs: decide there.
  rank_diff = tf.rank(weights) - tf.rank(predictions)
  if weights_rank is not None and not weights_shape.dims[-1].is_compatible_with(
      1):
    squeezed = lambda: weights
  else:
    squeezed = lambda: tf.squeeze(weights, [-1])
  expanded = lambda: tf.cond(tf.equal(rank_diff, -1),
                             lambda: tf.expand_dims(weights, [-1]),
                             lambda: weights)
  adjusted = lambda: tf.cond(tf.equal(rank_diff, 1), squeezed, expanded)
  weights = tf.cond(tf.equal(tf.rank(weights), 0), lambda: weights, adjusted)
  return predictions, labels, weights


def _valid_nonscalar_dims(weights_shape, values_shape):
  """True when every weights dim is 1 or the matching values dim."""
  values_column = tf.expand_dims(values_shape, -1)
  allowed = tf.concat((values_column, tf.ones_like(values_column)), axis=1)
  invalid = tf.sets.difference(tf.expand_dims(weights_shape, -1), allowed)
  return tf.equal(0, tf.size(invalid.values))


def assert_broadcastable(weights, values):
  """Checks that `weights` is scalar or values-ranked with dims 1 or equal.

  Static shapes are checked at once (ValueError); what is only known when
  the graph runs is checked by the returned assert op.

  Args:
    weights: `Tensor` of weights.
    values: `Tensor` the weights apply to.

  Returns:
    An op that checks at run time (a no-op when the static check sufficed).

  Raises:
    ValueError: if the static shapes cannot broadcast.
  """
  with tf.name_scope(None, 'assert_broadcastable', (weights, values)) as scope:
    weights = tf.convert_to_tensor(weights, name='weights')
    values = tf.convert_to_tensor(values, name='values')
    weights_shape = tf.shape(weights)
    values_shape = tf.shape(values)
    weights_rank = tf.rank(weights)
    values_rank = tf.rank(values)
    static_weights_rank = tf.get_static_value(weights_rank)
    static_values_rank = tf.get_static_value(values_rank)
    if static_weights_rank is not None and static_values_rank is not None:
      if static_weights_rank == 0:
        return tf.no_op(name='static_scalar_check_success')
      if static_weights_rank != static_values_rank:
        raise ValueError(
            '%s values.rank=%s. weights.rank=%s. values.shape=%s. '
            'weights.shape=%s. Weights must be a scalar or have the rank of '
            'the values.' % (_BROADCAST_ERROR, static_values_rank,
                             static_weights_rank, values.get_shape(),
                             weights.get_shape()))
      static_weights_shape = tf.get_static_value(weights_shape)
      static_values_shape = tf.get_static_value(values_shape)
      if static_weights_shape is not None and static_values_shape is not None:
        for axis, (w_dim, v_dim) in enumerate(
            zip(static_weights_shape, static_values_shape)):
          if w_dim not in (1, v_dim):
            raise ValueError(
                '%s Mismatch at dim %d. values.shape=%s, weights.shape=%s. '
                'Each weights dimension must be 1 or equal to the values '
                'dimension.' % (_BROADCAST_ERROR, axis, static_values_shape,
                                static_weights_shape))
        return tf.no_op(name='static_dims_check_success')

    is_scalar = tf.equal(0, weights_rank, name='is_scalar')
    same_rank = lambda: tf.cond(
        tf.equal(values_rank, weights_rank),
        lambda: _valid_nonscalar_dims(weights_shape, values_shape),
        lambda: tf.equal(values_rank, weights_rank))
    is_valid = tf.cond(is_scalar, lambda: is_scalar, same_rank,
                       name='is_valid_shape')
    return tf.Assert(
        is_valid,
        (_BROADCAST_ERROR, 'weights.shape=', weights.name, weights_shape,
         'values.shape=', values.name, values_shape, 'is_scalar=', is_scalar),
        name=scope)


def broadcast_weights(weights, values):
  """`weights` broadcast to the shape of `values` (after checking it may be).

  Args:
    weights: `Tensor` accepted by `assert_broadcastable`.
    values: `Tensor` of any shape.

  Returns:
    `Tensor` of weights shaped like `values`.
  """
  with tf.name_scope(None, 'broadcast_weights', (weights, values)) as scope:
    values = tf.convert_to_tensor(values, name='values')
    weights = tf.convert_to_tensor(
        weights, dtype=values.dtype.base_dtype, name='weights')
    weights_shape = weights.get_shape()
    values_shape = values.get_shape()
    if (weights_shape.is_fully_defined() and
        values_shape.is_fully_defined() and
        weights_shape.is_compatible_with(values_shape)):
      return weights
    with tf.control_dependencies((assert_broadcastable(weights, values),)):
      return tf.multiply(weights, tf.ones_like(values), name=scope)


def collected(value, update_op, metrics_collections, updates_collections):
  """`(value, update_op)`, each added to its collections first."""
  add_to_collections(metrics_collections, value)
  add_to_collections(updates_collections, update_op)
  return value, update_op


def forward(tf_metric, arguments):
  """Calls `tf_metric` with a slim metric's own arguments, all by keyword.

  A slim metric that `tf.compat.v1.metrics` still has takes the same parameter
  names there, only in another order (labels first), so the slim function
  passes its `locals()` as its first statement and nothing can be swapped.
  """
  return tf_metric(**arguments)


def at_k_name(name, k=None, class_id=None):
  """Default scope name of an @k metric: name_at_<k>[_class<id>]."""
  name = '%s_at_%d' % (name, k) if k is not None else '%s_at_k' % name
  if class_id is not None:
    name = '%s_class%d' % (name, class_id)
  return name


def safe_scalar_div(numerator, denominator, name):
  """numerator / denominator, or 0 where the denominator is 0."""
  numerator.get_shape().with_rank_at_most(1)
  denominator.get_shape().with_rank_at_most(1)
  return tf.math.divide_no_nan(numerator, denominator, name=name)


def unit_interval_asserts(predictions):
  """The two assert ops that check every prediction lies in [0, 1]."""
  message = 'predictions must be in [0, 1]'
  low = tf.cast(0.0, dtype=predictions.dtype)
  at_least_low = tf.assert_greater_equal(predictions, low, message=message)
  high = tf.cast(1.0, dtype=predictions.dtype)
  at_most_high = tf.assert_less_equal(predictions, high, message=message)
  return [at_least_low, at_most_high]
