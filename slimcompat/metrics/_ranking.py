"""Streaming @k metrics: recall, precision and average precision of rankings.

The sparse versions compare the top-k predicted class ids with a set of
label ids per row; they are `tf.compat.v1.metrics` functions except the
average precision of given top-k ids, which is built here.

`metrics_collections` and `updates_collections`, wherever a metric here takes
them, name the collections its value and its update op are added to.
"""

from slimcompat._compat import tf
from slimcompat._deprecation import deprecated
from slimcompat._deprecation import without_notice
from slimcompat._own_arguments import own_arguments
from slimcompat.metrics import _utils
from slimcompat.metrics._streaming_means import streaming_mean


@deprecated('2016-11-08', 'Please use `streaming_sparse_recall_at_k`, '
            'and reshape labels from [batch_size] to [batch_size, 1].')
def streaming_recall_at_k(predictions,
                          labels,
                          k,
                          weights=None,
                          metrics_collections=None,
                          updates_collections=None,
                          name=None):
  """Streaming fraction of examples whose label is among the top `k` scores.

  Args:
    predictions: float `Tensor` [batch_size, num_classes].
    labels: int32/int64 `Tensor` [batch_size] of class ids.
    k: how many top classes count.
    weights: optional `Tensor` broadcastable to `labels`.
    name: variable scope name (default "recall_at_<k>").

  Returns:
    `(recall_at_k, update_op)`.
  """
  in_top_k = tf.cast(tf.nn.in_top_k(predictions, labels, k), tf.float32)
  return without_notice(streaming_mean)(
      in_top_k, weights, metrics_collections, updates_collections,
      name or _utils.at_k_name('recall', k))


def streaming_sparse_recall_at_k(predictions,
                                 labels,
                                 k,
                                 class_id=None,
                                 weights=None,
                                 metrics_collections=None,
                                 updates_collections=None,
                                 name=None):
  """Streaming recall@k of logits against sparse label sets.

  Args:
    predictions: float `Tensor` [D1, ... DN, num_classes].
    labels: int64 `Tensor` or `SparseTensor` [D1, ... DN, num_labels] (or
      [D1, ... DN]) of class ids.
    k: how many top classes count.
    class_id: if given, recall of that class only.
    weights: optional `Tensor` of rank 0 or N, broadcastable to the rows.
    name: name scope.

  Returns:
    `(recall, update_op)`, float64.
  """
  return _utils.forward(tf.metrics.recall_at_k, own_arguments(locals()))


def streaming_sparse_precision_at_k(predictions,
                                    labels,
                                    k,
                                    class_id=None,
                                    weights=None,
                                    metrics_collections=None,
                                    updates_collections=None,
                                    name=None):
  """Streaming precision@k of logits against sparse label sets.

  Arguments and result as in `streaming_sparse_recall_at_k`.
  """
  return _utils.forward(tf.metrics.precision_at_k, own_arguments(locals()))


def _top_k_ids_metric(tf_metric, kind, *, top_k_predictions, name,
                      **arguments):
  """`tf_metric` (an @top_k metric) in slim's default name scope for `kind`."""
  default_name = _utils.at_k_name(kind, class_id=arguments['class_id'])
  inputs = (top_k_predictions, arguments['labels'], arguments['weights'])
  with tf.name_scope(name, default_name, inputs) as name_scope:
    return tf_metric(predictions_idx=top_k_predictions, name=name_scope,
                     **arguments)


def streaming_sparse_precision_at_top_k(top_k_predictions,
                                        labels,
                                        class_id=None,
                                        weights=None,
                                        metrics_collections=None,
                                        updates_collections=None,
                                        name=None):
  """Streaming precision of given top-k class ids against sparse label sets.

  Args:
    top_k_predictions: int `Tensor` [D1, ... DN, k] of predicted class ids.
    labels: int64 `Tensor` or `SparseTensor` [D1, ... DN, num_labels] (or
      [D1, ... DN]) of class ids.
    class_id: if given, precision of that class only.
    weights: optional `Tensor` of rank 0 or N, broadcastable to the rows.
    name: name scope (default "precision_at_k[_class<id>]").

  Returns:
    `(precision, update_op)`, float64.

  Raises:
    ValueError: if `top_k_predictions` has rank < 2 or shapes disagree.
  """
  return _top_k_ids_metric(tf.metrics.precision_at_top_k, 'precision',
                           **own_arguments(locals()))


