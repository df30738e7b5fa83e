"""Unit tests of slimcompat.metrics against numpy computations."""

import numpy as np
import pytest

from slimcompat._compat import tf
from slimcompat import metrics
from slimcompat.metrics import metric_ops

RNG = np.random.RandomState(5)


@pytest.fixture(autouse=True)
def _graph():
  with tf.Graph().as_default():
    yield


def _stream(value, update, feeds):
  """Runs `update` for each feed dict; returns the final `value`.

  The last feed is fed again for the value: some values carry run-time
  checks of the current batch.
  """
  with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    for feed in feeds:
      sess.run(update, feed_dict=feed)
    return sess.run(value, feed_dict=feeds[-1])


def _placeholders(*shapes, dtype=tf.float32):
  return [tf.placeholder(dtype, shape) for shape in shapes]


def test_metric_variables_are_local_and_metric_variables():
  metrics.streaming_covariance(tf.zeros([3]), tf.zeros([3]))
  names = {'covariance/count:0', 'covariance/mean_prediction:0',
           'covariance/mean_label:0', 'covariance/comoment:0'}
  assert {v.name for v in tf.local_variables()} == names
  assert {v.name for v in tf.get_collection(
      tf.GraphKeys.METRIC_VARIABLES)} == names
  assert not tf.global_variables() and not tf.trainable_variables()


def test_covariance_and_pearson_over_batches_match_numpy():
  x, y, w = _placeholders([5], [5], [5])
  cov, update_cov = metrics.streaming_covariance(x, y, weights=w)
  r, update_r = metrics.streaming_pearson_correlation(x, y, weights=w)
  xs, ys = RNG.normal(size=(3, 5)), RNG.normal(size=(3, 5))
  ws = RNG.randint(0, 4, size=(3, 5))
  feeds = [{x: xs[i], y: ys[i], w: ws[i]} for i in range(3)]
  got_cov, got_r = _stream([cov, r], [update_cov, update_r], feeds)
  weights = ws.ravel()
  expected = np.cov(xs.ravel(), ys.ravel(), fweights=weights)
  np.testing.assert_allclose(got_cov, expected[0, 1], rtol=1e-4)
  np.testing.assert_allclose(
      got_r, expected[0, 1] / np.sqrt(expected[0, 0] * expected[1, 1]),
      rtol=1e-4)


def test_covariance_is_nan_before_two_examples():
  cov, update = metrics.streaming_covariance(tf.constant([1.0]),
                                             tf.constant([2.0]))
  assert np.isnan(_stream(cov, update, [{}]))


def test_streaming_concat_grows_and_respects_max_size():
  x, = _placeholders([None, 2])
  value, update = metrics.streaming_concat(x)
  capped, update_capped = metrics.streaming_concat(x, max_size=4,
                                                   name='capped')
  batches = [RNG.normal(size=(n, 2)).astype(np.float32) for n in (3, 1, 5)]
  got, got_capped = _stream([value, capped], [update, update_capped],
                            [{x: b} for b in batches])
  np.testing.assert_array_equal(got, np.concatenate(batches))
  np.testing.assert_array_equal(got_capped, np.concatenate(batches)[:4])


def test_streaming_concat_along_last_axis():
  x, = _placeholders([2, None])
  value, update = metrics.streaming_concat(x, axis=-1)
  batches = [RNG.normal(size=(2, n)).astype(np.float32) for n in (2, 3)]
  np.testing.assert_array_equal(
      _stream(value, update, [{x: b} for b in batches]),
      np.concatenate(batches, axis=1))


def test_next_array_size_is_next_power_of_growth_factor():
  with tf.Session() as sess:
    sizes = sess.run([metric_ops._next_array_size(n) for n in (1, 2, 3, 10)])
  assert sizes == [1, 3, 4, 12]


def test_count_returns_tensors_that_sessions_can_run():
  value, update = metrics.count(tf.ones([4, 3]),
                                weights=tf.constant([[1.], [0.], [2.], [1.]]))
  assert isinstance(value, tf.Tensor)
  assert isinstance(update, tf.Tensor)
  with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    assert sess.run(update) == 12.0
    assert sess.run(update) == 24.0
    assert sess.run(value) == 24.0


def _roc_auc(labels, scores):
  """Exact ROC AUC (ties count half) by comparing all pairs."""
  positive, negative = scores[labels == 1], scores[labels == 0]
  greater = (positive[:, None] > negative[None, :]).sum()
  ties = (positive[:, None] == negative[None, :]).sum()
  return (greater + 0.5 * ties) / (len(positive) * len(negative))


def test_dynamic_auc_is_exact_roc_auc():
  labels, scores = _placeholders([None], [None])
  auc, update = metrics.streaming_dynamic_auc(tf.cast(labels, tf.int64),
                                              scores)
  batches = [(RNG.randint(0, 2, 7), np.round(RNG.uniform(size=7), 1))
             for _ in range(3)]
  got = _stream(auc, update, [{labels: l, scores: s} for l, s in batches])
  all_labels = np.concatenate([b[0] for b in batches])
  all_scores = np.concatenate([b[1] for b in batches])
  np.testing.assert_allclose(got, _roc_auc(all_labels, all_scores),
                             rtol=1e-6)


