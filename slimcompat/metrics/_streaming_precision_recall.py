"""Streaming precision and recall: overall, per threshold, and at a target.

`streaming_precision`, `streaming_recall`, the per-threshold versions and the
sensitivity/specificity pair are `tf.compat.v1.metrics` with slim's argument
order; `recall_at_precision` and `precision_at_recall` are built on the
confusion counts of `_thresholds`.

`metrics_collections` and `updates_collections`, wherever a metric here takes
them, name the collections its value and its update op are added to.
"""

from slimcompat._compat import tf
from slimcompat._deprecation import deprecated
from slimcompat._div import div
from slimcompat._own_arguments import own_arguments
from slimcompat.metrics import _thresholds
from slimcompat.metrics import _utils


@deprecated(None, 'Please switch to tf.metrics.precision. Note that the order '
            'of the labels and predictions arguments has been switched.')
def streaming_precision(predictions,
                        labels,
                        weights=None,
                        metrics_collections=None,
                        updates_collections=None,
                        name=None):
  """Streaming precision tp / (tp + fp) of boolean predictions.

  Arguments as in `streaming_true_positives`; default scope "precision".
  """
  return _utils.forward(tf.metrics.precision, own_arguments(locals()))


@deprecated(None, 'Please switch to tf.metrics.recall. Note that the order '
            'of the labels and predictions arguments has been switched.')
def streaming_recall(predictions,
                     labels,
                     weights=None,
                     metrics_collections=None,
                     updates_collections=None,
                     name=None):
  """Streaming recall tp / (tp + fn) of boolean predictions.

  Arguments as in `streaming_precision`; default scope "recall".
  """
  return _utils.forward(tf.metrics.recall, own_arguments(locals()))


@deprecated(None,
            'Please switch to tf.metrics.precision_at_thresholds. Note that '
            'the order of the labels and predictions arguments are switched.')
def streaming_precision_at_thresholds(predictions,
                                      labels,
                                      thresholds,
                                      weights=None,
                                      metrics_collections=None,
                                      updates_collections=None,
                                      name=None):
  """Streaming precision at each of `thresholds` (positive: p > threshold).

  Args:
    predictions: float `Tensor` with values in [0, 1].
    labels: bool `Tensor` shaped like `predictions`.
    thresholds: python list of float thresholds.
    weights: optional `Tensor` broadcastable to `labels`.
    name: variable scope name.

  Returns:
    `(precision, update_op)` of shape [len(thresholds)].
  """
  return _utils.forward(tf.metrics.precision_at_thresholds,
                        own_arguments(locals()))


@deprecated(None,
            'Please switch to tf.metrics.recall_at_thresholds. Note that the '
            'order of the labels and predictions arguments has been switched.')
def streaming_recall_at_thresholds(predictions,
                                   labels,
                                   thresholds,
                                   weights=None,
                                   metrics_collections=None,
                                   updates_collections=None,
                                   name=None):
  """Streaming recall at each of `thresholds` (positive: p > threshold).

  Arguments and result as in `streaming_precision_at_thresholds`.
  """
  return _utils.forward(tf.metrics.recall_at_thresholds,
                        own_arguments(locals()))


def streaming_specificity_at_sensitivity(predictions,
                                         labels,
                                         sensitivity,
                                         weights=None,
                                         num_thresholds=200,
                                         metrics_collections=None,
                                         updates_collections=None,
                                         name=None):
  """Streaming specificity at the threshold whose sensitivity is `sensitivity`.

  Args:
    predictions: float `Tensor` with values in [0, 1].
    labels: bool `Tensor` shaped like `predictions`.
    sensitivity: target sensitivity in [0, 1].
    weights: optional `Tensor` broadcastable to `labels`.
    num_thresholds: how many thresholds to search.
    name: variable scope name.

  Returns:
    `(specificity, update_op)`.

  Raises:
    ValueError: if `sensitivity` is outside [0, 1] or shapes disagree.
  """
  return _utils.forward(tf.metrics.specificity_at_sensitivity,
                        own_arguments(locals()))


def streaming_sensitivity_at_specificity(predictions,
                                         labels,
                                         specificity,
                                         weights=None,
                                         num_thresholds=200,
                                         metrics_collections=None,
                                         updates_collections=None,
                                         name=None):
  """Streaming sensitivity at the threshold whose specificity is `specificity`.

  `specificity` is the target in [0, 1]; the other arguments, the result and
  the errors are as in `streaming_specificity_at_sensitivity`.
  """
  return _utils.forward(tf.metrics.sensitivity_at_specificity,
                        own_arguments(locals()))


