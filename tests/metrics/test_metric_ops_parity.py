"""Parity of slimcompat.metrics with the reference tf-slim.

Every streaming metric is built with both packages on the same placeholders,
its update op is run for several steps on random batches (weights of every
allowed shape, or none), and the values after each update and at the end must
match.  The local/metric variables (names, shapes, dtypes, collections), the
names of the returned tensors and the contents of `metrics_collections` and
`updates_collections` must match too.  Bad inputs raise the reference's
exception class and leave the same variables behind.
"""

import collections

import hypothesis
from hypothesis import strategies as st
import numpy as np
import pytest

import slimcompat
from slimcompat._compat import tf
from tests.parity import harness

BATCH, DIM, CLASSES, K = 6, 3, 5, 3
STEPS = 3
# Each example builds and runs two graphs: few examples, and no shrinking
# (a failure is reported as found, with its seed and weight kind).
SETTINGS = hypothesis.settings(
    max_examples=2, deadline=None, derandomize=True,
    phases=(hypothesis.Phase.explicit, hypothesis.Phase.generate))
COLLECT = {'metrics_collections': ['my_metrics'],
           'updates_collections': ['my_updates']}

# `build(M, t, w, c)`: M is the metrics package, t the input placeholders, w
# the weights placeholder (or None) and c the collection kwargs (or {}).
# `weights`: the weight kinds the metric accepts; `collects`: whether it takes
# metrics_collections / updates_collections.
Case = collections.namedtuple('Case', 'build weights collects')
ALL = (None, 'scalar', 'rows', 'full')
ROWS = (None, 'scalar', 'rows')


def _case(build, weights=ALL, collects=True):
  return Case(build, weights, collects)


