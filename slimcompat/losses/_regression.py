"""Losses that compare predictions with labels element by element.

Each returns the weighted mean (see `compute_weighted_loss`) and adds it to
LOSSES, except `hinge_loss`, which returns the unreduced per-element loss.
"""

from slimcompat._compat import tf
from slimcompat._deprecation import deprecated
from slimcompat.losses import _collection
from slimcompat.losses._utils import check_same_shape
from slimcompat.losses._utils import float_tensor
from slimcompat.losses._utils import weights_tensor
from slimcompat.losses._weighting import count_present
from slimcompat.losses._weighting import weighted_loss
from slimcompat.losses._weighting import weighted_sum


def _as_float_pair(predictions, labels):
  check_same_shape(predictions, labels)
  return float_tensor(predictions), float_tensor(labels)


@deprecated('2016-12-30', 'Use tf.losses.absolute_difference instead.')
def absolute_difference(predictions, labels=None, weights=1.0, scope=None):
  """Weighted mean of |predictions - labels|, added to LOSSES.

  Args:
    predictions: the predicted values.
    labels: the targets, shaped like `predictions`.
    weights: scalar, [batch_size], or a shape broadcastable from the left.
    scope: name scope (default "absolute_difference").

  Returns:
    A scalar float32 `Tensor`.

  Raises:
    ValueError: if the shapes of `predictions`, `labels` or `weights` do not
      fit together.
  """
  with tf.name_scope(scope, 'absolute_difference',
                     [predictions, labels, weights]) as scope:
    predictions, labels = _as_float_pair(predictions, labels)
    losses = tf.abs(tf.subtract(predictions, labels))
    return weighted_loss(losses, weights, scope=scope)


@deprecated('2016-12-30', 'Use tf.losses.mean_squared_error instead.')
def mean_squared_error(predictions, labels=None, weights=1.0, scope=None):
  """Weighted mean of (predictions - labels)**2, added to LOSSES.

  Args:
    predictions: the predicted values.
    labels: the targets, shaped like `predictions`.
    weights: scalar, [batch_size], or a shape broadcastable from the left.
    scope: name scope (default "mean_squared_error").

  Returns:
    A scalar float32 `Tensor`.

  Raises:
    ValueError: if the shapes do not fit together.
  """
  with tf.name_scope(scope, 'mean_squared_error',
                     [predictions, labels, weights]) as scope:
    predictions, labels = _as_float_pair(predictions, labels)
    losses = tf.squared_difference(predictions, labels)
    return weighted_loss(losses, weights, scope=scope)


@deprecated('2016-12-30',
            'Use tf.losses.log_loss instead. Note that the order of the '
            'predictions and labels arguments has been changed.')
def log_loss(predictions, labels=None, weights=1.0, epsilon=1e-7, scope=None):
  """Weighted mean binary log loss of probabilities, added to LOSSES.

  Per element: -labels * log(p + epsilon) - (1 - labels) * log(1 - p + epsilon).

  Args:
    predictions: predicted probabilities.
    labels: 0/1 targets, shaped like `predictions`.
    weights: scalar, [batch_size], or a shape broadcastable from the left.
    epsilon: added inside the logarithms so that 0 and 1 stay finite.
    scope: name scope (default "log_loss").

  Returns:
    A scalar float32 `Tensor`.

  Raises:
    ValueError: if the shapes do not fit together.
  """
  with tf.name_scope(scope, 'log_loss',
                     [predictions, labels, weights]) as scope:
    predictions, labels = _as_float_pair(predictions, labels)
    positive_part = tf.multiply(labels, tf.log(predictions + epsilon))
    negative_part = tf.multiply(1 - labels,
                                tf.log(1 - predictions + epsilon))
    losses = -positive_part - negative_part
    return weighted_loss(losses, weights, scope=scope)


@deprecated('2016-12-30',
            'Use tf.losses.hinge_loss instead. Note that the order of the '
            'logits and labels arguments has been changed, and to stay '
            'unweighted, reduction=Reduction.NONE')
