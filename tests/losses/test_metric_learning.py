"""slimcompat.losses.metric_learning: numpy references and parity with tf-slim.

Values (and gradients) of every loss and helper match the reference for random
embeddings and labels; the multi-label n-pairs loss is also checked against a
numpy computation (the upstream test of it cannot run on NumPy >= 1.24, which
removed `np.float`); `cluster_loss` is compared with the 'const' margin, the
one that needs no scikit-learn, with the sklearn check forced on for both.
"""

import hypothesis
from hypothesis import strategies as st
import numpy as np
import pytest

import slimcompat
from slimcompat._compat import tf
from slimcompat.losses import _cluster_scores
from slimcompat.losses import metric_learning
from tests.parity import harness

SETTINGS = hypothesis.settings(max_examples=3, deadline=None,
                               derandomize=True)


def _eval(tensors):
  with tf.Session() as sess:
    return sess.run(tensors)


def _pairwise_numpy(features, squared=False):
  diffs = features[:, None, :] - features[None, :, :]
  squares = np.sum(diffs**2, axis=-1)
  return squares if squared else np.sqrt(squares)


def test_pairwise_distance_matches_numpy_and_has_zero_diagonal():
  features = np.random.RandomState(0).normal(size=(7, 4)).astype(np.float32)
  with tf.Graph().as_default():
    plain, squared = _eval([
        metric_learning.pairwise_distance(tf.constant(features)),
        metric_learning.pairwise_distance(tf.constant(features), squared=True)
    ])
  np.testing.assert_allclose(plain, _pairwise_numpy(features), atol=1e-5)
  np.testing.assert_allclose(squared, _pairwise_numpy(features, True),
                             atol=1e-4)
  assert np.all(np.diag(plain) == 0)


def test_pairwise_distance_gradient_is_finite_for_duplicate_rows():
  features = np.array([[1., 2.], [1., 2.], [0., 1.]], np.float32)
  with tf.Graph().as_default():
    x = tf.constant(features)
    grad = _eval(tf.gradients(
        tf.reduce_sum(metric_learning.pairwise_distance(x)), x)[0])
  assert np.all(np.isfinite(grad))


def test_masked_extremes_ignore_unmasked_entries():
  data = np.array([[1., 5., -2.], [3., -1., 4.]], np.float32)
  mask = np.array([[1., 0., 1.], [0., 1., 0.]], np.float32)
  with tf.Graph().as_default():
    highest, lowest = _eval([
        metric_learning.masked_maximum(tf.constant(data), tf.constant(mask)),
        metric_learning.masked_minimum(tf.constant(data), tf.constant(mask))
    ])
  np.testing.assert_allclose(highest[:, 0], [1., -1.])
  np.testing.assert_allclose(lowest[:, 0], [-2., -1.])


def test_contrastive_loss_matches_numpy():
  rng = np.random.RandomState(1)
  anchor = rng.rand(6, 3).astype(np.float32)
  positive = rng.rand(6, 3).astype(np.float32)
  labels = rng.randint(0, 2, 6)
  distance = np.sqrt(np.sum((anchor - positive)**2, 1))
  expected = np.mean(labels * distance**2 + (1 - labels) *
                     np.maximum(0.7 - distance, 0)**2)
  with tf.Graph().as_default():
    loss = metric_learning.contrastive_loss(
        tf.constant(labels), tf.constant(anchor), tf.constant(positive),
        margin=0.7)
    assert loss.op.name == 'contrastive_loss'
    np.testing.assert_allclose(_eval(loss), expected, rtol=1e-5)


def test_npairs_multilabel_matches_numpy():
  rng = np.random.RandomState(2)
  num_data, num_classes, reg_lambda = 5, 6, 0.02
  anchor = rng.rand(num_data, 3).astype(np.float32)
  positive = rng.rand(num_data, 3).astype(np.float32)
  labels = rng.randint(0, 2, (num_data, num_classes))
  labels[:, -1] = 1
  targets = np.dot(labels, labels.T).astype(np.float64)
  targets /= targets.sum(1, keepdims=True)
  logits = anchor.dot(positive.T).astype(np.float64)
  log_softmax = logits - np.log(np.exp(logits).sum(1, keepdims=True))
  xent = np.mean(-np.sum(targets * log_softmax, 1))
  l2 = 0.25 * reg_lambda * (np.mean(np.sum(anchor**2, 1)) +
                            np.mean(np.sum(positive**2, 1)))
  with tf.Graph().as_default():
    sparse = [tf.SparseTensor(*_sparse_row(row)) for row in labels]
    loss = metric_learning.npairs_loss_multilabel(
        sparse, tf.constant(anchor), tf.constant(positive),
        reg_lambda=reg_lambda)
    np.testing.assert_allclose(_eval(loss), xent + l2, rtol=1e-5)


def _sparse_row(row):
  indices = np.array([[0, i] for i in np.flatnonzero(row)], np.int64)
  return indices, np.ones(len(indices), np.int64), [1, len(row)]


def test_npairs_multilabel_rejects_dense_labels():
  with tf.Graph().as_default():
    with pytest.raises(TypeError, match='SparseTensor'):
      metric_learning.npairs_loss_multilabel(
          [tf.zeros([1, 3])], tf.zeros([1, 2]), tf.zeros([1, 2]))


