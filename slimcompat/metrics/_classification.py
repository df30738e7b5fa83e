"""Classification metrics: plain accuracy of one batch, and the best F1.

`metrics_collections` and `updates_collections`, wherever a metric here takes
them, name the collections its value and its update op are added to.
"""

from slimcompat._compat import tf
from slimcompat._div import div
from slimcompat.metrics import _thresholds
from slimcompat.metrics import _utils


def accuracy(predictions, labels, weights=None, name=None):
  """Fraction of `predictions` equal to `labels` in this batch (no state).

  Args:
    predictions: `Tensor` shaped like `labels`, of a compatible dtype.
    labels: bool, integer or string `Tensor`.
    weights: optional float `Tensor` of per-element weights.
    name: name scope (default "accuracy").

  Returns:
    A float32 scalar `Tensor`.

  Raises:
    ValueError: if `labels` is not bool, integer or string, or the dtypes of
      `predictions` and `labels` differ.
  """
  _check_label_dtypes(predictions, labels)
  with tf.name_scope(name, 'accuracy', values=[predictions, labels]):
    hits = tf.cast(tf.equal(predictions, labels), tf.float32)
    return _weighted_mean(hits, weights)


def _check_label_dtypes(predictions, labels):
  """Labels must be categorical, and comparable with the predictions."""
  label_type = labels.dtype
  if not (label_type.is_integer or label_type in (tf.bool, tf.string)):
    raise ValueError(
        'Labels should have bool, integer, or string dtype, not %r; cast '
        'them (e.g. tf.cast(labels, tf.int64)) first.' % label_type)
  if not label_type.is_compatible_with(predictions.dtype):
    raise ValueError('Dtypes of predictions and labels should match. '
                     'Given: predictions (%r) and labels (%r)' %
                     (predictions.dtype, label_type))


def _weighted_mean(hits, weights):
  """Mean of `hits`, or its weights-weighted mean (weights broadcast)."""
  if weights is None:
    return tf.reduce_mean(hits)
  weighted = tf.multiply(hits, weights)
  # Weights as broad as the hits, so that broadcast weights count per hit.
  spread = tf.multiply(weights, tf.ones_like(weighted))
  return div(tf.reduce_sum(weighted), tf.reduce_sum(spread))


def f1_score(labels, predictions, weights=None, num_thresholds=200,
             metrics_collections=None, updates_collections=None, name=None):
  """Streaming best F1 score over `num_thresholds` evenly spaced thresholds.

  F1 = 2 * precision * recall / (precision + recall) at each threshold; the
  maximum is returned.  Choosing the threshold on the evaluation data makes
  this optimistic; a fixed threshold is the unbiased alternative.

  Args:
    labels: `Tensor` shaped like `predictions`, cast to bool.
    predictions: float `Tensor` with values in [0, 1] (checked at run time).
    weights: optional `Tensor` broadcastable to `labels`.
    num_thresholds: number of thresholds.
    name: variable scope name (default "f1").

  Returns:
    `(f1_score, update_op)`.

  Raises:
    ValueError: if shapes disagree or the collections are not lists/tuples.
  """
  with tf.variable_scope(name, 'f1', (labels, predictions, weights)):
    predictions, labels, weights = _utils.remove_squeezable_dimensions(
        predictions=predictions, labels=labels, weights=weights)
    epsilon = _utils.EPSILON
    values, update_ops = _thresholds.confusion_at_thresholds(
        predictions, labels, _thresholds.evenly_spaced_thresholds(
            num_thresholds),
        weights, includes=('tp', 'fp', 'fn'), check_range=True)

    def best_f1(counts, suffix):
      tp, fp, fn = counts['tp'], counts['fp'], counts['fn']
      precision = div(tp, epsilon + tp + fp, name='precision_' + suffix)
      recall = div(tp, epsilon + tp + fn, name='recall_' + suffix)
      f1 = 2.0 * precision * recall / (precision + recall + epsilon)
      return tf.reduce_max(f1)

    value = _utils.value_across_replicas(
        metrics_collections, lambda _, counts: best_f1(counts, 'value'),
        values)
    update_op = best_f1(update_ops, 'update')
    _utils.add_to_collections(updates_collections, update_op)
    return value, update_op
