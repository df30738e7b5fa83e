"""Unit tests of slimcompat.losses.loss_ops against numpy formulas."""

import inspect
import logging

import numpy as np
import pytest

from slimcompat._compat import tf
from slimcompat import losses
from slimcompat import _deprecation
from slimcompat.ops.arg_scope import arg_scope

RNG = np.random.RandomState(11)
PREDICTIONS = RNG.uniform(0.1, 0.9, (4, 3)).astype(np.float32)
LABELS = (RNG.uniform(size=(4, 3)) > 0.5).astype(np.float32)
LOGITS = RNG.normal(size=(4, 3)).astype(np.float32)


@pytest.fixture(autouse=True)
def _graph():
  with tf.Graph().as_default():
    yield


def _eval(tensor):
  with tf.Session() as sess:
    return sess.run(tensor)


def _weighted_mean(elementwise, weights):
  """Reference maths: broadcast weights from the left, mean over non-zero."""
  weights = np.asarray(weights, np.float64)
  full = np.broadcast_to(
      weights.reshape(weights.shape + (1,) * (elementwise.ndim - weights.ndim)),
      elementwise.shape)
  present = np.count_nonzero(full)
  return 0.0 if present == 0 else np.sum(elementwise * full) / present


@pytest.mark.parametrize('weights', [
    1.0, 2.5, 0.0, [1., 0., 2., 3.], [[1.], [0.], [2.], [0.5]],
    [[1., 0., 2.], [0., 0., 0.], [3., 1., 1.], [1., 1., 0.]]])
def test_weighted_mean_of_each_elementwise_loss(weights):
  cases = {
      losses.absolute_difference: np.abs(PREDICTIONS - LABELS),
      losses.mean_squared_error: (PREDICTIONS - LABELS)**2,
      losses.log_loss: -(LABELS * np.log(PREDICTIONS + 1e-7) +
                         (1 - LABELS) * np.log(1 - PREDICTIONS + 1e-7)),
  }
  for loss_fn, elementwise in cases.items():
    loss = loss_fn(tf.constant(PREDICTIONS), tf.constant(LABELS),
                   weights=tf.constant(weights, tf.float32))
    np.testing.assert_allclose(_eval(loss),
                               _weighted_mean(elementwise, weights),
                               rtol=1e-5, atol=1e-6)


def test_sigmoid_cross_entropy_with_label_smoothing():
  smoothed = LABELS * 0.8 + 0.1
  elementwise = (np.maximum(LOGITS, 0) - LOGITS * smoothed +
                 np.log1p(np.exp(-np.abs(LOGITS))))
  loss = losses.sigmoid_cross_entropy(tf.constant(LOGITS),
                                      tf.constant(LABELS),
                                      label_smoothing=0.2)
  assert loss.op.name == 'sigmoid_cross_entropy_loss/value'
  np.testing.assert_allclose(_eval(loss), elementwise.mean(), rtol=1e-5)


def test_softmax_cross_entropy_with_label_smoothing_and_example_weights():
  onehot = np.eye(3, dtype=np.float32)[[0, 2, 1, 1]]
  smoothed = onehot * 0.7 + 0.1
  log_softmax = LOGITS - np.log(np.exp(LOGITS).sum(1, keepdims=True))
  per_example = -(smoothed * log_softmax).sum(1)
  weights = np.array([1., 0., 2., 1.], np.float32)
  loss = losses.softmax_cross_entropy(tf.constant(LOGITS),
                                      tf.constant(onehot),
                                      weights=weights, label_smoothing=0.3)
  np.testing.assert_allclose(_eval(loss),
                             np.sum(per_example * weights) / 3, rtol=1e-5)


def test_sparse_softmax_accepts_column_labels_and_weights():
  classes = np.array([[0], [2], [1], [1]], np.int64)
  log_softmax = LOGITS - np.log(np.exp(LOGITS).sum(1, keepdims=True))
  per_example = -log_softmax[np.arange(4), classes[:, 0]]
  weights = np.array([[1.], [2.], [0.], [1.]], np.float32)
  loss = losses.sparse_softmax_cross_entropy(
      tf.constant(LOGITS), tf.constant(classes), weights=weights)
  assert loss.op.name == 'sparse_softmax_cross_entropy_loss/value'
  np.testing.assert_allclose(_eval(loss),
                             np.sum(per_example * weights[:, 0]) / 3,
                             rtol=1e-5)


def test_hinge_loss_is_elementwise_and_not_collected():
  loss = losses.hinge_loss(tf.constant(LOGITS), tf.constant(LABELS))
  np.testing.assert_allclose(
      _eval(loss), np.maximum(0, 1 - (2 * LABELS - 1) * LOGITS), rtol=1e-6)
  assert not losses.get_losses()


def test_mean_pairwise_squared_error_counts_pairs_within_examples():
  diffs = PREDICTIONS - LABELS
  weights = np.array([1., 0., 2., 0.5], np.float32)
  per_example = [np.mean((d[:, None] - d[None, :])**2) for d in diffs]
  loss = losses.mean_pairwise_squared_error(
      tf.constant(PREDICTIONS), tf.constant(LABELS), weights=weights)
  np.testing.assert_allclose(_eval(loss), np.sum(per_example * weights),
                             rtol=1e-5)


def test_cosine_distance_along_axis():
  unit = PREDICTIONS / np.linalg.norm(PREDICTIONS, axis=1, keepdims=True)
  other = LABELS + 1
  other = other / np.linalg.norm(other, axis=1, keepdims=True)
  loss = losses.cosine_distance(tf.constant(unit), tf.constant(other), axis=1)
  np.testing.assert_allclose(_eval(loss), np.mean(1 - (unit * other).sum(1)),
                             rtol=1e-5)