def _recall_at_precision_value(tp, fp, fn, precision, name, strict_mode):
  """Recall at the threshold chosen for the target `precision`."""
  precisions = div(tp, tp + fp + _utils.EPSILON)

  def recall_at(index):
    return div(tp[index], tp[index] + fn[index] + _utils.EPSILON, name)

  if not strict_mode:
    # The threshold whose precision is closest to the target.
    index = tf.argmin(tf.abs(precisions - precision), 0,
                      output_type=tf.int32)
    return recall_at(index)
  # The threshold with the smallest precision that still reaches the target:
  # 1 / (p - target) is largest for the smallest non-negative difference.
  index = tf.argmax(div(1.0, precisions - precision + _utils.EPSILON), 0,
                    output_type=tf.int32)
  return tf.cond(precisions[index] >= precision, lambda: recall_at(index),
                 lambda: .0)


def recall_at_precision(labels,
                        predictions,
                        precision,
                        weights=None,
                        num_thresholds=200,
                        metrics_collections=None,
                        updates_collections=None,
                        name=None,
                        strict_mode=False):
  """Streaming recall at the threshold that gives precision `precision`.

  Args:
    labels: ground truth shaped like `predictions`, cast to bool.
    predictions: float `Tensor` with values in [0, 1].
    precision: target precision in [0, 1].
    weights: optional `Tensor` broadcastable to `labels`.
    num_thresholds: how many thresholds to search.
    name: variable scope name (default "recall_at_precision").
    strict_mode: if True, use the threshold with the smallest precision that
      is at least `precision` (recall 0 when none reaches it); otherwise the
      threshold whose precision is closest to it.

  Returns:
    `(recall, update_op)`.

  Raises:
    ValueError: if `precision` is outside [0, 1] or shapes disagree.
  """
  if not 0 <= precision <= 1:
    raise ValueError('`precision` must be in the range [0, 1], got %r.' %
                     (precision,))
  with tf.variable_scope(name, 'recall_at_precision',
                         (predictions, labels, weights)):
    thresholds = _thresholds.evenly_spaced_thresholds(num_thresholds)
    values, update_ops = _thresholds.confusion_at_thresholds(
        predictions, labels, thresholds, weights)
    recall = _recall_at_precision_value(values['tp'], values['fp'],
                                        values['fn'], precision, 'value',
                                        strict_mode)
    update_op = _recall_at_precision_value(update_ops['tp'], update_ops['fp'],
                                           update_ops['fn'], precision,
                                           'update_op', strict_mode)
    return _utils.collected(recall, update_op, metrics_collections,
                            updates_collections)


def _precision_at_recall_value(tp, fp, fn, target_recall, name):
  """Precision at the largest threshold whose recall reaches the target."""
  recalls = div(tp, tp + fn + _utils.EPSILON)
  # Recall falls as the threshold rises, so the admissible thresholds are a
  # prefix; the last of them has the smallest recall >= target.
  index = tf.reduce_sum(
      tf.cast(tf.greater_equal(recalls, target_recall), tf.int64)) - 1
  return div(tp[index] + _utils.EPSILON,
             tp[index] + fp[index] + _utils.EPSILON, name)


def precision_at_recall(labels,
                        predictions,
                        target_recall,
                        weights=None,
                        num_thresholds=200,
                        metrics_collections=None,
                        updates_collections=None,
                        name=None):
  """Streaming precision at the threshold where recall reaches a target.

  `target_recall` is the target in [0, 1]; the other arguments, the result and
  the `ValueError` are as in `recall_at_precision` (default scope
  "precision_at_recall").

  Raises:
    RuntimeError: if eager execution is enabled.
  """
  if tf.executing_eagerly():
    raise RuntimeError('tf.metrics.precision_at_recall is not supported when '
                       'eager execution is enabled; build it in a tf.Graph.')
  if target_recall < 0 or target_recall > 1:
    raise ValueError('`target_recall` must be in the range [0, 1], got %r.' %
                     (target_recall,))
  with tf.variable_scope(name, 'precision_at_recall',
                         (predictions, labels, weights)):
    thresholds = _thresholds.evenly_spaced_thresholds(num_thresholds)
    values, update_ops = _thresholds.confusion_at_thresholds(
        predictions, labels, thresholds, weights)
    precision = _precision_at_recall_value(values['tp'], values['fp'],
                                           values['fn'], target_recall,
                                           'value')
    update_op = _precision_at_recall_value(update_ops['tp'], update_ops['fp'],
                                           update_ops['fn'], target_recall,
                                           'update_op')
    return _utils.collected(precision, update_op, metrics_collections,
                            updates_collections)