CASES = {
    # Counts and rates of boolean predictions.
    'true_positives': _case(lambda M, t, w, c: M.streaming_true_positives(
        t['binary'], t['labels'], weights=w, **c)),
    'true_negatives': _case(lambda M, t, w, c: M.streaming_true_negatives(
        t['binary'], t['labels'], weights=w, **c)),
    'false_positives': _case(lambda M, t, w, c: M.streaming_false_positives(
        t['binary'], t['labels'], weights=w, **c)),
    'false_negatives': _case(lambda M, t, w, c: M.streaming_false_negatives(
        t['binary'], t['labels'], weights=w, **c)),
    'false_positive_rate': _case(
        lambda M, t, w, c: M.streaming_false_positive_rate(
            t['binary'], t['labels'], weights=w, **c)),
    'false_negative_rate': _case(
        lambda M, t, w, c: M.streaming_false_negative_rate(
            t['binary'], t['labels'], weights=w, name='fnr', **c)),
    'accuracy': _case(lambda M, t, w, c: M.streaming_accuracy(
        t['binary'], t['labels'], weights=w, **c)),
    'precision': _case(lambda M, t, w, c: M.streaming_precision(
        t['binary'], t['labels'], weights=w, **c)),
    'recall': _case(lambda M, t, w, c: M.streaming_recall(
        t['binary'], t['labels'], weights=w, **c)),
    # Per-threshold counts and curves of probabilities.
    'true_positives_at_thresholds': _case(
        lambda M, t, w, c: M.streaming_true_positives_at_thresholds(
            t['probs'], t['labels'], [0.2, 0.5, 0.8], weights=w),
        collects=False),
    'false_negatives_at_thresholds': _case(
        lambda M, t, w, c: M.streaming_false_negatives_at_thresholds(
            t['probs'], t['labels'], [0.2, 0.5, 0.8], weights=w),
        collects=False),
    'true_negatives_at_thresholds': _case(
        lambda M, t, w, c: M.streaming_true_negatives_at_thresholds(
            t['probs'], t['labels'], [0.2, 0.5, 0.8], weights=w),
        collects=False),
    'false_positives_at_thresholds': _case(
        lambda M, t, w, c: M.streaming_false_positives_at_thresholds(
            t['probs'], t['labels'], [0.2, 0.5, 0.8], weights=w),
        collects=False),
    'false_positive_rate_at_thresholds': _case(
        lambda M, t, w, c: M.streaming_false_positive_rate_at_thresholds(
            t['probs'], t['labels'], [0.1, 0.5, 0.9], weights=w, **c)),
    'false_negative_rate_at_thresholds': _case(
        lambda M, t, w, c: M.streaming_false_negative_rate_at_thresholds(
            t['probs'], t['labels'], [0.1, 0.5, 0.9], weights=w, **c)),
    'precision_at_thresholds': _case(
        lambda M, t, w, c: M.streaming_precision_at_thresholds(
            t['probs'], t['labels'], [0.3, 0.6], weights=w, **c)),
    'recall_at_thresholds': _case(
        lambda M, t, w, c: M.streaming_recall_at_thresholds(
            t['probs'], t['labels'], [0.3, 0.6], weights=w, **c)),
    'curve_points_roc': _case(lambda M, t, w, c: M.streaming_curve_points(
        t['labels'], t['probs'], weights=w, num_thresholds=11, **c)),
    'curve_points_pr': _case(lambda M, t, w, c: M.streaming_curve_points(
        t['labels'], t['probs'], weights=w, num_thresholds=7, curve='PR',
        **c)),
    'auc_roc': _case(lambda M, t, w, c: M.streaming_auc(
        t['probs'], t['labels'], weights=w, num_thresholds=50, **c)),
    'auc_pr': _case(lambda M, t, w, c: M.streaming_auc(
        t['probs'], t['labels'], weights=w, curve='PR', **c)),
    'specificity_at_sensitivity': _case(
        lambda M, t, w, c: M.streaming_specificity_at_sensitivity(
            t['probs'], t['labels'], 0.7, weights=w, num_thresholds=30, **c)),
    'sensitivity_at_specificity': _case(
        lambda M, t, w, c: M.streaming_sensitivity_at_specificity(
            t['probs'], t['labels'], 0.4, weights=w, **c)),
    'recall_at_precision': _case(lambda M, t, w, c: M.recall_at_precision(
        t['labels'], t['probs'], 0.6, weights=w, num_thresholds=40, **c)),
    'recall_at_precision_strict': _case(
        lambda M, t, w, c: M.recall_at_precision(
            t['labels'], t['probs'], 0.7, weights=w, strict_mode=True, **c)),
    'precision_at_recall': _case(lambda M, t, w, c: M.precision_at_recall(
        t['labels'], t['probs'], 0.6, weights=w, num_thresholds=40, **c)),
    'precision_recall_at_equal_thresholds': _case(
        lambda M, t, w, c: M.precision_recall_at_equal_thresholds(
            tf.cast(t['labels'], tf.bool), t['probs'], weights=w,
            num_thresholds=9), collects=False),
    'f1_score': _case(lambda M, t, w, c: M.f1_score(
        t['labels'], t['probs'], weights=w, num_thresholds=25, **c)),
    'dynamic_auc_roc': _case(lambda M, t, w, c: M.streaming_dynamic_auc(
        tf.cast(t['labels'], tf.int64), t['probs'], weights=w, **c),
                             weights=(None, 'full')),
    'dynamic_auc_pr': _case(lambda M, t, w, c: M.streaming_dynamic_auc(
        t['labels'], t['probs'], curve='PR', weights=w, **c),
                            weights=(None, 'full')),
    'auc_with_confidence_intervals': _case(
        lambda M, t, w, c: M.auc_with_confidence_intervals(
            tf.cast(t['labels'], tf.int64), t['probs'], weights=w, **c),
        weights=(None, 'full')),
    'auc_with_confidence_intervals_plain': _case(
        lambda M, t, w, c: M.auc_with_confidence_intervals(
            tf.cast(t['labels'], tf.int64), t['probs'], weights=w, alpha=0.8,
            logit_transformation=False, **c), weights=(None, 'full')),
    'auc_using_histogram': _case(
        lambda M, t, w, c: M.auc_using_histogram(
            tf.reshape(tf.cast(t['labels'], tf.bool), [-1]),
            tf.reshape(t['probs'], [-1]), [0.0, 1.0], nbins=20),
        weights=(None,), collects=False),
    # Means of values and of errors.
    'mean': _case(lambda M, t, w, c: M.streaming_mean(
        t['values'], weights=w, **c)),
    'mean_tensor': _case(lambda M, t, w, c: M.streaming_mean_tensor(
        t['values'], weights=w, **c)),
    'count': _case(lambda M, t, w, c: M.count(t['values'], weights=w, **c)),
    'percentage_less': _case(lambda M, t, w, c: M.streaming_percentage_less(
        t['values'], 0.1, weights=w, **c)),
    'mean_absolute_error': _case(
        lambda M, t, w, c: M.streaming_mean_absolute_error(
            t['values'], t['targets'], weights=w, **c)),
    'mean_relative_error': _case(
        lambda M, t, w, c: M.streaming_mean_relative_error(
            t['values'], t['targets'], tf.abs(t['targets']) + 1.0,
            weights=w, **c)),
    'mean_squared_error': _case(
        lambda M, t, w, c: M.streaming_mean_squared_error(
            t['values'], t['targets'], weights=w, **c)),
    'root_mean_squared_error': _case(
        lambda M, t, w, c: M.streaming_root_mean_squared_error(
            t['values'], t['targets'], weights=w, **c)),
    'mean_cosine_distance': _case(
        lambda M, t, w, c: M.streaming_mean_cosine_distance(
            tf.nn.l2_normalize(t['values'], 1),
            tf.nn.l2_normalize(t['targets'], 1), 1, weights=w, **c),
        weights=ROWS),
    'covariance': _case(lambda M, t, w, c: M.streaming_covariance(
        t['values'], t['targets'], weights=w, **c)),
    'pearson_correlation': _case(
        lambda M, t, w, c: M.streaming_pearson_correlation(
            t['values'], t['targets'], weights=w, **c)),
    'concat_axis0': _case(lambda M, t, w, c: M.streaming_concat(
        t['values'], **c), weights=(None,)),
    'concat_axis1_max_size': _case(lambda M, t, w, c: M.streaming_concat(
        t['values'], axis=-1, max_size=7, **c), weights=(None,)),
    # Class ids and rankings.
    'mean_iou': _case(lambda M, t, w, c: M.streaming_mean_iou(
        t['predicted_class'], t['true_class'], CLASSES,
        weights=_row_weights(w), **c), weights=(None, 'rows')),
    'cohen_kappa': _case(lambda M, t, w, c: M.cohen_kappa(
        t['true_class'], t['predicted_class'], CLASSES,
        weights=_row_weights(w), **c), weights=(None, 'rows')),
    'recall_at_k': _case(lambda M, t, w, c: M.streaming_recall_at_k(
        t['logits'], t['true_class'], 2, weights=_row_weights(w), **c),
                         weights=ROWS),
    'sparse_recall_at_k': _case(
        lambda M, t, w, c: M.streaming_sparse_recall_at_k(
            t['logits'], t['label_sets'], K, weights=_row_weights(w), **c),
        weights=ROWS),
    'sparse_recall_at_k_class': _case(
        lambda M, t, w, c: M.streaming_sparse_recall_at_k(
            t['logits'], t['label_sets'], K, class_id=2, weights=_row_weights(w),
            **c),
        weights=ROWS),
    'sparse_precision_at_k': _case(
        lambda M, t, w, c: M.streaming_sparse_precision_at_k(
            t['logits'], t['label_sets'], K, weights=_row_weights(w), **c),
        weights=ROWS),
    'sparse_average_precision_at_k': _case(
        lambda M, t, w, c: M.streaming_sparse_average_precision_at_k(
            t['logits'], t['label_sets'], K, weights=_row_weights(w), **c),
        weights=ROWS),
    'sparse_precision_at_top_k': _case(
        lambda M, t, w, c: M.streaming_sparse_precision_at_top_k(
            t['top_k'], t['label_sets'], weights=_row_weights(w), **c),
        weights=ROWS),
    'sparse_precision_at_top_k_class': _case(
        lambda M, t, w, c: M.streaming_sparse_precision_at_top_k(
            t['top_k'], t['label_sets'], class_id=1,
            weights=_row_weights(w), **c),
        weights=ROWS),
    'sparse_recall_at_top_k': _case(
        lambda M, t, w, c: M.sparse_recall_at_top_k(
            t['label_sets'], t['top_k'], weights=_row_weights(w), **c),
        weights=ROWS),
    'sparse_average_precision_at_top_k': _case(
        lambda M, t, w, c: M.streaming_sparse_average_precision_at_top_k(
            t['top_k'], t['label_sets'], weights=_row_weights(w), **c),
        weights=ROWS),
    'sparse_average_precision_at_top_k_sparse_labels': _case(
        lambda M, t, w, c: M.streaming_sparse_average_precision_at_top_k(
            t['top_k'], _dense_to_sparse(t['label_sets']),
            weights=_row_weights(w), name='ap_sparse', **c), weights=ROWS),
    'sparse_average_precision_at_top_k_flat_labels': _case(
        lambda M, t, w, c: M.streaming_sparse_average_precision_at_top_k(
            t['top_k'], t['true_class'], weights=_row_weights(w), **c),
        weights=ROWS),
}


