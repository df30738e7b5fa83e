"""Exact AUC over everything seen so far, from concatenated predictions.

Both metrics keep every label, prediction (and weight) with
`streaming_concat`, so memory grows with the evaluation set.
`streaming_dynamic_auc` integrates the ROC or PR curve with each distinct
prediction as a threshold; `auc_with_confidence_intervals` uses placement
values (DeLong et al. 1988, in the form of Sun and Xu 2014) and also gives an
asymptotic normal confidence interval.

`metrics_collections` and `updates_collections`, wherever a metric here takes
them, name the collections its value and its update op are added to.
"""

import collections

from slimcompat._compat import tf
from slimcompat.metrics import _utils
from slimcompat.metrics._streaming_concat import streaming_concat

AucData = collections.namedtuple('AucData', ['auc', 'lower', 'upper'])


def _zero_one_label_checks(labels):
  return [
      tf.assert_greater_equal(
          labels, tf.zeros_like(labels, tf.int64),
          message='labels must be 0 or 1, at least one is <0'),
      tf.assert_less_equal(
          labels, tf.ones_like(labels, tf.int64),
          message='labels must be 0 or 1, at least one is >1'),
  ]


def _cumulative_at(values, splits):
  """Running sums of `values` (with a leading 0) read at `splits`."""
  return tf.gather(tf.pad(tf.cumsum(values), paddings=[[1, 0]]), splits)


def _compute_dynamic_auc(labels, predictions, curve='ROC', weights=None):
  """Trapezoidal AUC with every distinct prediction as a threshold.

  Args:
    labels: int64 0/1 `Tensor`, 1-D.
    predictions: float64 `Tensor`, 1-D.
    curve: 'ROC' or 'PR'.
    weights: optional float64 `Tensor`, 1-D.

  Returns:
    float64 scalar; 0 when all labels are equal.
  """
  size = tf.size(predictions)
  if weights is None:
    weights = tf.ones_like(labels, dtype=tf.float64)
  labels, predictions, weights = _utils.remove_squeezable_dimensions(
      labels, predictions, weights)
  zeros = lambda like: tf.zeros_like(like, dtype=tf.float64)
  total_weight = tf.reduce_sum(weights)
  total_positive = tf.reduce_sum(
      tf.where(tf.greater(labels, 0), weights, zeros(labels)))

  def integrate():
    # Highest predictions first; ties form one step of the curve.
    ordered_predictions, order = tf.nn.top_k(predictions, k=size)
    ordered_labels = tf.gather(labels, order)
    ordered_weights = tf.gather(weights, order)
    _, _, tie_counts = tf.unique_with_counts(ordered_predictions)
    splits = tf.cast(tf.pad(tf.cumsum(tie_counts), paddings=[[1, 0]]),
                     tf.int32)
    true_positives = _cumulative_at(
        tf.where(tf.greater(ordered_labels, 0), ordered_weights,
                 zeros(ordered_labels)), splits)
    if curve == 'ROC':
      false_positives = _cumulative_at(
          tf.where(tf.less(ordered_labels, 1), ordered_weights,
                   zeros(ordered_labels)), splits)
      xs = tf.truediv(false_positives, total_weight - total_positive)
      ys = tf.truediv(true_positives, total_positive)
    else:
      xs = tf.truediv(true_positives, total_positive)
      predicted_positive = _cumulative_at(ordered_weights, splits)
      # Precision is 1 before the first positive prediction.
      ys = tf.where(tf.greater(splits, 0),
                    tf.truediv(true_positives, predicted_positive),
                    tf.ones_like(true_positives, dtype=tf.float64))
    heights = tf.add(ys[1:], ys[:-1]) / 2.0
    widths = tf.abs(tf.subtract(xs[1:], xs[:-1]))
    return tf.reduce_sum(tf.multiply(heights, widths))

  undefined = tf.logical_or(tf.equal(total_positive, 0),
                            tf.equal(total_positive, total_weight))
  return tf.cond(undefined, lambda: tf.constant(0, tf.float64), integrate)


