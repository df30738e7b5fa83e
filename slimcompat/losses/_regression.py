"""Losses that compare predictions with labels element by element.

Each returns the weighted mean (see `compute_weighted_loss`) as a scalar
float32 `Tensor` and adds it to LOSSES, except `hinge_loss`, which returns the
unreduced per-element loss; each raises `ValueError` when the shapes of its
predictions, labels and weights do not fit together.
"""

from slimcompat._compat import tf
from slimcompat._deprecation import deprecated
from slimcompat._own_arguments import own_arguments
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


def _elementwise_loss(default_scope, elementwise, *, predictions, labels,
                      weights, scope):
  """The weighted mean of `elementwise(predictions, labels)`, into LOSSES."""
  with tf.name_scope(scope, default_scope,
                     [predictions, labels, weights]) as scope:
    predictions, labels = _as_float_pair(predictions, labels)
    return weighted_loss(elementwise(predictions, labels), weights,
                         scope=scope)


@deprecated('2016-12-30', 'Use tf.losses.absolute_difference instead.')
def absolute_difference(predictions, labels=None, weights=1.0, scope=None):
  """Weighted mean of |predictions - labels|, added to LOSSES.

  Args:
    predictions: the predicted values.
    labels: the targets, shaped like `predictions`.
    weights: scalar, [batch_size], or a shape broadcastable from the left.
    scope: name scope (default "absolute_difference").
  """
  return _elementwise_loss(
      'absolute_difference', lambda p, l: tf.abs(tf.subtract(p, l)),
      **own_arguments(locals()))


@deprecated('2016-12-30', 'Use tf.losses.mean_squared_error instead.')
def mean_squared_error(predictions, labels=None, weights=1.0, scope=None):
  """Weighted mean of (predictions - labels)**2, added to LOSSES.

  Arguments as in `absolute_difference` (default scope
  "mean_squared_error").
  """
  return _elementwise_loss('mean_squared_error', tf.squared_difference,
                           **own_arguments(locals()))


@deprecated('2016-12-30',
            'Use tf.losses.log_loss instead. Note that the order of the '
            'predictions and labels arguments has been changed.')
def log_loss(predictions, labels=None, weights=1.0, epsilon=1e-7, scope=None):
  """Weighted mean binary log loss of probabilities, added to LOSSES.

  Per element: -labels * log(p + epsilon) - (1 - labels) * log(1 - p + epsilon),
  with `epsilon` keeping the logarithms finite at 0 and 1; `labels` are 0/1
  targets, and the other arguments are as in `absolute_difference` (default
  scope "log_loss").
  """
  def binary_log_loss(probabilities, targets):
    positive_part = tf.multiply(targets, tf.log(probabilities + epsilon))
    negative_part = tf.multiply(1 - targets,
                                tf.log(1 - probabilities + epsilon))
    return -positive_part - negative_part

  return _elementwise_loss('log_loss', binary_log_loss,
                           predictions=predictions, labels=labels,
                           weights=weights, scope=scope)


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

  Raises:
    ValueError: also if the rank of `predictions` or `weights` is unknown.
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

  Raises:
    ValueError: also if neither or both of `axis` and `dim` are given.
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
  def distance(vectors, targets):
    return 1 - tf.reduce_sum(tf.multiply(vectors, targets), axis=[axis])

  return _elementwise_loss('cosine_distance_loss', distance,
                           predictions=predictions, labels=labels,
                           weights=weights, scope=scope)