def hinge_loss(logits, labels=None, scope=None):
  """Per-element hinge loss max(0, 1 - y * logits) with y = 2 * labels - 1.

  Not reduced and not added to LOSSES.

  Args:
    logits: float scores; positive means class 1.
    labels: 0/1 targets shaped like `logits`.
    scope: name scope (default "hinge_loss").

  Returns:
    A float32 `Tensor` shaped like `logits`.

  Raises:
    ValueError: if the shapes of `logits` and `labels` differ.
  """
  with tf.name_scope(scope, 'hinge_loss', [logits, labels]) as scope:
    check_same_shape(logits, labels, 'logits', 'labels')
    labels = tf.cast(labels, tf.float32)
    ones = tf.ones_like(labels)
    signs = tf.subtract(2 * labels, ones)
    return tf.nn.relu(tf.subtract(ones, tf.multiply(signs, logits)))


@deprecated('2016-12-30',
            'Use tf.losses.mean_pairwise_squared_error instead. Note that the '
            'order of the predictions and labels arguments has been changed.')
def mean_pairwise_squared_error(predictions,
                                labels=None,
                                weights=1.0,
                                scope=None):
  """Mean squared error of all within-example pairwise differences.

  For each example, every pair (i, j) of its elements contributes
  ((p_i - p_j) - (l_i - l_j))**2; pairs never span two examples.  The per-
  example means are weighted by `weights`.  The result is added to LOSSES.

  Args:
    predictions: `Tensor` of shape [batch_size, d0, ... dN].
    labels: the targets, shaped like `predictions`.
    weights: scalar, [batch_size], or a shape broadcastable from the left.
    scope: name scope (default "mean_pairwise_squared_error").

  Returns:
    A scalar float32 `Tensor`.

  Raises:
    ValueError: if the shapes do not fit together or a rank is unknown.
  """
  with tf.name_scope(scope, 'mean_pairwise_squared_error',
                     [predictions, labels, weights]) as scope:
    predictions, labels = _as_float_pair(predictions, labels)
    weights = weights_tensor(weights)
    diffs = tf.subtract(predictions, labels)
    for tensor, role in ((diffs, 'predictions'), (weights, 'weights')):
      if tensor.get_shape().ndims is None:
        raise ValueError(
            'The rank of `%s` must be known when the graph is built; set a '
            'static shape.' % role)
    example_axes = list(range(1, diffs.get_shape().ndims))
    present = count_present(diffs, weights, per_batch=True)

    # Sum over pairs of (d_i - d_j)^2 = 2 n sum(d^2) - 2 (sum d)^2, divided by
    # the n^2 ordered pairs.
    squares_term = 2.0 * tf.math.divide_no_nan(
        tf.reduce_sum(tf.square(diffs), axis=example_axes), present,
        name='value')
    sum_term = 2.0 * tf.math.divide_no_nan(
        tf.square(tf.reduce_sum(diffs, axis=example_axes)),
        tf.square(present), name='value')
    loss = weighted_sum(squares_term - sum_term, weights)
    mean_loss = tf.where(
        tf.reduce_sum(present) > 0, loss, tf.zeros_like(loss), name='value')
    _collection.store_loss(mean_loss)
    return mean_loss


@deprecated('2016-12-30', 'Use tf.losses.cosine_distance instead.')
def cosine_distance(predictions,
                    labels=None,
                    axis=None,
                    weights=1.0,
                    scope=None,
                    dim=None):
  """Weighted mean of 1 - <predictions, labels> along `axis`, added to LOSSES.

  Both inputs are assumed unit-normalised along `axis`.

  Args:
    predictions: the predicted vectors.
    labels: the target vectors, shaped like `predictions`.
    axis: the axis holding the vector components.
    weights: scalar, [batch_size], or a shape broadcastable from the left.
    scope: name scope (default "cosine_distance_loss").
    dim: the old name of `axis`.

  Returns:
    A scalar float32 `Tensor`.

  Raises:
    ValueError: if neither or both of `axis` and `dim` are given, or the
      shapes do not fit together.
  """
  if dim is not None:
    if axis is not None:
      raise ValueError("Cannot specify both 'dim' and 'axis'; pass only "
                       "'axis' ('dim' is its deprecated name).")
    tf.logging.warning('cosine_distance: `dim` is deprecated, use `axis` '
                       'instead.')
    axis = dim
  if axis is None:
    raise ValueError("You must specify 'axis': the axis along which the "
                     'vectors lie.')
  with tf.name_scope(scope, 'cosine_distance_loss',
                     [predictions, labels, weights]) as scope:
    predictions, labels = _as_float_pair(predictions, labels)
    cosine = tf.reduce_sum(tf.multiply(predictions, labels), axis=[axis])
    return weighted_loss(1 - cosine, weights, scope=scope)