def test_confidence_interval_brackets_the_exact_auc():
  labels = RNG.randint(0, 2, 40)
  scores = np.clip(labels * 0.3 + RNG.uniform(size=40) * 0.7, 0, 1).astype(
      np.float32)
  result, update = metrics.auc_with_confidence_intervals(
      tf.constant(labels), tf.constant(scores))
  auc, lower, upper = _stream(result, update, [{}])
  np.testing.assert_allclose(auc, _roc_auc(labels, scores), rtol=1e-4)
  assert lower < auc < upper


def test_histogram_auc_approximates_exact_auc():
  labels = RNG.uniform(size=500) > 0.5
  scores = np.clip(labels * 0.4 + RNG.uniform(size=500) * 0.6, 0, 1)
  auc, update = metrics.auc_using_histogram(
      tf.constant(labels), tf.constant(scores, tf.float32), [0.0, 1.0],
      nbins=200)
  assert {v.op.name for v in tf.local_variables()} == {
      'auc_using_histogram/hist_accumulate/hist_true_acc',
      'auc_using_histogram/hist_accumulate/hist_false_acc'}
  np.testing.assert_allclose(_stream(auc, update, [{}]),
                             _roc_auc(labels, scores), atol=0.01)


def test_cohen_kappa_matches_its_formula():
  truth, predicted = RNG.randint(0, 3, 30), RNG.randint(0, 3, 30)
  kappa, update = metrics.cohen_kappa(tf.constant(truth),
                                      tf.constant(predicted), 3)
  table = np.zeros((3, 3))
  np.add.at(table, (truth, predicted), 1)
  observed = np.trace(table) / 30
  expected = np.sum(table.sum(0) * table.sum(1)) / 30**2
  np.testing.assert_allclose(_stream(kappa, update, [{}]),
                             (observed - expected) / (1 - expected),
                             rtol=1e-6)


def test_precision_recall_at_equal_thresholds_counts():
  labels = RNG.uniform(size=50) > 0.5
  scores = RNG.uniform(size=50).astype(np.float32)
  result, update = metrics.precision_recall_at_equal_thresholds(
      tf.constant(labels), tf.constant(scores), num_thresholds=5)
  got = _stream(result, update, [{}])
  # Threshold i is i / 4; a score counts at every threshold of its bucket
  # start and below.
  buckets = np.floor(scores * 4)
  thresholds = np.arange(5)
  tp = [np.sum(labels & (buckets >= t)) for t in thresholds]
  fp = [np.sum(~labels & (buckets >= t)) for t in thresholds]
  np.testing.assert_allclose(got.tp, tp)
  np.testing.assert_allclose(got.fp, fp)
  np.testing.assert_allclose(got.thresholds, thresholds / 4.0)
  np.testing.assert_allclose(got.tn, fp[0] - np.array(fp))
  assert got.tp.dtype == np.float32


def test_f1_score_is_best_over_thresholds():
  labels = (RNG.uniform(size=60) > 0.5).astype(np.float32)
  scores = np.clip(labels * 0.3 + RNG.uniform(size=60) * 0.7, 0, 1)
  f1, update = metrics.f1_score(tf.constant(labels),
                                tf.constant(scores, tf.float32),
                                num_thresholds=11)
  best = 0.0
  for t in [-1e-7] + [i / 10 for i in range(1, 10)] + [1 + 1e-7]:
    predicted = scores > t
    tp = np.sum(predicted & (labels == 1))
    precision = tp / max(np.sum(predicted), 1e-7)
    recall = tp / np.sum(labels == 1)
    best = max(best, 2 * precision * recall / (precision + recall + 1e-7))
  np.testing.assert_allclose(_stream(f1, update, [{}]), best, rtol=1e-4)


def test_classification_accuracy_with_and_without_weights():
  predictions = tf.constant([1, 2, 3, 4])
  labels = tf.constant([1, 0, 3, 0])
  weights = tf.constant([1., 2., 0., 1.])
  with tf.Session() as sess:
    plain, weighted = sess.run([
        metrics.accuracy(predictions, labels),
        metrics.accuracy(predictions, labels, weights=weights)])
  assert plain == 0.5
  assert weighted == 0.25


def test_accuracy_rejects_float_labels_with_a_hint():
  with pytest.raises(ValueError, match='tf.cast'):
    metrics.accuracy(tf.zeros([2]), tf.zeros([2]))


def test_average_precision_at_top_k_matches_hand_computation():
  # Ranked ids (5, 3, 6, 0) against labels {0, 1, 2, 3, 4}: hits at ranks 2
  # and 4, so AP@4 = (1/2 + 2/4) / min(4, 5).
  value, update = metrics.streaming_sparse_average_precision_at_top_k(
      tf.constant([[5, 3, 6, 0]], tf.int64),
      tf.constant([[0, 1, 2, 3, 4]], tf.int64))
  np.testing.assert_allclose(_stream(value, update, [{}]), (0.5 + 0.5) / 4)


def test_aggregate_helpers():
  pairs = [(tf.constant(1.0), tf.no_op()), (tf.constant(2.0), tf.no_op())]
  values, updates = metrics.aggregate_metrics(*pairs)
  assert values == [p[0] for p in pairs] and updates == [p[1] for p in pairs]
  names_to_values, names_to_updates = metrics.aggregate_metric_map(
      {'a': pairs[0], 'b': pairs[1]})
  assert names_to_values == {'a': pairs[0][0], 'b': pairs[1][0]}
  assert names_to_updates == {'a': pairs[0][1], 'b': pairs[1][1]}
  with pytest.raises(ValueError):
    metrics.aggregate_metrics()
