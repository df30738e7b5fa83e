"""Distance matrices and masked reductions used by the metric-learning losses."""

from slimcompat._compat import tf


def pairwise_distance(feature, squared=False):
  """Euclidean distances between all rows of `feature`.

  Uses |a|^2 + |b|^2 - 2<a, b>, clamps round-off negatives to zero, keeps the
  gradient of sqrt finite at zero distance, and forces the diagonal to zero.

  Args:
    feature: 2-D `Tensor` [num_data, feature_dim].
    squared: if True, return squared distances.

  Returns:
    2-D `Tensor` [num_data, num_data].
  """
  row_norms = tf.reduce_sum(tf.square(feature), axis=[1], keepdims=True)
  column_norms = tf.reduce_sum(
      tf.square(tf.transpose(feature)), axis=[0], keepdims=True)
  gram = tf.matmul(feature, tf.transpose(feature))
  squared_distances = tf.maximum(
      tf.add(row_norms, column_norms) - 2.0 * gram, 0.0)
  is_zero = tf.less_equal(squared_distances, 0.0)
  if squared:
    distances = squared_distances
  else:
    # The tiny offset only exists where the distance is zero, so sqrt's
    # gradient stays finite there; it is multiplied away below.
    distances = tf.sqrt(squared_distances +
                        tf.cast(is_zero, tf.float32) * 1e-16)
  distances = tf.multiply(distances,
                          tf.cast(tf.logical_not(is_zero), tf.float32))
  num_data = tf.shape(feature)[0]
  off_diagonal = tf.ones_like(distances) - tf.linalg.diag(tf.ones([num_data]))
  return tf.multiply(distances, off_diagonal)


def masked_maximum(data, mask, dim=1):
  """Maximum of `data` along `dim` over the entries where `mask` is set.

  Args:
    data: 2-D float `Tensor` [n, m].
    mask: 2-D `Tensor` [n, m] of 0/1 values.
    dim: the axis to reduce.

  Returns:
    `Tensor` with `dim` kept as size 1.
  """
  return _masked_extreme(data, mask, dim, tf.reduce_max, tf.reduce_min)


def masked_minimum(data, mask, dim=1):
  """Minimum of `data` along `dim` over the entries where `mask` is set.

  Arguments and result as in `masked_maximum`.
  """
  return _masked_extreme(data, mask, dim, tf.reduce_min, tf.reduce_max)


def _masked_extreme(data, mask, dim, extreme, opposite):
  """`extreme` of `data` over the masked entries along `dim`.

  Shifting by the `opposite` extreme makes every value lie on one side of 0,
  so the zeros the mask leaves can never win; the shift is undone after.
  """
  shift = opposite(data, dim, keepdims=True)
  return extreme(tf.multiply(data - shift, mask), dim, keepdims=True) + shift
