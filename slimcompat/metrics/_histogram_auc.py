"""AUC estimated from running histograms of the scores of each label.

Two int64 histograms (scores of True records and of False records) are
accumulated; the ROC curve is traced from the highest bin down and integrated
with the trapezoid rule (Bouckaert, "Efficient AUC learning curve
calculation", AI 2006, with the bins taken from high to low score).  Updates
cost O(batch_size + nbins) and class imbalance does no harm; accuracy is
limited by the bin width.
"""

from slimcompat._compat import tf


def auc_using_histogram(boolean_labels,
                        scores,
                        score_range,
                        nbins=100,
                        collections=None,
                        check_shape=True,
                        name=None):
  """Streaming AUC from histograms of the scores of True and False records.

  Args:
    boolean_labels: 1-D bool `Tensor`, True for records in the class.
    scores: 1-D numeric `Tensor` shaped like `boolean_labels`.
    score_range: `Tensor` [2] of the expected (min, max) score, dtype of
      `scores`; scores outside are clipped into the end bins.
    nbins: number of histogram bins.
    collections: collections of the two histogram variables (default
      [LOCAL_VARIABLES]).
    check_shape: accepted for compatibility; has no effect (as in tf-slim,
      whose run-time rank check is never run).
    name: variable scope name (default "auc_using_histogram").

  Returns:
    `(auc, update_op)`: a float32 scalar and the op that adds a batch.

  Raises:
    ValueError: if `boolean_labels` is not bool.
  """
  inputs = [boolean_labels, scores, score_range]
  with tf.variable_scope(name, 'auc_using_histogram', inputs):
    batch = _batch_histograms(boolean_labels, scores, score_range, nbins,
                              check_shape)
    if collections is None:
      collections = [tf.GraphKeys.LOCAL_VARIABLES]
    *totals, update_op = _auc_hist_accumulate(*batch, nbins, collections)
    return _auc_convert_hist_to_auc(*totals, nbins), update_op


def _batch_histograms(boolean_labels, scores, score_range, nbins,
                      check_shape):
  """(True histogram, False histogram) of one batch, after the inputs are
  squeezed to matching ranks, converted and checked."""
  scores, boolean_labels = _squeeze_pair(scores, boolean_labels)
  score_range = tf.convert_to_tensor(score_range, name='score_range')
  boolean_labels, scores = _check_labels_and_scores(boolean_labels, scores,
                                                    check_shape)
  return _make_auc_histograms(boolean_labels, scores, score_range, nbins)


def _squeeze_pair(first, second):
  """Drops a trailing unit axis of whichever of two tensors has one more."""
  with tf.name_scope(None, 'remove_squeezable_dimensions', [first, second]):
    second = tf.convert_to_tensor(second)
    first = tf.convert_to_tensor(first)
    first_shape, second_shape = first.get_shape(), second.get_shape()
    if first_shape.ndims is not None and second_shape.ndims is not None:
      diff = second_shape.ndims - first_shape.ndims
      if diff == 1 and second_shape.dims[-1].is_compatible_with(1):
        second = tf.squeeze(second, [-1])
      elif diff == -1 and first_shape.dims[-1].is_compatible_with(1):
        first = tf.squeeze(first, [-1])
      return first, second
    diff = tf.rank(second) - tf.rank(first)
    if second_shape.ndims is None or second_shape.dims[-1].is_compatible_with(
        1):
      second = tf.cond(tf.equal(1, diff), lambda: tf.squeeze(second, [-1]),
                       lambda: second)
    if first_shape.ndims is None or first_shape.dims[-1].is_compatible_with(1):
      first = tf.cond(tf.equal(-1, diff), lambda: tf.squeeze(first, [-1]),
                      lambda: first)
    return first, second


def _check_labels_and_scores(boolean_labels, scores, check_shape):
  """Converts both inputs and checks that the labels are bool.

  `check_shape` is accepted for tf-slim compatibility only: tf-slim builds
  rank-1 asserts but never attaches them to anything, so inputs of another
  rank are histogrammed as they are; slimcompat keeps that behaviour.
  """
  del check_shape
  with tf.name_scope('_check_labels_and_scores',
                     values=[boolean_labels, scores]):
    boolean_labels = tf.convert_to_tensor(boolean_labels,
                                          name='boolean_labels')
    scores = tf.convert_to_tensor(scores, name='scores')
    if boolean_labels.dtype != tf.bool:
      raise ValueError(
          'Argument boolean_labels should have dtype bool.  Found: %s (cast '
          'it with tf.cast(labels, tf.bool)).' % boolean_labels.dtype)
    return boolean_labels, scores


def _make_auc_histograms(boolean_labels, scores, score_range, nbins):
  """int64 histograms of this batch's scores for True and False records."""
  with tf.variable_scope(None, 'make_auc_histograms',
                         [boolean_labels, scores, nbins]):
    def histogram(mask, op_name):
      return tf.histogram_fixed_width(
          tf.boolean_mask(scores, mask), score_range, nbins=nbins,
          dtype=tf.int64, name=op_name)
    return (histogram(boolean_labels, 'hist_true'),
            histogram(tf.logical_not(boolean_labels), 'hist_false'))


def _auc_hist_accumulate(hist_true, hist_false, nbins, collections):
  """Running-total histogram variables and the op that adds a batch."""
  with tf.variable_scope(None, 'hist_accumulate', [hist_true, hist_false]):
    def accumulator(var_name):
      return tf.get_variable(
          var_name, shape=[nbins], dtype=hist_true.dtype,
          initializer=tf.zeros_initializer(), collections=collections,
          trainable=False)
    total_true = accumulator('hist_true_acc')
    total_false = accumulator('hist_false_acc')
    update_op = tf.group(total_true.assign_add(hist_true),
                         total_false.assign_add(hist_false),
                         name='update_op')
    return total_true, total_false, update_op


def _auc_convert_hist_to_auc(hist_true_acc, hist_false_acc, nbins):
  """Trapezoidal area under the ROC curve traced by the two histograms."""
  fraction_true = tf.truediv(hist_true_acc, tf.reduce_sum(hist_true_acc))
  fraction_false = tf.truediv(hist_false_acc, tf.reduce_sum(hist_false_acc))
  # Walk from the highest-score bin: steps in true and false positive rate.
  delta_y = tf.cast(tf.reverse(fraction_true, [0], name='delta_y_t'),
                    tf.float32)
  delta_x = tf.cast(tf.reverse(fraction_false, [0], name='delta_x_t'),
                    tf.float32)
  y = _strict_1d_cumsum(delta_y, nbins)
  first_trapezoid = delta_x[0] * y[0] / 2.0
  other_trapezoids = delta_x[1:] * (y[1:] + y[:nbins - 1]) / 2.0
  return tf.add(first_trapezoid, tf.reduce_sum(other_trapezoids), name='auc')


def _strict_1d_cumsum(tensor, len_tensor):
  """Cumulative sum of a 1-D tensor, cut to its first `len_tensor` entries."""
  return tf.cumsum(tensor)[:len_tensor]