def sparse_recall_at_top_k(labels,
                           top_k_predictions,
                           class_id=None,
                           weights=None,
                           metrics_collections=None,
                           updates_collections=None,
                           name=None):
  """Streaming recall of given top-k class ids against sparse label sets.

  Arguments as in `streaming_sparse_precision_at_top_k` (default scope
  "recall_at_k[_class<id>]"); returns `(recall, update_op)`, float64.
  """
  return _top_k_ids_metric(tf.metrics.recall_at_top_k, 'recall',
                           **own_arguments(locals()))


def streaming_sparse_average_precision_at_k(predictions,
                                            labels,
                                            k,
                                            weights=None,
                                            metrics_collections=None,
                                            updates_collections=None,
                                            name=None):
  """Streaming mean average precision@k of logits against sparse label sets.

  Arguments as in `streaming_sparse_recall_at_k` (there is no `class_id`).
  """
  return _utils.forward(tf.metrics.average_precision_at_k,
                        own_arguments(locals()))


def _labels_like(labels, predictions_idx):
  """`labels` with a trailing unit axis when it lacks the k axis."""
  with tf.name_scope(None, 'expand_labels',
                     (labels, predictions_idx)) as scope:
    labels = tf.convert_to_tensor_or_sparse_tensor(labels)
    if isinstance(labels, tf.SparseTensor):
      return tf.cond(
          tf.equal(tf.rank(predictions_idx), tf.size(labels.dense_shape) + 1),
          lambda: tf.sparse_reshape(
              labels, shape=tf.concat((labels.dense_shape, (1,)), 0),
              name=scope),
          lambda: labels)
    labels_rank = labels.get_shape().ndims
    predictions_rank = predictions_idx.get_shape().ndims
    if labels_rank is not None and predictions_rank is not None:
      if predictions_rank == labels_rank:
        return labels
      if predictions_rank == labels_rank + 1:
        return tf.expand_dims(labels, -1, name=scope)
      raise ValueError(
          'Unexpected labels shape %s for predictions shape %s: labels must '
          'have the rank of the predictions, or one less.' %
          (labels.get_shape(), predictions_idx.get_shape()))
    return tf.cond(
        tf.equal(tf.rank(predictions_idx), tf.rank(labels) + 1),
        lambda: tf.expand_dims(labels, -1, name=scope), lambda: labels)


def _repeat_last_axis(labels, k, name):
  """Inserts an axis before the last one and repeats `labels` k times on it."""
  if k < 1:
    raise ValueError('Invalid k=%r: the last axis of the predictions must '
                     'hold at least one id.' % (k,))
  with tf.name_scope(name, 'expand_and_tile', (labels, k)) as scope:
    labels = tf.convert_to_tensor_or_sparse_tensor(labels)
    if isinstance(labels, tf.SparseTensor):
      split = tf.reshape(tf.size(labels.dense_shape) - 1, [1])
      new_shape = tf.concat(
          (tf.slice(labels.dense_shape, [0], split), [1],
           tf.slice(labels.dense_shape, split, [-1])), 0,
          name='expanded_shape')
      expanded = tf.sparse_reshape(labels, shape=new_shape, name='expand')
      if k == 1:
        return expanded
      return tf.sparse_concat(-2, [expanded] * k, name=scope)
    expanded = tf.expand_dims(labels, -2, name='expand')
    if k == 1:
      return expanded
    ones = tf.ones_like(tf.shape(labels))
    multiples = tf.concat((ones[:-1], (k,), ones[-1:]), 0, name='multiples')
    return tf.tile(expanded, multiples, name=scope)


def _num_relevant(labels, k):
  """Per row, min(number of labels, k) (negative dense labels ignored)."""
  with tf.name_scope(None, 'num_relevant', (labels,)) as scope:
    labels = tf.convert_to_tensor_or_sparse_tensor(labels)
    if isinstance(labels, tf.SparseTensor):
      return tf.minimum(tf.sets.size(labels), k, name=scope)
    num_labels = tf.reduce_sum(
        tf.where(tf.greater_equal(labels, 0), tf.ones_like(labels),
                 tf.zeros_like(labels)),
        axis=-1)
    return tf.minimum(num_labels, k, name=scope)