def streaming_dynamic_auc(labels,
                          predictions,
                          curve='ROC',
                          metrics_collections=(),
                          updates_collections=(),
                          name=None,
                          weights=None):
  """Streaming exact AUC, each distinct prediction used as a threshold.

  Every label, prediction and weight is kept until the variables are reset.

  Args:
    labels: 0/1 `Tensor` shaped like `predictions` (cast to int64).
    predictions: `Tensor` castable to float64; flattened.
    curve: 'ROC' or 'PR'.
    name: variable scope name (default "dynamic_auc").
    weights: optional non-negative `Tensor` castable to float64; flattened.

  Returns:
    `(auc, update_op)`: auc is a float64 scalar (0 while all labels agree).

  Raises:
    ValueError: if `curve` is unknown or the shapes disagree.
  """
  if curve not in ('PR', 'ROC'):
    raise ValueError('curve must be either ROC or PR, %s unknown' % (curve,))
  with tf.variable_scope(name, default_name='dynamic_auc'):
    labels.get_shape().assert_is_compatible_with(predictions.get_shape())
    predictions, labels = _flattened(predictions, labels)
    with tf.control_dependencies(_zero_one_label_checks(labels)):
      all_predictions, all_labels, updates = _recorded(predictions, labels)
      all_weights = None
      if weights is not None:
        weights = tf.reshape(tf.cast(weights, tf.float64), [-1])
        all_weights, update_weights = streaming_concat(
            weights, name='concat_weights')
        updates.append(update_weights)
      update_op = tf.group(*updates)
      auc = _compute_dynamic_auc(all_labels, all_predictions, curve=curve,
                                 weights=all_weights)
      _utils.add_to_collections(updates_collections, update_op)
      _utils.add_to_collections(metrics_collections, auc)
      return auc, update_op


def _flattened(predictions, labels):
  """Predictions as flat float64, labels as flat int64."""
  return (tf.reshape(tf.cast(predictions, tf.float64), [-1]),
          tf.reshape(tf.cast(labels, tf.int64), [-1]))


def _recorded(predictions, labels):
  """(all predictions, all labels, [label update, prediction update]): the
  running concatenations that keep every example until reset."""
  all_predictions, update_predictions = streaming_concat(
      predictions, name='concat_preds')
  all_labels, update_labels = streaming_concat(labels, name='concat_labels')
  return all_predictions, all_labels, [update_labels, update_predictions]


def _placement_values(ordered_predictions, float_labels, ordered_weights):
  """Each example's placement value among the examples of the other label.

  For a positive it is the weighted fraction of negatives below it (ties
  count half); for a negative, the fraction of positives below it.
  """
  _, tie_group = tf.unique(ordered_predictions)
  positive_weight = ordered_weights * float_labels
  negative_weight = ordered_weights * (1.0 - float_labels)
  # Per tie group, the weight of the other label.
  others_of_positive = tf.segment_sum(negative_weight, tie_group)
  others_of_negative = tf.segment_sum(positive_weight, tie_group)

  def placement(others):
    below = tf.cumsum(others, exclusive=True)
    return ((below + others / 2.0) /
            (tf.reduce_sum(others) + _utils.EPSILON))

  return (tf.gather(placement(others_of_positive), tie_group) * float_labels +
          tf.gather(placement(others_of_negative), tie_group) *
          (1.0 - float_labels))