def test_clustering_score_names_valid_margins():
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match='nmi'):
      metric_learning.compute_clustering_score(
          tf.constant([0, 1]), tf.constant([0, 1]), 'bogus')
    same = metric_learning.compute_clustering_score(
        tf.constant([0, 1, 1]), tf.constant([0, 1, 1]), 'const')
    other = metric_learning.compute_clustering_score(
        tf.constant([0, 1, 1]), tf.constant([0, 1, 0]), 'const')
    assert _eval([same, other]) == [1.0, 0.0]


def test_update_1d_tensor_and_cluster_assignment():
  distances = np.array([[0., 1., 5.], [1., 0., 4.], [5., 4., 0.]], np.float32)
  with tf.Graph().as_default():
    updated, assignment = _eval([
        metric_learning.update_1d_tensor(tf.constant([3, 4, 5]), 1, 9),
        metric_learning.get_cluster_assignment(tf.constant(distances),
                                               tf.constant([0, 2]))])
  assert list(updated) == [3, 9, 5]
  assert list(assignment) == [0, 0, 1]


def test_cluster_loss_needs_sklearn(monkeypatch):
  monkeypatch.setattr(_cluster_scores, 'HAS_SKLEARN', False)
  with tf.Graph().as_default():
    with pytest.raises(ImportError, match='sklearn'):
      metric_learning.cluster_loss(tf.zeros([4, 1], tf.int32),
                                   tf.zeros([4, 2]), 1.0)


def _embeddings(seed, num, dim=4, num_classes=3):
  rng = np.random.RandomState(seed)
  embeddings = rng.normal(size=(num, dim)).astype(np.float32)
  embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
  labels = rng.randint(0, num_classes, size=num).astype(np.int32)
  labels[:num_classes] = np.arange(num_classes)  # every class present
  return rng, embeddings, labels


def _compare(build):
  ours, theirs = harness.build_both(build)
  flat_ours = tf.nest.flatten(ours.result)
  flat_theirs = tf.nest.flatten(theirs.result)
  assert ([t.name for t in flat_ours if t.op.name.endswith('loss')] ==
          [t.name for t in flat_theirs if t.op.name.endswith('loss')])
  assert ours.collections == theirs.collections
  harness.assert_close(harness.run(ours, ours.result),
                       harness.run(theirs, theirs.result), atol=1e-4)


def _with_grad(loss, wrt):
  return loss, tf.gradients(loss, wrt)


@SETTINGS
@hypothesis.given(seed=st.integers(0, 2**31 - 1),
                  margin=st.floats(0.1, 2.0))
def test_pair_losses_match_reference(seed, margin):
  rng, embeddings, labels = _embeddings(seed, 8)
  other = embeddings[rng.permutation(8)]

  def build(slim):
    ml = slim.losses.metric_learning
    x, y = tf.constant(embeddings), tf.constant(other)
    pair_labels = tf.constant((labels % 2).astype(np.int32))
    return (_with_grad(ml.contrastive_loss(pair_labels, x, y, margin), x),
            _with_grad(ml.triplet_semihard_loss(tf.constant(labels), x,
                                                margin), x),
            _with_grad(ml.lifted_struct_loss(tf.constant(labels), x, margin),
                       x),
            ml.pairwise_distance(x), ml.pairwise_distance(x, squared=True))

  _compare(build)


@SETTINGS
@hypothesis.given(seed=st.integers(0, 2**31 - 1),
                  reg_lambda=st.floats(0.0, 0.1))
def test_npairs_losses_match_reference(seed, reg_lambda):
  rng, anchor, labels = _embeddings(seed, 5)
  positive = rng.normal(size=anchor.shape).astype(np.float32)
  multi = rng.randint(0, 2, (5, 4))
  multi[:, 0] = 1

  def build(slim):
    ml = slim.losses.metric_learning
    x, y = tf.constant(anchor), tf.constant(positive)
    sparse = [tf.SparseTensor(*_sparse_row(row)) for row in multi]
    return (_with_grad(ml.npairs_loss(tf.constant(labels), x, y, reg_lambda),
                       [x, y]),
            _with_grad(ml.npairs_loss_multilabel(sparse, x, y, reg_lambda),
                       [x, y]))

  _compare(build)


@pytest.mark.parametrize('pam', [False, True])
def test_cluster_loss_const_margin_matches_reference(monkeypatch, pam):
  reference_module = harness.reference().losses.metric_learning
  monkeypatch.setattr(_cluster_scores, 'HAS_SKLEARN', True)
  monkeypatch.setattr(reference_module, 'HAS_SKLEARN', True)
  _, embeddings, labels = _embeddings(4, 9)

  def build(slim):
    return slim.losses.metric_learning.cluster_loss(
        tf.constant(labels[:, None].astype(np.int64)), tf.constant(embeddings),
        0.5,
        enable_pam_finetuning=pam, margin_type='const')

  ours, theirs = harness.build_both(build)
  assert ours.result.name == theirs.result.name
  assert ours.collections == theirs.collections
  harness.assert_close(harness.run(ours, ours.result),
                       harness.run(theirs, theirs.result), atol=1e-4)


@pytest.mark.parametrize('loss', ['triplet_semihard_loss',
                                  'lifted_struct_loss', 'npairs_loss'])
def test_two_dimensional_labels_raise_reference_class(loss):
  def build(slim):
    function = getattr(slim.losses.metric_learning, loss)
    args = ((tf.zeros([4, 1], tf.int32), tf.zeros([4, 2]))
            if loss != 'npairs_loss' else
            (tf.zeros([4, 1], tf.int32), tf.zeros([4, 2]), tf.zeros([4, 2])))
    function(*args)

  theirs = harness.raised_by(build, harness.reference())
  assert theirs is not None
  assert harness.raised_by(build, slimcompat) is theirs
