"""Metric-learning losses over pairs and triplets of embeddings.

`contrastive_loss` (Hadsell et al. 2006), `triplet_semihard_loss`
(FaceNet, arXiv:1503.03832) and `lifted_struct_loss` (arXiv:1511.06452).
None of them is added to LOSSES.
"""

from slimcompat._compat import tf
from slimcompat.losses._distances import masked_maximum
from slimcompat.losses._distances import masked_minimum
from slimcompat.losses._distances import pairwise_distance
from slimcompat.losses._utils import labels_column


def _positive_pairs(same_label, batch_size):
  """1.0 where two different examples share a label, else 0.0."""
  return (tf.cast(same_label, dtype=tf.float32) -
          tf.linalg.diag(tf.ones([batch_size])))


def contrastive_loss(labels, embeddings_anchor, embeddings_positive,
                     margin=1.0):
  """Contrastive loss of anchor/positive pairs.

  Pairs labelled 1 are pulled together (d^2), pairs labelled 0 pushed at least
  `margin` apart (max(margin - d, 0)^2); the result is the mean over pairs.

  Args:
    labels: 1-D [batch_size] 0/1 `Tensor` (1: same class).
    embeddings_anchor: 2-D float `Tensor`, l2-normalised rows.
    embeddings_positive: 2-D float `Tensor`, l2-normalised rows.
    margin: the margin for negative pairs.

  Returns:
    A float32 scalar named "contrastive_loss".
  """
  distances = tf.sqrt(tf.reduce_sum(
      tf.squared_difference(embeddings_anchor, embeddings_positive), 1))
  same = tf.cast(labels, distances.dtype)
  pull = same * tf.square(distances)
  push = (1. - same) * tf.square(tf.maximum(margin - distances, 0.))
  return tf.reduce_mean(pull + push, name='contrastive_loss')


def triplet_semihard_loss(labels, embeddings, margin=1.0):
  """Triplet loss with semi-hard negative mining inside the batch.

  For each anchor/positive pair the negative is the closest one farther than
  the positive; when there is none, the farthest negative is used.

  Args:
    labels: 1-D int `Tensor` [batch_size] of class ids.
    embeddings: 2-D float `Tensor` [batch_size, dim], l2-normalised rows.
    margin: the margin term.

  Returns:
    A float32 scalar named "triplet_semihard_loss".
  """
  labels = labels_column(labels)
  distances = pairwise_distance(embeddings, squared=True)
  same_label = tf.equal(labels, tf.transpose(labels))
  other_label = tf.logical_not(same_label)
  batch_size = tf.size(labels)

  # Row a * batch + p of the tiled matrix holds the distances from anchor p,
  # compared against d(a, p); `farther` marks negatives beyond the positive.
  tiled = tf.tile(distances, [batch_size, 1])
  farther = tf.logical_and(
      tf.tile(other_label, [batch_size, 1]),
      tf.greater(tiled, tf.reshape(tf.transpose(distances), [-1, 1])))
  has_farther = tf.transpose(tf.reshape(
      tf.greater(tf.reduce_sum(tf.cast(farther, dtype=tf.float32), 1,
                               keepdims=True), 0.0),
      [batch_size, batch_size]))

  nearest_farther = tf.transpose(tf.reshape(
      masked_minimum(tiled, tf.cast(farther, dtype=tf.float32)),
      [batch_size, batch_size]))
  farthest = tf.tile(
      masked_maximum(distances, tf.cast(other_label, dtype=tf.float32)),
      [1, batch_size])
  negatives = tf.where(has_farther, nearest_farther, farthest)

  margins = tf.add(margin, distances - negatives)
  positives = _positive_pairs(same_label, batch_size)
  return tf.truediv(
      tf.reduce_sum(tf.maximum(tf.multiply(margins, positives), 0.0)),
      tf.reduce_sum(positives),
      name='triplet_semihard_loss')


def lifted_struct_loss(labels, embeddings, margin=1.0):
  """Lifted structured feature-embedding loss.

  Every positive pair is compared with all negatives of both of its members
  through a smooth maximum (log-sum-exp) of margin - d(negative).

  Args:
    labels: 1-D int `Tensor` [batch_size] of class ids.
    embeddings: 2-D float `Tensor` [batch_size, dim], not normalised.
    margin: the margin term.

  Returns:
    A float32 scalar named "liftedstruct_loss".
  """
  labels = labels_column(labels)
  distances = pairwise_distance(embeddings)
  same_label = tf.equal(labels, tf.transpose(labels))
  negatives = tf.cast(tf.logical_not(same_label), dtype=tf.float32)
  batch_size = tf.size(labels)

  slack = margin - distances
  # Largest slack over each row's negatives, used to keep exp() in range.
  row_max = masked_maximum(slack, negatives)
  pair_max = tf.maximum(row_max, tf.transpose(row_max))

  tiled_slack = tf.tile(slack, [batch_size, 1])
  tiled_negatives = tf.tile(negatives, [batch_size, 1])
  shift = tf.reshape(tf.transpose(pair_max), [-1, 1])
  exp_sums = tf.reshape(
      tf.reduce_sum(
          tf.multiply(tf.exp(tiled_slack - shift), tiled_negatives),
          1, keepdims=True),
      [batch_size, batch_size])
  pair_losses = pair_max + tf.log(exp_sums + tf.transpose(exp_sums))
  pair_losses += distances

  positives = _positive_pairs(same_label, batch_size)
  # Each unordered pair appears twice; the loss is half the mean squared hinge.
  num_pairs = tf.reduce_sum(positives) / 2.0
  return tf.truediv(
      0.25 * tf.reduce_sum(tf.square(
          tf.maximum(tf.multiply(pair_losses, positives), 0.0))),
      num_pairs,
      name='liftedstruct_loss')