# Metrics whose update op is a plain tensor in slimcompat where the reference
# returns the variable-like result of a resource `assign_add` (whose name is
# that of the assign op); tf-slim's own CountTest.testReturnType expects a
# Tensor, Operation or tf.compat.v1.Variable, which that object no longer is.
TENSOR_UPDATE = ('count',)


def _row_weights(weights):
  """[BATCH, 1] row weights as [BATCH] for metrics of one value per row."""
  if weights is None or weights.get_shape().ndims == 0:
    return weights
  return tf.reshape(weights, [-1])


def _dense_to_sparse(dense):
  indices = tf.where(tf.greater_equal(dense, 0))
  return tf.SparseTensor(indices, tf.gather_nd(dense, indices),
                         tf.shape(dense, out_type=tf.int64))


PLACEHOLDERS = {
    'binary': (tf.float32, [BATCH, DIM]),
    'probs': (tf.float32, [BATCH, DIM]),
    'labels': (tf.float32, [BATCH, DIM]),
    'values': (tf.float32, [BATCH, DIM]),
    'targets': (tf.float32, [BATCH, DIM]),
    'logits': (tf.float32, [BATCH, CLASSES]),
    'top_k': (tf.int64, [BATCH, K]),
    'label_sets': (tf.int64, [BATCH, 2]),
    'true_class': (tf.int64, [BATCH]),
    'predicted_class': (tf.int64, [BATCH]),
}
WEIGHT_SHAPES = {'scalar': [], 'rows': [BATCH, 1], 'full': [BATCH, DIM]}


