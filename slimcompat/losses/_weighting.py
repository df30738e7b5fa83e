"""Weighted mean of a loss tensor: `compute_weighted_loss` and its counting.

Weights broadcast against the losses from the left: a scalar scales every
element, a `[batch]` vector scales each example, a `[batch, d1]` tensor each
row of each example, and so on.  The mean divides the weighted sum by the
number of loss elements whose (broadcast) weight is non-zero.
"""

from slimcompat._compat import tf
from slimcompat._deprecation import deprecated
from slimcompat._deprecation import without_notice
from slimcompat._div import div
from slimcompat.losses import _collection
from slimcompat.losses._utils import weights_tensor


def _rank(tensor, role):
  rank = tensor.get_shape().ndims
  if rank is None:
    raise ValueError(
        'The rank of `%s` must be known when the graph is built (%s has an '
        'unknown shape); set a static shape, e.g. with tensor.set_shape().' %
        (role, tensor))
  return rank


def weighted_sum(losses, weights):
  """Sum of `losses` weighted by `weights` broadcast from the left.

  The trailing axes of `losses` that `weights` does not cover are summed
  first, then the partial sums are scaled by `weights` and summed.

  Args:
    losses: float `Tensor` of shape [batch, d1, ... dN].
    weights: float `Tensor` of shape [], [batch] or [batch, d1, ... dK], K <= N.

  Returns:
    A scalar `Tensor`.
  """
  weights_rank = max(0, weights.get_shape().ndims)
  trailing = list(range(weights_rank, losses.get_shape().ndims))
  partial = tf.reduce_sum(losses, axis=trailing)
  return tf.reduce_sum(tf.multiply(partial, weights))


def count_present(losses, weights, per_batch=False):
  """How many loss elements carry a non-zero weight once weights broadcast.

  Args:
    losses: `Tensor` of shape [batch, d1, ... dN].
    weights: `Tensor` of shape [], [batch] or [batch, d1, ... dK], K <= N.
    per_batch: if True, one count per example ([batch] `Tensor`), otherwise
      the total (scalar).

  Returns:
    A float32 `Tensor`.
  """
  weights_rank = weights.get_shape().ndims
  if weights_rank == 0:
    batch = tf.reshape(tf.slice(tf.shape(losses), [0], [1]), [])
    per_example = div(tf.cast(tf.size(losses), tf.float32),
                      tf.cast(batch, tf.float32))
    per_example = tf.where(
        tf.equal(weights, 0), 0.0, per_example)
    counts = tf.multiply(tf.ones(tf.reshape(batch, [1])), per_example)
  else:
    nonzero = tf.reduce_sum(
        tf.cast(tf.not_equal(weights, 0), tf.float32),
        axis=list(range(1, weights_rank)))
    covered = tf.slice(tf.shape(losses), [weights_rank], [-1])
    spread = tf.cast(tf.reduce_prod(covered), tf.float32)
    counts = tf.multiply(nonzero, spread)
  return counts if per_batch else tf.reduce_sum(counts)


@deprecated('2016-12-30', 'Use tf.losses.compute_weighted_loss instead.')
def compute_weighted_loss(losses, weights=1.0, scope=None):
  """Mean of `losses` weighted by `weights`; the result joins LOSSES.

  Args:
    losses: `Tensor` of shape [batch_size, d1, ... dN].
    weights: scalar or `Tensor` of shape [batch_size, d1, ... dK], K <= N (a
      trailing dimension of size 1 is dropped).
    scope: name scope of the ops (default "weighted_loss").

  Returns:
    A scalar `Tensor` of the dtype of `losses`, named "<scope>/value".

  Raises:
    ValueError: if `weights` is None, a rank is unknown, or the shapes do not
      broadcast.
  """
  with tf.name_scope(scope, 'weighted_loss', [losses, weights]):
    losses = tf.convert_to_tensor(losses)
    input_dtype = losses.dtype
    losses = tf.cast(losses, tf.float32)
    weights = weights_tensor(weights)
    _rank(losses, 'losses')
    weights_rank = _rank(weights, 'weights')
    if weights_rank > 1 and weights.get_shape().dims[-1].is_compatible_with(1):
      weights = tf.squeeze(weights, [-1])

    total = weighted_sum(losses, weights)
    present = count_present(losses, weights)
    mean = tf.math.divide_no_nan(tf.reduce_sum(total), present, name='value')
    mean = tf.cast(mean, input_dtype)
    _collection.store_loss(mean)
    return mean


# What each slim loss ends with; the user's own first call of
# `compute_weighted_loss` still logs its notice, at the user's line.
weighted_loss = without_notice(compute_weighted_loss)
