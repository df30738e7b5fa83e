"""Streaming means: of values, of correctness, of errors, and plain counts.

Most are `tf.compat.v1.metrics` means with slim's (predictions, labels)
argument order; `count` and `streaming_mean_cosine_distance` are built here.

`metrics_collections` and `updates_collections`, wherever a metric here takes
them, name the collections its value and its update op are added to.
"""

from slimcompat._compat import tf
from slimcompat._deprecation import deprecated
from slimcompat._own_arguments import own_arguments
from slimcompat.metrics import _utils


@deprecated(None, 'Please switch to tf.metrics.mean')
def streaming_mean(values,
                   weights=None,
                   metrics_collections=None,
                   updates_collections=None,
                   name=None):
  """Streaming weighted mean of `values` (local variables total and count).

  Args:
    values: `Tensor` of any shape.
    weights: optional `Tensor` broadcastable to `values`.
    name: variable scope name (default "mean").

  Returns:
    `(mean, update_op)`.

  Raises:
    ValueError: if `weights` does not broadcast or the collections are not
      lists/tuples.
  """
  return _utils.forward(tf.metrics.mean, own_arguments(locals()))


@deprecated(None, 'Please switch to tf.metrics.mean_tensor')
def streaming_mean_tensor(values,
                          weights=None,
                          metrics_collections=None,
                          updates_collections=None,
                          name=None):
  """Streaming element-wise weighted mean of `values` (shape kept).

  Arguments as in `streaming_mean`; the mean is shaped like `values`.
  """
  return _utils.forward(tf.metrics.mean_tensor, own_arguments(locals()))


@deprecated(None, 'Please switch to tf.metrics.accuracy. Note that the order '
            'of the labels and predictions arguments has been switched.')
def streaming_accuracy(predictions,
                       labels,
                       weights=None,
                       metrics_collections=None,
                       updates_collections=None,
                       name=None):
  """Streaming (weighted) fraction of predictions equal to labels.

  Arguments as in `streaming_mean_absolute_error`; default scope "accuracy".
  """
  return _utils.forward(tf.metrics.accuracy, own_arguments(locals()))


@deprecated(None,
            'Please switch to tf.metrics.mean_absolute_error. Note that the '
            'order of the labels and predictions arguments has been switched.')
def streaming_mean_absolute_error(predictions,
                                  labels,
                                  weights=None,
                                  metrics_collections=None,
                                  updates_collections=None,
                                  name=None):
  """Streaming weighted mean of |predictions - labels|.

  Args:
    predictions: predicted values.
    labels: ground truth shaped like `predictions`.
    weights: optional `Tensor` broadcastable to `labels`.
    name: variable scope name.

  Returns:
    `(mean_absolute_error, update_op)`.
  """
  return _utils.forward(tf.metrics.mean_absolute_error, own_arguments(locals()))


def streaming_mean_relative_error(predictions,
                                  labels,
                                  normalizer,
                                  weights=None,
                                  metrics_collections=None,
                                  updates_collections=None,
                                  name=None):
  """Streaming weighted mean of |predictions - labels| / normalizer.

  `normalizer` is shaped like `predictions`; the other arguments are as in
  `streaming_mean_absolute_error`.
  """
  return _utils.forward(tf.metrics.mean_relative_error, own_arguments(locals()))


@deprecated(None,
            'Please switch to tf.metrics.mean_squared_error. Note that the '
            'order of the labels and predictions arguments has been switched.')
def streaming_mean_squared_error(predictions,
                                 labels,
                                 weights=None,
                                 metrics_collections=None,
                                 updates_collections=None,
                                 name=None):
  """Streaming weighted mean of (predictions - labels)**2.

  Arguments as in `streaming_mean_absolute_error`.
  """
  return _utils.forward(tf.metrics.mean_squared_error, own_arguments(locals()))


@deprecated(
    None, 'Please switch to tf.metrics.root_mean_squared_error. Note that the '
    'order of the labels and predictions arguments has been switched.')
