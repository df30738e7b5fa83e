"""Streaming covariance and Pearson correlation of predictions and labels.

The covariance keeps a running count, the two running means and the
co-moment C = sum (x - mean_x)(y - mean_y), merged batch by batch with the
parallel update of Chan et al.:
  C_AB = C_A + C_B + (mean_x_A - mean_x_B)(mean_y_A - mean_y_B) n_A n_B / n_AB.

`metrics_collections` and `updates_collections`, wherever a metric here takes
them, name the collections its value and its update op are added to.
"""

from slimcompat._compat import tf
from slimcompat.metrics import _utils


def _unbiased(comoment, count, name):
  """comoment / (count - 1), NaN until two examples were seen."""
  return tf.where(tf.less_equal(count, 1.), float('nan'),
                  tf.truediv(comoment, count - 1), name=name)


def streaming_covariance(predictions,
                         labels,
                         weights=None,
                         metrics_collections=None,
                         updates_collections=None,
                         name=None):
  """Streaming unbiased (weighted) sample covariance of predictions, labels.

  Local variables `count`, `mean_prediction`, `mean_label` and `comoment`
  live in scope `name` (default "covariance").  With weights, `count` is
  their sum.

  Args:
    predictions: `Tensor` of any shape.
    labels: `Tensor` shaped like `predictions`.
    weights: optional `Tensor` broadcastable to `labels`.
    name: variable scope name.

  Returns:
    `(covariance, update_op)`; NaN while fewer than two examples were seen.

  Raises:
    ValueError: if shapes disagree or the collections are not lists/tuples.
  """
  with tf.variable_scope(name, 'covariance', (predictions, labels, weights)):
    predictions, labels, weights = _utils.remove_squeezable_dimensions(
        predictions, labels, weights)
    predictions.get_shape().assert_is_compatible_with(labels.get_shape())
    count = _utils.metric_variable([], tf.float32, name='count')
    mean_prediction = _utils.metric_variable([], tf.float32,
                                             name='mean_prediction')
    mean_label = _utils.metric_variable([], tf.float32, name='mean_label')
    comoment = _utils.metric_variable([], tf.float32, name='comoment')

    if weights is None:
      batch_count = tf.cast(tf.size(labels), tf.float32)
      weighted_predictions, weighted_labels = predictions, labels
    else:
      weights = _utils.broadcast_weights(weights, labels)
      batch_count = tf.reduce_sum(weights)
      weighted_predictions = tf.multiply(predictions, weights)
      weighted_labels = tf.multiply(labels, weights)

    new_count = tf.assign_add(count, batch_count)
    old_count = new_count - batch_count

    def merge_mean(mean_var, weighted_values):
      """Moves a running mean to include the batch; returns (old, batch)."""
      batch_mean = tf.math.divide_no_nan(tf.reduce_sum(weighted_values),
                                         batch_count)
      delta = tf.math.divide_no_nan((batch_mean - mean_var) * batch_count,
                                    new_count)
      new_mean = tf.assign_add(mean_var, delta)
      return new_mean - delta, batch_mean

    old_mean_prediction, batch_mean_prediction = merge_mean(
        mean_prediction, weighted_predictions)
    old_mean_label, batch_mean_label = merge_mean(mean_label, weighted_labels)

    residual_products = ((predictions - batch_mean_prediction) *
                         (labels - batch_mean_label))
    if weights is not None:
      residual_products *= weights
    batch_comoment = tf.reduce_sum(residual_products)
    delta_comoment = (
        batch_comoment + (old_mean_prediction - batch_mean_prediction) *
        (old_mean_label - batch_mean_label) *
        (old_count * batch_count / new_count))
    new_comoment = tf.assign_add(comoment, delta_comoment)

    covariance = _unbiased(comoment, count, 'covariance')
    with tf.control_dependencies([new_comoment]):
      update_op = _unbiased(comoment, count, 'update_op')

  return _utils.collected(covariance, update_op, metrics_collections,
                          updates_collections)


def _normalised(covariance, variance_a, variance_b, name):
  """cov / (sqrt(var_a) * sqrt(var_b)), as the op `name`."""
  scale = tf.multiply(tf.sqrt(variance_a), tf.sqrt(variance_b))
  return tf.truediv(covariance, scale, name=name)


def streaming_pearson_correlation(predictions,
                                  labels,
                                  weights=None,
                                  metrics_collections=None,
                                  updates_collections=None,
                                  name=None):
  """Streaming Pearson correlation cov(p, l) / sqrt(var(p) var(l)).

  Built from three `streaming_covariance`s (scopes covariance,
  variance_predictions and variance_labels inside scope `name`, default
  "pearson_r"); arguments and errors as in `streaming_covariance`.  Returns
  `(pearson_r, update_op)`.
  """
  with tf.variable_scope(name, 'pearson_r', (predictions, labels, weights)):
    predictions, labels, weights = _utils.remove_squeezable_dimensions(
        predictions, labels, weights)
    predictions.get_shape().assert_is_compatible_with(labels.get_shape())
    if weights is not None:
      # Broadcast once instead of in each of the three covariances.
      weights = _utils.broadcast_weights(weights, labels)
    # cov(p, l), var(p) and var(l), each a streaming covariance: the first
    # of each pair is the value, the second its update.
    parts = [
        streaming_covariance(x, y, weights=weights, name=scope)
        for scope, x, y in (('covariance', predictions, labels),
                            ('variance_predictions', predictions, predictions),
                            ('variance_labels', labels, labels))]
    values, updates = zip(*parts)
    pearson_r = _normalised(*values, name='pearson_r')
    update_op = _normalised(*updates, name='update_op')

  return _utils.collected(pearson_r, update_op, metrics_collections,
                          updates_collections)