def _batch(rng, weight_kind):
  logits = rng.normal(size=(BATCH, CLASSES)).astype(np.float32)
  label_sets = np.stack([rng.choice(CLASSES, 2, replace=False)
                         for _ in range(BATCH)]).astype(np.int64)
  label_sets[rng.uniform(size=label_sets.shape) < 0.2] = -1  # ragged rows
  probs = rng.uniform(size=(BATCH, DIM)).astype(np.float32)
  feed = {
      'binary': (rng.uniform(size=(BATCH, DIM)) > 0.5).astype(np.float32),
      'probs': probs,
      'labels': (rng.uniform(size=(BATCH, DIM)) < probs).astype(np.float32),
      'values': rng.normal(size=(BATCH, DIM)).astype(np.float32),
      'targets': rng.normal(size=(BATCH, DIM)).astype(np.float32),
      'logits': logits,
      'top_k': np.argsort(-logits, axis=1)[:, :K].astype(np.int64),
      'label_sets': label_sets,
      'true_class': rng.randint(0, CLASSES, BATCH).astype(np.int64),
      'predicted_class': rng.randint(0, CLASSES, BATCH).astype(np.int64),
  }
  if weight_kind is not None:
    weights = rng.uniform(0, 2, size=WEIGHT_SHAPES[weight_kind])
    feed['weights'] = (weights * (rng.uniform(size=weights.shape) > 0.2)
                      ).astype(np.float32)
  return feed


def _builder(case, weight_kind, collect):
  def build(slim):
    tensors = {name: tf.placeholder(dtype, shape, name=name)
               for name, (dtype, shape) in PLACEHOLDERS.items()}
    weights = None
    if weight_kind is not None:
      weights = tf.placeholder(tf.float32, WEIGHT_SHAPES[weight_kind],
                               name='weights')
    return case.build(slim.metrics, tensors, weights,
                      COLLECT if collect else {})
  return build


def _fetchable(item):
  return not isinstance(item, tf.Operation)


def _names(result):
  return [getattr(item, 'name', None) for item in tf.nest.flatten(result)]


def _stream(built, batches):
  """Runs the update op once per batch; returns the updates and the value."""
  value, update = built.result
  graph = built.graph
  value_fetches = [v for v in tf.nest.flatten(value) if _fetchable(v)]
  update_fetches = [u for u in tf.nest.flatten(update) if _fetchable(u)]
  with graph.as_default(), tf.Session(graph=graph) as sess:
    sess.run([tf.global_variables_initializer(),
              tf.local_variables_initializer()])
    updates = []
    for batch in batches:
      feed = {graph.get_tensor_by_name(name + ':0'): array
              for name, array in batch.items()}
      outputs = sess.run([update, update_fetches], feed_dict=feed)
      updates.append(outputs[1])
    # Some values also read the current batch (auc_with_confidence_intervals
    # checks it has both labels): feed the last one again.
    return updates, sess.run(value_fetches, feed_dict=feed)


