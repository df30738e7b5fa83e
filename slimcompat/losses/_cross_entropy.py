"""Cross-entropy losses on logits: sigmoid, softmax and sparse softmax.

Each returns the weighted mean (see `compute_weighted_loss`), a scalar named
"<scope>/value", and adds it to LOSSES; each raises `ValueError` when the
shapes of its logits, labels and weights do not fit together.
"""

from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat._deprecation import deprecated
from slimcompat.losses._utils import check_same_shape
from slimcompat.losses._weighting import weighted_loss


@deprecated('2016-12-30',
            'Use tf.losses.sigmoid_cross_entropy instead. Note that the order '
            'of the predictions and labels arguments has been changed.')
def sigmoid_cross_entropy(logits,
                          multi_class_labels,
                          weights=1.0,
                          label_smoothing=0,
                          scope=None):
  """Weighted mean of per-class sigmoid cross-entropies.

  With `label_smoothing` s > 0 the targets become labels * (1 - s) + s / 2.

  Args:
    logits: [batch_size, num_classes] logits.
    multi_class_labels: [batch_size, num_classes] targets in [0, 1].
    weights: scalar, [batch_size] or [batch_size, num_classes].
    label_smoothing: amount of smoothing towards 1/2.
    scope: name scope (default "sigmoid_cross_entropy_loss").
  """
  with tf.name_scope(scope, 'sigmoid_cross_entropy_loss',
                     [logits, multi_class_labels, weights]) as scope:
    check_same_shape(logits, multi_class_labels, 'logits',
                     'multi_class_labels')
    per_class = tf.nn.sigmoid_cross_entropy_with_logits(
        labels=_binary_targets(multi_class_labels, logits.dtype,
                               label_smoothing),
        logits=logits, name='xentropy')
    return weighted_loss(per_class, weights, scope=scope)


def _binary_targets(labels, dtype, label_smoothing):
  """`labels` as `dtype`, pulled `label_smoothing` of the way towards 1/2."""
  targets = tf.cast(labels, dtype)
  if label_smoothing > 0:
    targets = targets * (1 - label_smoothing) + 0.5 * label_smoothing
  return targets


@deprecated('2016-12-30',
            'Use tf.losses.softmax_cross_entropy instead. Note that the order '
            'of the logits and labels arguments has been changed.')
def softmax_cross_entropy(logits,
                          onehot_labels,
                          weights=1.0,
                          label_smoothing=0,
                          scope=None):
  """Weighted mean of softmax cross-entropies against one-hot targets.

  With `label_smoothing` s > 0 the targets become
  onehot * (1 - s) + s / num_classes.  No gradient flows into the labels.

  Args:
    logits: [batch_size, num_classes] logits.
    onehot_labels: [batch_size, num_classes] one-hot targets.
    weights: scalar or [batch_size].
    label_smoothing: amount of smoothing towards the uniform distribution.
    scope: name scope (default "softmax_cross_entropy_loss").
  """
  with tf.name_scope(scope, 'softmax_cross_entropy_loss',
                     [logits, onehot_labels, weights]) as scope:
    check_same_shape(logits, onehot_labels, 'logits', 'onehot_labels')
    per_example = _xentropy_without_label_gradient(
        _class_targets(onehot_labels, logits.dtype, label_smoothing), logits)
    return weighted_loss(per_example, weights, scope=scope)


def _xentropy_without_label_gradient(labels, logits):
  """Softmax cross-entropy, named "xentropy", with no gradient into `labels`.

  tf-slim used the deprecated v1 op, which is this stop_gradient (under the
  scope name that op gives it) followed by the current op: spelt out here,
  the graph stays op for op the same, without the v1 op's notice.
  """
  with tf.name_scope('xentropy', 'softmax_cross_entropy_with_logits_sg',
                     [logits, labels]) as name:
    labels = tf.stop_gradient(labels, name='labels_stop_gradient')
  return tf2.nn.softmax_cross_entropy_with_logits(
      labels=labels, logits=logits, axis=-1, name=name)


def _class_targets(onehot_labels, dtype, label_smoothing):
  """One-hot rows as `dtype`, mixed with the uniform distribution over the
  classes in the proportion `label_smoothing`."""
  targets = tf.cast(onehot_labels, dtype)
  if label_smoothing > 0:
    uniform_share = label_smoothing / tf.cast(tf.shape(targets)[1], dtype)
    targets = targets * (1.0 - label_smoothing) + uniform_share
  return targets


@deprecated('2016-12-30',
            'Use tf.losses.sparse_softmax_cross_entropy instead. Note that '
            'the order of the logits and labels arguments has been changed.')
def sparse_softmax_cross_entropy(logits, labels, weights=1.0, scope=None):
  """Weighted mean of softmax cross-entropies against class indices.

  `labels` are [batch_size] or [batch_size, 1] int32/int64 class indices and
  `weights` a scalar, [batch_size] or [batch_size, 1]; the other arguments
  are as in `softmax_cross_entropy` (default scope
  "sparse_softmax_cross_entropy_loss").
  """
  with tf.name_scope(scope, 'sparse_softmax_cross_entropy_loss',
                     [logits, labels, weights]) as scope:
    labels = tf.reshape(labels, shape=[tf.shape(labels)[0]])
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=labels, logits=logits, name='xentropy')
    return weighted_loss(losses, weights, scope=scope)
