"""Streaming confusion counts and the rates built from them.

`streaming_true_positives` and friends are `tf.compat.v1.metrics` counts
with slim's (predictions, labels) argument order; the rates and the
per-threshold counts are built here.

`metrics_collections` and `updates_collections`, wherever a metric here takes
them, name the collections its value and its update op are added to.
"""

from slimcompat._compat import tf
from slimcompat._deprecation import deprecated
from slimcompat._div import div
from slimcompat._own_arguments import own_arguments
from slimcompat.metrics import _thresholds
from slimcompat.metrics import _utils


@deprecated(None, 'Please switch to tf.metrics.true_positives. Note that the '
            'order of the labels and predictions arguments has been switched.')
def streaming_true_positives(predictions,
                             labels,
                             weights=None,
                             metrics_collections=None,
                             updates_collections=None,
                             name=None):
  """Streaming sum of the weights of true positives.

  Args:
    predictions: predicted values, cast to bool.
    labels: ground truth shaped like `predictions`, cast to bool.
    weights: optional `Tensor` broadcastable to `labels` (scalar or same
      rank, each dimension 1 or equal).
    name: variable scope name.

  Returns:
    `(value, update_op)`.

  Raises:
    ValueError: if shapes disagree or the collections are not lists/tuples.
  """
  return _utils.forward(tf.metrics.true_positives, own_arguments(locals()))


@deprecated(None, 'Please switch to tf.metrics.true_negatives. Note that the '
            'order of the labels and predictions arguments has been switched.')
def streaming_true_negatives(predictions,
                             labels,
                             weights=None,
                             metrics_collections=None,
                             updates_collections=None,
                             name=None):
  """Streaming weighted true negatives; see `streaming_true_positives`."""
  return _utils.forward(tf.metrics.true_negatives, own_arguments(locals()))


@deprecated(None, 'Please switch to tf.metrics.false_positives. Note that the '
            'order of the labels and predictions arguments has been switched.')
def streaming_false_positives(predictions,
                              labels,
                              weights=None,
                              metrics_collections=None,
                              updates_collections=None,
                              name=None):
  """Streaming weighted false positives; see `streaming_true_positives`."""
  return _utils.forward(tf.metrics.false_positives, own_arguments(locals()))


@deprecated(None, 'Please switch to tf.metrics.false_negatives. Note that the '
            'order of the labels and predictions arguments has been switched.')
def streaming_false_negatives(predictions,
                              labels,
                              weights=None,
                              metrics_collections=None,
                              updates_collections=None,
                              name=None):
  """Streaming weighted false negatives; see `streaming_true_positives`."""
  return _utils.forward(tf.metrics.false_negatives, own_arguments(locals()))


def _streaming_rate(scope_name, numerator_metric, other_metric, *, predictions,
                    labels, weights, metrics_collections, updates_collections,
                    name):
  """numerator / (numerator + other) of two streaming counts, 0 when empty."""
  with tf.variable_scope(name, scope_name, (predictions, labels, weights)):
    predictions, labels, weights = _utils.remove_squeezable_dimensions(
        predictions=tf.cast(predictions, dtype=tf.bool),
        labels=tf.cast(labels, dtype=tf.bool),
        weights=weights)
    counts = [
        metric(labels=labels, predictions=predictions, weights=weights,
               metrics_collections=None, updates_collections=None, name=None)
        for metric in (numerator_metric, other_metric)
    ]

    def rate(part, other, op_name):
      return tf.where(
          tf.greater(part + other, 0), div(part, part + other), 0, op_name)

    value = rate(counts[0][0], counts[1][0], 'value')
    update_op = rate(counts[0][1], counts[1][1], 'update_op')
    return _utils.collected(value, update_op, metrics_collections,
                            updates_collections)


def streaming_false_positive_rate(predictions,
                                  labels,
                                  weights=None,
                                  metrics_collections=None,
                                  updates_collections=None,
                                  name=None):
  """Streaming false positive rate fp / (fp + tn) (0 before any negative).

  Local variables `false_positives/count` and `true_negatives/count` live in
  scope `name` (default "false_positive_rate").

  Args:
    predictions: predicted values, cast to bool.
    labels: ground truth shaped like `predictions`, cast to bool.
    weights: optional `Tensor` broadcastable to `labels`.
    name: variable scope name.

  Returns:
    `(false_positive_rate, update_op)`.

  Raises:
    ValueError: if shapes disagree or the collections are not lists/tuples.
  """
  return _streaming_rate('false_positive_rate', tf.metrics.false_positives,
                         tf.metrics.true_negatives, **own_arguments(locals()))