@pytest.mark.parametrize('name', sorted(CASES))
@SETTINGS
@hypothesis.given(seed=st.integers(0, 2**31 - 1), data=st.data())
def test_streaming_values_and_layout_match_reference(name, seed, data):
  case = CASES[name]
  weight_kind = data.draw(st.sampled_from(case.weights), label='weights')
  rng = np.random.RandomState(seed)
  batches = [_batch(rng, weight_kind) for _ in range(STEPS)]
  ours, theirs = harness.build_both(
      _builder(case, weight_kind, case.collects))

  assert ours.variables == theirs.variables
  assert ours.collections == theirs.collections
  if name in TENSOR_UPDATE:
    assert _names(ours.result[0]) == _names(theirs.result[0])
  else:
    assert _names(ours.result) == _names(theirs.result)
  if case.collects:
    keys = list(COLLECT['metrics_collections'])
    if name not in TENSOR_UPDATE:
      keys += COLLECT['updates_collections']
    assert (harness.collection_names(ours.graph, keys) ==
            harness.collection_names(theirs.graph, keys))
  ours_updates, ours_value = _stream(ours, batches)
  theirs_updates, theirs_value = _stream(theirs, batches)
  harness.assert_close(ours_updates, theirs_updates, atol=1e-5)
  harness.assert_close(ours_value, theirs_value, atol=1e-5)


def test_aggregate_metrics_and_map_match_reference():
  def build(slim):
    values = tf.constant([[1., 2.], [3., 4.]])
    mean = slim.metrics.streaming_mean(values)
    error = slim.metrics.streaming_mean_squared_error(values, values * 2)
    listed = slim.metrics.aggregate_metrics(mean, error)
    mapped = slim.metrics.aggregate_metric_map({'mean': mean, 'mse': error})
    return listed, mapped

  ours, theirs = harness.build_both(build)
  assert _names(ours.result) == _names(theirs.result)
  assert sorted(ours.result[1][0]) == sorted(theirs.result[1][0])


def _left(graph):
  return [v.op.name for v in graph.get_collection(tf.GraphKeys.LOCAL_VARIABLES)]