def _average_precision_per_row(labels, predictions_idx):
  """Average precision of each row's ranked ids against its label set.

  AveP = sum_i P@i * rel_i / min(k, number of labels).

  Returns:
    float64 `Tensor` [D1, ... DN].

  Raises:
    ValueError: if `predictions_idx` is a scalar or its last axis is not
      static.
  """
  with tf.name_scope(None, 'average_precision',
                     (predictions_idx, labels)) as scope:
    predictions_idx = tf.cast(predictions_idx, tf.int64,
                              name='predictions_idx')
    if predictions_idx.get_shape().ndims == 0:
      raise ValueError('The rank of `predictions_idx` must be at least 1.')
    k = predictions_idx.get_shape().as_list()[-1]
    if k is None:
      raise ValueError('The last dimension of predictions_idx must be set. '
                       'Currently, it is None.')
    labels = _labels_like(labels, predictions_idx)

    # relevant[..., i] is 1 when the i-th ranked id is a label.
    ids_per_rank = tf.expand_dims(predictions_idx, -1,
                                  name='predictions_idx_per_k')
    labels_per_rank = _repeat_last_axis(labels, k, 'labels_per_k')
    with tf.name_scope(None, 'relevant_per_k'):
      relevant = tf.cast(
          tf.sets.size(tf.sets.intersection(ids_per_rank, labels_per_rank)),
          tf.float64)
    hits_so_far = tf.cumsum(relevant, axis=-1, name='tp_per_k')
    ranks = tf.cumsum(tf.ones_like(relevant), axis=-1, name='retrieved_per_k')
    precision_at_rank = tf.divide(
        tf.cast(hits_so_far, tf.float64), tf.cast(ranks, tf.float64),
        name='precision_per_k')
    relevant_precision = tf.multiply(
        precision_at_rank, tf.cast(relevant, tf.float64),
        name='relevant_precision_per_k')
    precision_sum = tf.reduce_sum(relevant_precision, axis=(-1,),
                                  name='precision_sum')
    num_relevant = tf.cast(_num_relevant(labels, k), tf.float64)
    return tf.divide(precision_sum, num_relevant, name=scope)


def streaming_sparse_average_precision_at_top_k(top_k_predictions,
                                                labels,
                                                weights=None,
                                                metrics_collections=None,
                                                updates_collections=None,
                                                name=None):
  """Streaming mean average precision of given top-k ids (sparse labels).

  Accumulates the (weighted) sum of per-row average precisions in
  `<scope>/total` and the (weighted) number of rows in `<scope>/max`.

  Args:
    top_k_predictions: int `Tensor` [D1, ... DN, k] of ranked class ids; the
      last axis must be static.
    labels: int64 `Tensor` or `SparseTensor` [D1, ... DN, num_labels] (or
      [D1, ... DN]) of class ids.
    weights: optional `Tensor` of rank 0 or N, broadcastable to the rows.
    name: name scope (default "average_precision_at_top_k").

  Returns:
    `(mean_average_precision, update_op)`, float64.

  Raises:
    ValueError: if the last axis of `top_k_predictions` is not static or the
      ranks of the inputs do not fit.
  """
  with tf.name_scope(name, 'average_precision_at_top_k',
                     (top_k_predictions, labels, weights)) as scope:
    per_row = _average_precision_per_row(labels=labels,
                                         predictions_idx=top_k_predictions)
    if weights is not None:
      weights = _utils.broadcast_weights(tf.cast(weights, tf.float64),
                                         per_row)
      per_row = tf.multiply(per_row, weights)

    with tf.name_scope(None, 'max', (per_row,)) as max_scope:
      max_var = _utils.metric_variable([], tf.float64, name=max_scope)
      if weights is None:
        batch_max = tf.cast(tf.size(per_row, name='batch_max'), tf.float64)
      else:
        batch_max = tf.reduce_sum(weights, name='batch_max')
      max_update = tf.assign_add(max_var, batch_max, name='update')
    with tf.name_scope(None, 'total', (per_row,)) as total_scope:
      total_var = _utils.metric_variable([], tf.float64, name=total_scope)
      batch_total = tf.reduce_sum(per_row, name='batch_total')
      total_update = tf.assign_add(total_var, batch_total, name='update')

    value = _utils.value_across_replicas(
        metrics_collections,
        lambda _, total, maximum: _utils.safe_scalar_div(total, maximum,
                                                         name='mean'),
        total_var, max_var)
    update = _utils.safe_scalar_div(total_update, max_update, name=scope)
    _utils.add_to_collections(updates_collections, update)
    return value, update
