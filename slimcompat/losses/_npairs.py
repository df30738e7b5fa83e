"""N-pairs losses (Sohn, NIPS 2016), single-label and multi-label.

The loss is an L2 penalty on the embeddings plus the mean softmax
cross-entropy of each row of the anchor/positive similarity matrix against
that row's label-agreement distribution.  Not added to LOSSES.
"""

import itertools

from slimcompat._compat import tf
from slimcompat.losses._utils import labels_column


def _l2_term(embeddings_anchor, embeddings_positive, reg_lambda):
  def mean_squared_norm(embeddings):
    return tf.reduce_mean(tf.reduce_sum(tf.square(embeddings), 1))
  return tf.multiply(0.25 * reg_lambda,
                     mean_squared_norm(embeddings_anchor) +
                     mean_squared_norm(embeddings_positive),
                     name='l2loss')


def _npairs_total(agreement, embeddings_anchor, embeddings_positive,
                  reg_lambda, print_losses):
  """L2 term plus cross-entropy against row-normalised `agreement`."""
  l2loss = _l2_term(embeddings_anchor, embeddings_positive, reg_lambda)
  similarity = tf.matmul(embeddings_anchor, embeddings_positive,
                         transpose_a=False, transpose_b=True)
  targets = tf.cast(agreement, tf.float32)
  targets /= tf.reduce_sum(targets, 1, keepdims=True)
  xent_loss = tf.reduce_mean(
      tf.nn.softmax_cross_entropy_with_logits(
          logits=similarity, labels=targets),
      name='xentropy')
  if print_losses:
    xent_loss = tf.Print(xent_loss,
                         ['cross entropy:', xent_loss, 'l2loss:', l2loss])
  return l2loss + xent_loss


def npairs_loss(labels, embeddings_anchor, embeddings_positive,
                reg_lambda=0.002, print_losses=False):
  """N-pairs loss for single-label anchor/positive pairs.

  Args:
    labels: 1-D int `Tensor` [batch_size/2] of class ids.
    embeddings_anchor: 2-D `Tensor` [batch_size/2, dim], not normalised.
    embeddings_positive: 2-D `Tensor` [batch_size/2, dim], not normalised.
    reg_lambda: weight of the L2 penalty on the embeddings.
    print_losses: if True, print both terms when the loss is evaluated.

  Returns:
    A float32 scalar.
  """
  labels = labels_column(labels)
  agreement = tf.equal(labels, tf.transpose(labels))
  return _npairs_total(agreement, embeddings_anchor, embeddings_positive,
                       reg_lambda, print_losses)


def _multilabel_agreement(sparse_labels):
  """[n, n] matrix of how many labels examples i and j share.

  The minimum of two 0/1 sparse rows is their intersection, so its sum is the
  dot product of the rows.
  """
  size = len(sparse_labels)
  agreement = tf.zeros([size, size])
  # Row by row, one cell at a time (the graph holds one op chain per cell).
  for row, col in itertools.product(range(size), repeat=2):
    shared = _shared_label_count(sparse_labels[row], sparse_labels[col])
    agreement += _single_entry(shared, row, col, size)
  return agreement


def _shared_label_count(first, second):
  return tf.cast(tf.sparse_reduce_sum(tf.sparse_minimum(first, second)),
                 tf.float32)


def _single_entry(value, row, col, size):
  """A [size, size] float matrix holding the scalar `value` at (row, col)."""
  as_matrix = tf.expand_dims(tf.expand_dims(value, 0), 1)
  padding = [[row, size - row - 1], [col, size - col - 1]]
  return tf.pad(as_matrix, padding, 'CONSTANT')


def npairs_loss_multilabel(sparse_labels, embeddings_anchor,
                           embeddings_positive, reg_lambda=0.002,
                           print_losses=False):
  """N-pairs loss where each pair carries a set of labels.

  Two examples agree in proportion to the number of labels they share.
  `sparse_labels` is a list (one per pair) of boolean `SparseTensor`s of dense
  shape [1, num_classes] (or [num_classes]); the other arguments and the result
  are as in `npairs_loss`.

  Raises:
    TypeError: if an entry of `sparse_labels` is not a `SparseTensor`.
  """
  if not all(isinstance(l, tf.SparseTensor) for l in sparse_labels):
    raise TypeError(
        'sparse_labels must be a list of SparseTensors (one per '
        'anchor/positive pair), but got %s' % str(sparse_labels))
  with tf.name_scope('NpairsLossMultiLabel'):
    return _npairs_total(_multilabel_agreement(sparse_labels),
                         embeddings_anchor, embeddings_positive, reg_lambda,
                         print_losses)