BAD_INPUTS = {
    'shape_mismatch_rate': lambda M: M.streaming_false_positive_rate(
        tf.zeros([4, 3]), tf.zeros([4, 2])),
    'shape_mismatch_thresholds': lambda M: (
        M.streaming_true_positives_at_thresholds(
            tf.zeros([4, 3]), tf.zeros([4, 2]), [0.5])),
    'shape_mismatch_covariance': lambda M: M.streaming_covariance(
        tf.zeros([4, 3]), tf.zeros([5, 3])),
    'shape_mismatch_cosine': lambda M: M.streaming_mean_cosine_distance(
        tf.zeros([4, 3]), tf.zeros([4, 2]), 1),
    'shape_mismatch_dynamic_auc': lambda M: M.streaming_dynamic_auc(
        tf.zeros([4], tf.int64), tf.zeros([5])),
    'shape_mismatch_kappa': lambda M: M.cohen_kappa(
        tf.zeros([4], tf.int64), tf.zeros([5], tf.int64), 3),
    'weights_rank_count': lambda M: M.count(
        tf.zeros([4, 3]), weights=tf.ones([4, 3, 2])),
    'weights_rank_covariance': lambda M: M.streaming_covariance(
        tf.zeros([4, 3]), tf.zeros([4, 3]), weights=tf.ones([2, 4, 3, 2])),
    'weights_shape_curve': lambda M: M.streaming_curve_points(
        tf.zeros([4, 3]), tf.zeros([4, 3]), weights=tf.ones([4, 2])),
    'weights_shape_fpr_at_thresholds': lambda M: (
        M.streaming_false_positive_rate_at_thresholds(
            tf.zeros([4, 3]), tf.zeros([4, 3]), [0.5],
            weights=tf.ones([3, 3]))),
    'weights_shape_ap_top_k': lambda M: (
        M.streaming_sparse_average_precision_at_top_k(
            tf.zeros([4, 2], tf.int64), tf.zeros([4, 2], tf.int64),
            weights=tf.ones([3]))),
    'weights_shape_f1': lambda M: M.f1_score(
        tf.zeros([4, 3]), tf.zeros([4, 3]), weights=tf.ones([4, 2])),
    'string_values_covariance': lambda M: M.streaming_covariance(
        tf.zeros([4], tf.string), tf.zeros([4], tf.string)),
    'float_labels_equal_thresholds': lambda M: (
        M.precision_recall_at_equal_thresholds(tf.zeros([4]), tf.zeros([4]))),
    'one_class_kappa': lambda M: M.cohen_kappa(
        tf.zeros([4], tf.int64), tf.zeros([4], tf.int64), 1),
    'three_d_labels_kappa': lambda M: M.cohen_kappa(
        tf.zeros([4, 1, 1], tf.int64), tf.zeros([4], tf.int64), 3),
    'unknown_curve': lambda M: M.streaming_curve_points(
        tf.zeros([4]), tf.zeros([4]), curve='XY'),
    'unknown_curve_dynamic': lambda M: M.streaming_dynamic_auc(
        tf.zeros([4]), tf.zeros([4]), curve='XY'),
    'bad_alpha': lambda M: M.auc_with_confidence_intervals(
        tf.zeros([4]), tf.zeros([4]), alpha=1.5),
    'bad_precision': lambda M: M.recall_at_precision(
        tf.zeros([4]), tf.zeros([4]), 1.5),
    'bad_target_recall': lambda M: M.precision_at_recall(
        tf.zeros([4]), tf.zeros([4]), -0.1),
    'concat_unknown_rank': lambda M: M.streaming_concat(
        tf.placeholder(tf.float32)),
    'concat_bad_axis': lambda M: M.streaming_concat(tf.zeros([2, 3]), axis=2),
    'concat_unknown_inner_dim': lambda M: M.streaming_concat(
        tf.placeholder(tf.float32, [2, None])),
    'ap_top_k_unknown_k': lambda M: (
        M.streaming_sparse_average_precision_at_top_k(
            tf.placeholder(tf.int64, [2, None]),
            np.array([[1], [2]], np.int64))),
    'ap_top_k_rank_mismatch': lambda M: (
        M.streaming_sparse_average_precision_at_top_k(
            tf.constant([2, 1], tf.int64), np.array([[1], [2]], np.int64))),
    'precision_top_k_rank_1': lambda M: M.streaming_sparse_precision_at_top_k(
        tf.constant([2, 1], tf.int64), tf.constant([1, 2], tf.int64)),
    'histogram_float_labels': lambda M: M.auc_using_histogram(
        tf.zeros([4]), tf.zeros([4]), [0., 1.]),
    'accuracy_float_labels': lambda M: M.accuracy(tf.zeros([4]),
                                                  tf.zeros([4])),
    'accuracy_dtype_mismatch': lambda M: M.accuracy(
        tf.zeros([4], tf.int32), tf.zeros([4], tf.int64)),
    'aggregate_nothing': lambda M: M.aggregate_metrics(),
}


@pytest.mark.parametrize('name', sorted(BAD_INPUTS))
def test_bad_input_raises_reference_class(name):
  harness.assert_raises_like_reference(
      lambda slim: BAD_INPUTS[name](slim.metrics), left=_left)


# Odd inputs the reference accepts: slimcompat must accept them too.
ACCEPTED = {
    'empty_thresholds': lambda M: M.streaming_true_positives_at_thresholds(
        tf.zeros([4]), tf.zeros([4]), []),
    'collection_name_as_string': lambda M: M.streaming_covariance(
        tf.zeros([4]), tf.zeros([4]), metrics_collections='not_a_list'),
    'float_class_ids_kappa': lambda M: M.cohen_kappa(
        tf.zeros([4]), tf.zeros([4]), 3),
    'string_labels_dynamic_auc': lambda M: M.streaming_dynamic_auc(
        tf.zeros([4], tf.string), tf.zeros([4])),
}


@pytest.mark.parametrize('name', sorted(ACCEPTED))
def test_inputs_the_reference_accepts_are_accepted(name):
  def build(slim):
    return ACCEPTED[name](slim.metrics)
  theirs = harness.raised_and_left(build, harness.reference(), _left)
  assert theirs[0] is None
  assert harness.raised_and_left(build, slimcompat, _left) == theirs
