"""Confusion counts at a list of thresholds, accumulated over batches.

At threshold t a prediction p counts as positive when p > t.  Each requested
count ('tp', 'fn', 'tn', 'fp') gets a float32 accumulator of shape
[len(thresholds)] named true_positives, false_negatives, true_negatives or
false_positives in the current variable scope.
"""

from slimcompat._compat import tf
from slimcompat.metrics import _utils

_KINDS = ('tp', 'fn', 'tn', 'fp')
_VARIABLE_NAMES = {
    'tp': 'true_positives',
    'fn': 'false_negatives',
    'tn': 'true_negatives',
    'fp': 'false_positives',
}


def evenly_spaced_thresholds(num_thresholds):
  """[-eps, 1/(n-1), ..., (n-2)/(n-1), 1 + eps]: n thresholds covering [0, 1]."""
  inner = [(i + 1) * 1.0 / (num_thresholds - 1)
           for i in range(num_thresholds - 2)]
  return [0.0 - _utils.EPSILON] + inner + [1.0 + _utils.EPSILON]


def _prepare(predictions, labels, weights, check_range):
  if check_range:
    # As tf.metrics does: predictions must lie in [0, 1] and become float32.
    in_range = _utils.unit_interval_asserts(predictions)
    with tf.control_dependencies(in_range):
      return _utils.remove_squeezable_dimensions(
          predictions=tf.cast(predictions, tf.float32),
          labels=tf.cast(labels, dtype=tf.bool),
          weights=weights)
  predictions, labels, weights = _utils.remove_squeezable_dimensions(
      predictions, labels, weights)
  predictions.get_shape().assert_is_compatible_with(labels.get_shape())
  return predictions, labels, weights


def confusion_at_thresholds(predictions, labels, thresholds, weights=None,
                            includes=None, check_range=False):
  """Creates accumulators of confusion counts at `thresholds`.

  Args:
    predictions: float `Tensor` of any shape, values in [0, 1].
    labels: `Tensor` shaped like `predictions`, cast to bool.
    thresholds: python list of float thresholds.
    weights: optional `Tensor` broadcastable to `predictions`.
    includes: the counts to create, a subset of ('tp', 'fn', 'tn', 'fp');
      None for all four.
    check_range: if True, add run-time checks that predictions lie in [0, 1]
      and cast them to float32 (what tf.metrics does).

  Returns:
    `(values, update_ops)`: dicts from the `includes` keys to the variables
    and to their `assign_add` updates.

  Raises:
    ValueError: if a key of `includes` is unknown or the shapes disagree.
  """
  if includes is None:
    includes = _KINDS
  for kind in includes:
    if kind not in _KINDS:
      raise ValueError('Invalid key: %s. `includes` may only hold %s.' %
                       (kind, ', '.join(_KINDS)))
  predictions, labels, weights = _prepare(predictions, labels, weights,
                                          check_range)
  num_thresholds = len(thresholds)

  # Rows are thresholds, columns are the flattened examples.
  predictions_row = tf.reshape(predictions, [-1, 1])
  labels_row = tf.reshape(tf.cast(labels, dtype=tf.bool), [1, -1])
  num_predictions = predictions_row.get_shape().as_list()[0]
  if num_predictions is None:
    num_predictions = tf.shape(predictions_row)[0]
  thresholds_grid = tf.tile(
      tf.expand_dims(tf.constant(thresholds), [1]),
      tf.stack([1, num_predictions]))
  predicted_positive = tf.greater(
      tf.tile(tf.transpose(predictions_row), [num_thresholds, 1]),
      thresholds_grid)
  actual_positive = tf.tile(labels_row, [num_thresholds, 1])

  if weights is not None:
    weights = _utils.broadcast_weights(tf.cast(weights, tf.float32),
                                       predictions)
    weights_grid = tf.tile(tf.reshape(weights, [1, -1]), [num_thresholds, 1])
    thresholds_grid.get_shape().assert_is_compatible_with(
        weights_grid.get_shape())
  else:
    weights_grid = None

  def cell(kind):
    predicted = (predicted_positive if kind in ('tp', 'fp') else
                 tf.logical_not(predicted_positive))
    actual = (actual_positive if kind in ('tp', 'fn') else
              tf.logical_not(actual_positive))
    return tf.cast(tf.logical_and(actual, predicted), tf.float32)

  values, update_ops = {}, {}
  for kind in _KINDS:
    if kind not in includes:
      continue
    total = _utils.metric_variable([num_thresholds], tf.float32,
                                   name=_VARIABLE_NAMES[kind])
    hits = cell(kind)
    if weights_grid is not None:
      hits *= weights_grid
    update_ops[kind] = tf.assign_add(total, tf.reduce_sum(hits, 1))
    values[kind] = total
  return values, update_ops