def streaming_false_negative_rate(predictions,
                                  labels,
                                  weights=None,
                                  metrics_collections=None,
                                  updates_collections=None,
                                  name=None):
  """Streaming false negative rate fn / (fn + tp) (0 before any positive).

  Its local variables live in scope `name` (default "false_negative_rate");
  arguments as in `streaming_false_positive_rate`.
  """
  return _streaming_rate('false_negative_rate', tf.metrics.false_negatives,
                         tf.metrics.true_positives, **own_arguments(locals()))


def _one_count_at_thresholds(kind, *, predictions, labels, thresholds, weights):
  values, update_ops = _thresholds.confusion_at_thresholds(
      predictions, labels, thresholds, weights=weights, includes=(kind,))
  return values[kind], update_ops[kind]


def streaming_true_positives_at_thresholds(predictions,
                                           labels,
                                           thresholds,
                                           weights=None):
  """Per-threshold weighted true positives (prediction > threshold).

  Args:
    predictions: float `Tensor` with values in [0, 1].
    labels: `Tensor` shaped like `predictions`, cast to bool.
    thresholds: python list of float thresholds.
    weights: optional `Tensor` broadcastable to `predictions`.

  Returns:
    `(true_positives, update_op)`, both of shape [len(thresholds)].
  """
  return _one_count_at_thresholds('tp', **own_arguments(locals()))


def streaming_false_negatives_at_thresholds(predictions,
                                            labels,
                                            thresholds,
                                            weights=None):
  """Per-threshold weighted false negatives (prediction <= threshold).

  Arguments and result as in `streaming_true_positives_at_thresholds`.
  """
  return _one_count_at_thresholds('fn', **own_arguments(locals()))


def streaming_false_positives_at_thresholds(predictions,
                                            labels,
                                            thresholds,
                                            weights=None):
  """Per-threshold weighted false positives (prediction > threshold).

  Arguments and result as in `streaming_true_positives_at_thresholds`.
  """
  return _one_count_at_thresholds('fp', **own_arguments(locals()))


def streaming_true_negatives_at_thresholds(predictions,
                                           labels,
                                           thresholds,
                                           weights=None):
  """Per-threshold weighted true negatives (prediction <= threshold).

  Arguments and result as in `streaming_true_positives_at_thresholds`.
  """
  return _one_count_at_thresholds('tn', **own_arguments(locals()))


def _rate_at_thresholds(scope_name, op_prefix, kinds, *, predictions, labels,
                        thresholds, weights, metrics_collections,
                        updates_collections, name):
  """first / (eps + first + second) per threshold, for two confusion counts."""
  with tf.variable_scope(name, scope_name, (predictions, labels, weights)):
    values, update_ops = _thresholds.confusion_at_thresholds(
        predictions, labels, thresholds, weights, includes=kinds)
    first, second = kinds

    def rate(counts, suffix):
      return div(counts[first],
                 _utils.EPSILON + counts[first] + counts[second],
                 name=op_prefix + suffix)

    value = rate(values, 'value')
    update_op = rate(update_ops, 'update_op')
    return _utils.collected(value, update_op, metrics_collections,
                            updates_collections)


def streaming_false_positive_rate_at_thresholds(predictions,
                                                labels,
                                                thresholds,
                                                weights=None,
                                                metrics_collections=None,
                                                updates_collections=None,
                                                name=None):
  """Per-threshold false positive rate fp / (fp + tn).

  Args:
    predictions: float `Tensor` with values in [0, 1].
    labels: `Tensor` shaped like `predictions`, cast to bool.
    thresholds: python list of float thresholds.
    weights: optional `Tensor` broadcastable to `labels`.
    name: variable scope name (default
      "false_positive_rate_at_thresholds").

  Returns:
    `(false_positive_rate, update_op)` of shape [len(thresholds)].

  Raises:
    ValueError: if shapes disagree or the collections are not lists/tuples.
  """
  return _rate_at_thresholds('false_positive_rate_at_thresholds', 'fpr_',
                             ('fp', 'tn'), **own_arguments(locals()))


def streaming_false_negative_rate_at_thresholds(predictions,
                                                labels,
                                                thresholds,
                                                weights=None,
                                                metrics_collections=None,
                                                updates_collections=None,
                                                name=None):
  """Per-threshold false negative rate fn / (fn + tp).

  Default scope "false_negative_rate_at_thresholds"; arguments and result as
  in `streaming_false_positive_rate_at_thresholds`.
  """
  return _rate_at_thresholds('false_negative_rate_at_thresholds', 'fnr_',
                             ('fn', 'tp'), **own_arguments(locals()))