def _compute_placement_auc(labels, predictions, weights, alpha,
                           logit_transformation, is_valid):
  """AUC and its `alpha` confidence interval from placement values.

  Args:
    labels: int64 0/1 `Tensor`, 1-D.
    predictions: float64 `Tensor`, 1-D.
    weights: `Tensor` of weights, 1-D.
    alpha: confidence level in (0, 1).
    logit_transformation: if True, build the interval on the logit scale so
      it stays inside [0, 1].
    is_valid: bool `Tensor`; when False all three results are 0.

  Returns:
    `AucData(auc, lower, upper)`.
  """
  size = tf.size(predictions, out_type=tf.int32)
  total_0 = tf.reduce_sum(tf.cast(1 - labels, weights.dtype) * weights)
  total_1 = tf.reduce_sum(tf.cast(labels, weights.dtype) * weights)

  # Ascending order of predictions.
  ordered_predictions, order = tf.nn.top_k(predictions, k=size, sorted=True)
  ordered_predictions = tf.reverse(ordered_predictions,
                                   axis=tf.zeros(1, tf.int32))
  order = tf.reverse(order, axis=tf.zeros(1, tf.int32))
  ordered_labels = tf.gather(labels, order)
  ordered_weights = tf.gather(weights, order)
  float_labels = tf.cast(ordered_labels, tf.float32)
  placements = _placement_values(ordered_predictions, float_labels,
                                 ordered_weights)

  is_0 = tf.cast(1 - ordered_labels, weights.dtype)
  is_1 = tf.cast(ordered_labels, weights.dtype)
  placements_0, weights_0 = placements * is_0, ordered_weights * is_0
  placements_1, weights_1 = placements * is_1, ordered_weights * is_1

  auc_0 = (tf.reduce_sum(weights_0 * (1. - placements_0)) /
           (total_0 + _utils.EPSILON))
  auc_1 = tf.reduce_sum(weights_1 * placements_1) / (total_1 + _utils.EPSILON)
  auc = tf.where(tf.less(total_0, total_1), auc_1, auc_0)

  var_0 = (tf.reduce_sum(weights_0 * tf.square(1. - placements_0 - auc_0)) /
           (total_0 - 1. + _utils.EPSILON))
  var_1 = (tf.reduce_sum(
      weights_1 * tf.squared_difference(placements_1, auc_1)) /
           (total_1 - 1. + _utils.EPSILON))
  auc_std_err = tf.sqrt((var_0 / (total_0 + _utils.EPSILON)) +
                        (var_1 / (total_1 + _utils.EPSILON)))

  # Quantile of the standard normal (negative for alpha > 0).
  z_value = tf.math.ndtri(tf.constant((1.0 - alpha) / 2.0, tf.float32))
  if logit_transformation:
    estimate = tf.log(auc / (1. - auc + _utils.EPSILON))
    std_err = auc_std_err / (auc * (1. - auc + _utils.EPSILON))

    def from_logit(x):
      return 1. / (1. + tf.exp(tf.negative(x)) + _utils.EPSILON)

    auc_lower = from_logit(estimate + (z_value * std_err))
    auc_upper = from_logit(estimate - (z_value * std_err))
  else:
    auc_lower = auc + (z_value * auc_std_err)
    auc_upper = auc - (z_value * auc_std_err)

  # At an AUC of exactly 0 or 1 there is no spread: the interval collapses.
  degenerate = tf.logical_or(tf.equal(auc, tf.ones_like(auc)),
                             tf.equal(auc, tf.zeros_like(auc)))
  lower = tf.where(degenerate, auc, auc_lower)
  upper = tf.where(degenerate, auc, auc_upper)
  trivial = tf.constant(0.0)
  return AucData(*tf.cond(is_valid, lambda: [auc, lower, upper],
                          lambda: [trivial] * 3))


def auc_with_confidence_intervals(labels,
                                  predictions,
                                  weights=None,
                                  alpha=0.95,
                                  logit_transformation=True,
                                  metrics_collections=(),
                                  updates_collections=(),
                                  name=None):
  """Streaming exact ROC AUC with an asymptotic confidence interval.

  Every label, prediction and weight is kept until the variables are reset.
  A batch whose weights sum to less than 1 is not recorded.

  Args:
    labels: 0/1 `Tensor` shaped like `predictions` (cast to int64).
    predictions: `Tensor` castable to float64; flattened.
    weights: optional `Tensor` of rank 0 or the rank of `labels`.
    alpha: confidence level, in (0, 1).
    logit_transformation: if True, compute the interval on the logit scale so
      it stays within [0, 1].
    name: variable scope name (default "auc_with_confidence_intervals").

  Returns:
    `(auc, update_op)`: auc is an `AucData(auc, lower, upper)` namedtuple
    (all 0 until both labels have been seen).

  Raises:
    ValueError: if `alpha` is not in (0, 1) or the shapes disagree.
  """
  if not 0 < alpha < 1:
    raise ValueError('alpha must be between 0 and 1; currently %.02f' % alpha)
  if weights is None:
    weights = tf.ones_like(predictions)
  with tf.variable_scope(name, default_name='auc_with_confidence_intervals',
                         values=[labels, predictions, weights]):
    predictions, labels, weights = _utils.remove_squeezable_dimensions(
        predictions=predictions, labels=labels, weights=weights)
    total_weight = tf.reduce_sum(weights)
    weights = tf.reshape(weights, [-1])
    predictions, labels = _flattened(predictions, labels)
    with tf.control_dependencies(_zero_one_label_checks(labels)):
      all_predictions, all_labels, updates = _recorded(predictions, labels)
      all_weights, update_weights = streaming_concat(
          weights, name='concat_weights')
      record = tf.group(*updates, update_weights)

      both_labels = tf.logical_and(tf.equal(tf.reduce_min(labels), 0),
                                   tf.equal(tf.reduce_max(labels), 1))
      enough_weight = tf.greater_equal(total_weight, 1.0)
      is_valid = tf.logical_and(both_labels, enough_weight)
      update_op = tf.cond(enough_weight, lambda: record, tf.no_op)

      auc = _compute_placement_auc(
          all_labels, all_predictions, all_weights, alpha=alpha,
          logit_transformation=logit_transformation, is_valid=is_valid)
      _utils.add_to_collections(updates_collections, update_op)
      _utils.add_to_collections(metrics_collections, auc)
      return auc, update_op