def test_every_weighted_loss_joins_losses_and_total_adds_regularization():
  mse = losses.mean_squared_error(tf.constant(PREDICTIONS),
                                  tf.constant(LABELS))
  extra = tf.constant(1.5)
  losses.add_loss(extra)
  tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.constant(0.25))
  assert losses.get_losses() == [mse, extra]
  total = losses.get_total_loss()
  assert total.op.name == 'total_loss'
  np.testing.assert_allclose(
      _eval(total), np.mean((PREDICTIONS - LABELS)**2) + 1.75, rtol=1e-5)
  np.testing.assert_allclose(
      _eval(losses.get_total_loss(add_regularization_losses=False)),
      np.mean((PREDICTIONS - LABELS)**2) + 1.5, rtol=1e-5)


def test_arg_scope_can_keep_losses_out_of_the_collection():
  with arg_scope([losses.add_loss], loss_collection=None):
    losses.absolute_difference(tf.constant(PREDICTIONS), tf.constant(LABELS))
  assert not losses.get_losses()


def test_get_total_loss_without_losses_raises_value_error():
  with pytest.raises(ValueError):
    losses.get_total_loss()


def test_none_weights_say_what_to_pass():
  with pytest.raises(ValueError, match='pass 1.0'):
    losses.mean_squared_error(tf.constant(PREDICTIONS), tf.constant(LABELS),
                              weights=None)


def test_missing_labels_say_what_to_pass():
  with pytest.raises(AttributeError, match='labels.*tf.Tensor'):
    losses.log_loss(tf.constant(PREDICTIONS))


def test_shape_mismatch_names_both_shapes():
  with pytest.raises(ValueError, match=r'\(4, 3\).*\(4, 2\)'):
    losses.absolute_difference(tf.zeros([4, 3]), tf.zeros([4, 2]))


def test_result_keeps_the_input_dtype():
  loss = losses.compute_weighted_loss(tf.constant(LOGITS, tf.float64))
  assert loss.dtype == tf.float64


def test_deprecation_is_logged_once_per_function(caplog):
  _deprecation._WARNED.discard(('slimcompat.losses._regression',
                          'absolute_difference'))
  with caplog.at_level(logging.WARNING):
    for _ in range(2):
      losses.absolute_difference(tf.constant(PREDICTIONS),
                                 tf.constant(LABELS))
  messages = [r.getMessage() for r in caplog.records
              if 'absolute_difference is deprecated' in r.getMessage()]
  assert len(messages) == 1
  assert 'tf.losses.absolute_difference' in messages[0]


def test_decorators_keep_signatures():
  assert list(inspect.signature(losses.add_loss).parameters) == [
      'loss', 'loss_collection']
  assert str(inspect.signature(losses.cosine_distance)) == (
      '(predictions, labels=None, axis=None, weights=1.0, scope=None, '
      'dim=None)')


def _notices(records):
  """(function, file, line) of each deprecation notice logged."""
  found = []
  for record in records:
    message = record.getMessage()
    if ' is deprecated' in message and message.startswith('From '):
      where, what = message[len('From '):].split(': ', 1)
      path, line = where.rsplit(':', 1)
      found.append((what.split(' is deprecated')[0], path, int(line)))
  return found


def _forget(*names):
  for module, name in names:
    _deprecation._WARNED.discard(('slimcompat.losses.' + module, name))


def test_a_loss_logs_only_its_own_notice_at_the_callers_line(caplog):
  # Issue 17: what a slim loss calls inside (compute_weighted_loss, add_loss)
  # must not log notices that point into slimcompat.
  _forget(('_cross_entropy', 'softmax_cross_entropy'),
          ('_weighting', 'compute_weighted_loss'),
          ('_collection', 'add_loss'), ('_collection', 'get_total_loss'),
          ('_collection', 'get_losses'),
          ('_collection', 'get_regularization_losses'))
  with caplog.at_level(logging.WARNING):
    line = inspect.currentframe().f_lineno + 1
    losses.softmax_cross_entropy(tf.constant(LOGITS), tf.constant(LABELS))
    losses.get_total_loss()
  assert _notices(caplog.records) == [
      ('softmax_cross_entropy', __file__, line),
      ('get_total_loss', __file__, line + 1)]


def test_the_users_own_call_of_an_inner_function_still_warns(caplog):
  _forget(('_regression', 'mean_squared_error'),
          ('_weighting', 'compute_weighted_loss'), ('_collection', 'add_loss'),
          ('_collection', 'get_losses'))
  with caplog.at_level(logging.WARNING):
    losses.mean_squared_error(tf.constant(PREDICTIONS), tf.constant(LABELS))
    line = inspect.currentframe().f_lineno + 1
    losses.compute_weighted_loss(tf.constant(PREDICTIONS))
    losses.add_loss(tf.constant(1.0))
    losses.get_losses()
  assert _notices(caplog.records)[1:] == [
      ('compute_weighted_loss', __file__, line),
      ('add_loss', __file__, line + 1), ('get_losses', __file__, line + 2)]


def test_arg_scope_on_add_loss_still_reaches_the_losses_own_call():
  with arg_scope([losses.add_loss], loss_collection='elsewhere'):
    loss = losses.absolute_difference(tf.constant(PREDICTIONS),
                                      tf.constant(LABELS))
  assert tf.get_collection('elsewhere') == [loss]
  assert not tf.get_collection(tf.GraphKeys.LOSSES)
