"""Streaming ROC / precision-recall curves and the area under them.

All three discretise the curve at fixed thresholds: `streaming_auc` (the
`tf.compat.v1.metrics.auc` Riemann sum), `streaming_curve_points` (the curve
itself) and `precision_recall_at_equal_thresholds` (bucketed counts, linear in
the number of predictions plus thresholds).

`metrics_collections` and `updates_collections`, wherever a metric here takes
them, name the collections its value and its update op are added to.
"""

import collections

from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat._deprecation import deprecated
from slimcompat._div import div
from slimcompat._own_arguments import own_arguments
from slimcompat.metrics import _thresholds
from slimcompat.metrics import _utils

PrecisionRecallData = collections.namedtuple(
    'PrecisionRecallData',
    ['tp', 'fp', 'tn', 'fn', 'precision', 'recall', 'thresholds'])

_CURVES = ('ROC', 'PR')


@deprecated(None, 'Please switch to tf.metrics.auc. Note that the order of '
            'the labels and predictions arguments has been switched.')
def streaming_auc(predictions,
                  labels,
                  weights=None,
                  num_thresholds=200,
                  metrics_collections=None,
                  updates_collections=None,
                  curve='ROC',
                  name=None):
  """Streaming area under the ROC or PR curve (Riemann sum over thresholds).

  Args:
    predictions: float `Tensor` with values in [0, 1].
    labels: bool `Tensor` shaped like `predictions`.
    weights: optional `Tensor` broadcastable to `labels`.
    num_thresholds: number of evenly spaced thresholds.
    curve: 'ROC' or 'PR'.
    name: variable scope name.

  Returns:
    `(auc, update_op)`.
  """
  return _utils.forward(tf.metrics.auc, own_arguments(locals()))


def streaming_curve_points(labels=None,
                           predictions=None,
                           weights=None,
                           num_thresholds=200,
                           metrics_collections=None,
                           updates_collections=None,
                           curve='ROC',
                           name=None):
  """Streaming points of the ROC or PR curve at evenly spaced thresholds.

  Args:
    labels: `Tensor` shaped like `predictions`, cast to bool.
    predictions: float `Tensor` with values in [0, 1].
    weights: optional `Tensor` broadcastable to `labels`.
    num_thresholds: number of thresholds (points).
    curve: 'ROC' (points are (fpr, recall)) or 'PR' ((recall, precision)).
    name: variable scope name (default "curve_points").

  Returns:
    `(points, update_op)`: points of shape [num_thresholds, 2].

  Raises:
    ValueError: if `curve` is unknown or shapes disagree.
  """
  with tf.variable_scope(name, 'curve_points',
                         (labels, predictions, weights)):
    if curve not in _CURVES:
      raise ValueError('curve must be either ROC or PR, %s unknown' % (curve,))
    values, update_ops = _thresholds.confusion_at_thresholds(
        labels=labels,
        predictions=predictions,
        thresholds=_thresholds.evenly_spaced_thresholds(num_thresholds),
        weights=weights)
    epsilon = 1.0e-6  # keeps empty thresholds at recall/precision 1

    tp, fn, tn, fp = (values[k] for k in ('tp', 'fn', 'tn', 'fp'))
    recall = div(tp + epsilon, tp + fn + epsilon)
    if curve == 'ROC':
      xs, ys = div(fp, fp + tn + epsilon), recall
    else:
      xs, ys = recall, div(tp + epsilon, tp + fp + epsilon)
    points = tf.stack([xs, ys], axis=1)
    update_op = tf.group(*update_ops.values())
    return _utils.collected(points, update_op, metrics_collections,
                            updates_collections)


def precision_recall_at_equal_thresholds(labels,
                                         predictions,
                                         weights=None,
                                         num_thresholds=None,
                                         use_locking=None,
                                         name=None):
  """Streaming tp/fp/tn/fn, precision and recall at evenly spaced thresholds.

  Each prediction falls into one of `num_thresholds` buckets of [0, 1]
  (threshold i is i / (num_thresholds - 1)); counts at a threshold are the
  bucket sums from there up.  Cost is O(thresholds + predictions).

  Args:
    labels: bool `Tensor` shaped like `predictions`.
    predictions: float `Tensor` with values in [0, 1] (checked at run time).
    weights: optional `Tensor` broadcastable to `predictions`.
    num_thresholds: number of thresholds, >= 2 (default 201).
    use_locking: whether the bucket updates lock (default True).
    name: variable scope name (default
      "precision_recall_at_equal_thresholds").

  Returns:
    `(result, update_op)`: `result` is a `PrecisionRecallData` namedtuple
    (tp, fp, tn, fn, precision, recall, thresholds), each of shape
    [num_thresholds] and the dtype of `predictions`.

  Raises:
    TypeError: if `labels` is not bool.
    ValueError: if shapes disagree.
  """
  if num_thresholds is None:
    num_thresholds = 201
  if weights is None:
    weights = 1.0
  if use_locking is None:
    use_locking = True
  tf.assert_type(labels, tf.bool,
                 message='labels of precision_recall_at_equal_thresholds '
                 'must be a bool tensor')

  with tf.variable_scope(name, 'precision_recall_at_equal_thresholds',
                         (labels, predictions, weights)):
    in_range = _utils.unit_interval_asserts(predictions)
    with tf.control_dependencies(in_range):
      predictions, labels, weights = _utils.remove_squeezable_dimensions(
          predictions=predictions, labels=labels, weights=weights)
    predictions.get_shape().assert_is_compatible_with(labels.get_shape())

    # Sums of many 1.0s lose precision in float32 (and GPU scatter wants
    # floats), so the buckets are float64.
    sum_dtype = tf.float64
    float_labels = tf.cast(labels, sum_dtype)
    weights = tf.cast(weights, sum_dtype)
    positive_weight = tf.reshape(float_labels * weights, [-1])
    negative_weight = tf.reshape((1.0 - float_labels) * weights, [-1])
    predictions = tf.reshape(predictions, [-1])
    buckets = tf.cast(tf.floor(predictions * (num_thresholds - 1)), tf.int32)

    with tf.name_scope('variables'):
      tp_buckets = _utils.metric_variable([num_thresholds], sum_dtype,
                                          name='tp_buckets')
      fp_buckets = _utils.metric_variable([num_thresholds], sum_dtype,
                                          name='fp_buckets')
    with tf.name_scope('update_op'):
      update_tp = tf.scatter_add(tp_buckets, buckets, positive_weight,
                                 use_locking=use_locking)
      update_fp = tf.scatter_add(fp_buckets, buckets, negative_weight,
                                 use_locking=use_locking)

    tp = tf.cumsum(tp_buckets, reverse=True, name='tp')
    fp = tf.cumsum(fp_buckets, reverse=True, name='fp')
    # At the lowest threshold everything is predicted positive.
    tn = fp[0] - fp
    fn = tp[0] - tp
    epsilon = tf.convert_to_tensor(1e-7, dtype=sum_dtype)
    precision = tp / tf.maximum(epsilon, tp + fp)
    recall = tp / tf.maximum(epsilon, tp + fn)

    out_dtype = predictions.dtype
    as_output = lambda tensor: tf.cast(tensor, out_dtype)
    result = PrecisionRecallData(
        tp=as_output(tp),
        fp=as_output(fp),
        tn=as_output(tn),
        fn=as_output(fn),
        precision=as_output(precision),
        recall=as_output(recall),
        thresholds=as_output(
            tf2.raw_ops.LinSpace(start=0.0, stop=1.0, num=num_thresholds)))
    return result, tf.group(update_tp, update_fp)
