"""Streaming agreement between class assignments: mean IoU and Cohen's kappa.

`metrics_collections` and `updates_collections`, wherever a metric here takes
them, name the collections its value and its update op are added to.
"""

from slimcompat._compat import tf
from slimcompat._own_arguments import own_arguments
from slimcompat.metrics import _utils


def streaming_mean_iou(predictions,
                       labels,
                       num_classes,
                       weights=None,
                       metrics_collections=None,
                       updates_collections=None,
                       name=None):
  """Streaming mean over classes of intersection-over-union.

  Accumulates a [num_classes, num_classes] confusion matrix
  (`total_confusion_matrix`).

  Args:
    predictions: int `Tensor` of predicted class ids (flattened if rank > 1).
    labels: int `Tensor` of true class ids, shaped like `predictions`.
    num_classes: number of classes.
    weights: optional `Tensor` broadcastable to `labels`.
    name: variable scope name.

  Returns:
    `(mean_iou, update_op)`.
  """
  return _utils.forward(tf.metrics.mean_iou, own_arguments(locals()))


def _kappa(diagonal, row_totals, column_totals, name):
  """(p_o - p_e) / (N - p_e) from confusion-matrix summaries, in float64."""
  observed = tf.cast(tf.reduce_sum(diagonal), tf.float64)
  total = tf.reduce_sum(row_totals)
  expected = tf.reduce_sum(
      tf.math.divide_no_nan(
          tf.cast(row_totals * column_totals, tf.float64),
          tf.cast(total, tf.float64)))
  total = tf.cast(total, tf.float64)
  return _utils.safe_scalar_div(observed - expected, total - expected,
                                name=name)


def cohen_kappa(labels,
                predictions_idx,
                num_classes,
                weights=None,
                metrics_collections=None,
                updates_collections=None,
                name=None):
  """Streaming Cohen's kappa between true and predicted class ids.

  kappa = (p_o - p_e) / (N - p_e), where p_o is the weight on the diagonal
  of the confusion matrix and p_e = sum(row totals * column totals) / N.
  Local variables `po`, `pe_row` and `pe_col` hold the diagonal and the
  column and row totals (int64 without weights or with integer weights,
  float32 otherwise).  Like sklearn's cohen_kappa_score without a weight
  matrix.

  Args:
    labels: 1-D (or [n, 1]) int16/int32/int64 `Tensor` of class ids.
    predictions_idx: 1-D `Tensor` of predicted class ids, same dtype.
    num_classes: number of classes, >= 2.
    weights: optional `Tensor` shaped like `labels`.
    name: variable scope name (default "cohen_kappa").

  Returns:
    `(kappa, update_op)`, float64.

  Raises:
    ValueError: if `num_classes` < 2 or the shapes disagree.
    RuntimeError: if eager execution is enabled.
  """
  if tf.executing_eagerly():
    raise RuntimeError('tf_slim.metrics.cohen_kappa is not supported when '
                       'eager execution is enabled; build it in a tf.Graph.')
  if num_classes < 2:
    raise ValueError('`num_classes` must be >= 2.'
                     'Found: {}'.format(num_classes))
  with tf.variable_scope(name, 'cohen_kappa',
                         (labels, predictions_idx, weights)):
    labels.get_shape().with_rank_at_most(2)
    if labels.get_shape().ndims == 2:
      labels = tf.squeeze(labels, axis=[-1])
    predictions_idx, labels, weights = _utils.remove_squeezable_dimensions(
        predictions=predictions_idx, labels=labels, weights=weights)
    predictions_idx.get_shape().assert_is_compatible_with(labels.get_shape())

    if weights is None or weights.dtype.is_integer:
      stat_dtype = tf.int64
    else:
      stat_dtype = tf.float32
    diagonal = _utils.metric_variable((num_classes,), stat_dtype, name='po')
    row_totals = _utils.metric_variable((num_classes,), stat_dtype,
                                        name='pe_row')
    column_totals = _utils.metric_variable((num_classes,), stat_dtype,
                                           name='pe_col')

    table = tf.confusion_matrix(
        labels, predictions_idx, num_classes=num_classes, weights=weights,
        dtype=stat_dtype, name='counts_in_table')
    update_diagonal = tf.assign_add(diagonal, tf.diag_part(table))
    update_rows = tf.assign_add(row_totals, tf.reduce_sum(table, axis=0))
    update_columns = tf.assign_add(column_totals,
                                   tf.reduce_sum(table, axis=1))

    kappa = _kappa(diagonal, row_totals, column_totals, name='value')
    update_op = _kappa(update_diagonal, update_rows, update_columns,
                       name='update_op')
    return _utils.collected(kappa, update_op, metrics_collections,
                            updates_collections)