def streaming_root_mean_squared_error(predictions,
                                      labels,
                                      weights=None,
                                      metrics_collections=None,
                                      updates_collections=None,
                                      name=None):
  """Streaming square root of the weighted mean squared error.

  Arguments as in `streaming_mean_absolute_error`.
  """
  return _utils.forward(tf.metrics.root_mean_squared_error,
                        own_arguments(locals()))


def streaming_mean_cosine_distance(predictions,
                                   labels,
                                   dim,
                                   weights=None,
                                   metrics_collections=None,
                                   updates_collections=None,
                                   name=None):
  """Streaming mean of 1 - <predictions, labels> along axis `dim`.

  Both inputs are assumed unit-normalised along `dim`, the axis holding the
  vector components; `weights` broadcast to the reduced values.  The other
  arguments are as in `streaming_mean_absolute_error` (default scope
  "mean_cosine_distance").

  Returns:
    `(mean_distance, update_op)`.

  Raises:
    ValueError: if shapes disagree or the collections are not lists/tuples.
  """
  predictions, labels, weights = _utils.remove_squeezable_dimensions(
      predictions, labels, weights)
  predictions.get_shape().assert_is_compatible_with(labels.get_shape())
  cosines = tf.reduce_sum(
      tf.multiply(predictions, labels), axis=[dim], keepdims=True)
  mean_cosine, update_cosine = tf.metrics.mean(
      values=cosines, weights=weights, metrics_collections=None,
      updates_collections=None, name=name or 'mean_cosine_distance')
  mean_distance = tf.subtract(1.0, mean_cosine)
  update_op = tf.subtract(1.0, update_cosine)
  return _utils.collected(mean_distance, update_op, metrics_collections,
                          updates_collections)


def streaming_percentage_less(values,
                              threshold,
                              weights=None,
                              metrics_collections=None,
                              updates_collections=None,
                              name=None):
  """Streaming weighted fraction of `values` below the scalar `threshold`.

  The other arguments are as in `streaming_mean`.
  """
  return _utils.forward(tf.metrics.percentage_below, own_arguments(locals()))


def _batch_count(values, weights):
  """(values as the update depends on them, this batch's count or weight).

  Weights are squeezed to the values' rank and broadcast first, so a single
  weight counts once per value.
  """
  if weights is None:
    return values, tf.cast(tf.size(values), tf.float32)
  values = tf.cast(values, tf.float32)
  values, _, weights = _utils.remove_squeezable_dimensions(
      predictions=values, labels=None, weights=weights)
  weights = _utils.broadcast_weights(tf.cast(weights, tf.float32), values)
  return values, tf.reduce_sum(weights)


def count(values,
          weights=None,
          metrics_collections=None,
          updates_collections=None,
          name=None):
  """Streaming number of values seen, or the sum of their weights.

  Arguments as in `streaming_mean` (only the size of `values` is used;
  default scope "count").

  Returns:
    `(count, update_op)`: the count read across replicas, and a tensor that
    adds the batch's count and holds the new total.

  Raises:
    ValueError: if `weights` does not broadcast to `values`.
    RuntimeError: if eager execution is enabled.
  """
  if tf.executing_eagerly():
    raise RuntimeError('tf_slim.metrics.count is not supported when eager '
                       'execution is enabled; build it in a tf.Graph.')
  with tf.variable_scope(name, 'count', (values, weights)):
    total = _utils.metric_variable([], tf.float32, name='count')
    values, batch_count = _batch_count(values, weights)
    with tf.control_dependencies([values]):
      # A tensor (not the variable-like result of a resource assign_add), so
      # it behaves the same with resource and reference variables.
      update_op = tf.convert_to_tensor(tf.assign_add(total, batch_count))
    value = _utils.read_across_replicas(total, metrics_collections)
    _utils.add_to_collections(updates_collections, update_op)
    return value, update_op
