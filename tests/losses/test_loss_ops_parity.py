"""Parity of slimcompat.losses.loss_ops with the reference tf-slim.

For random inputs and weights of every broadcastable shape: the loss value,
its gradient, the name of the returned tensor, and the LOSSES collection
match.  Bad inputs (mismatched shapes, weights of the wrong rank or shape,
None weights or labels, a missing axis) raise the reference's exception class
and leave the same collections behind.
"""

import hypothesis
from hypothesis import strategies as st
import numpy as np
import pytest


from slimcompat._compat import tf
from tests.parity import harness

BATCH, DIM = 4, 3
SETTINGS = hypothesis.settings(max_examples=3, deadline=None,
                               derandomize=True)

# Weights shapes every element-wise loss accepts for [BATCH, DIM] losses.
WEIGHT_SHAPES = ('scalar', (BATCH,), (BATCH, 1), (BATCH, DIM))


def _weights(rng, kind, zero_some):
  if kind == 'scalar':
    return float(rng.uniform(0.5, 2.0)) if not zero_some else 0.0
  values = rng.uniform(0.0, 2.0, size=kind).astype(np.float32)
  if zero_some:
    values[rng.uniform(size=kind) < 0.5] = 0.0
  return values


def _inputs(seed):
  rng = np.random.RandomState(seed)
  return rng, {
      'predictions': rng.uniform(0.05, 0.95, (BATCH, DIM)).astype(np.float32),
      'labels': (rng.uniform(size=(BATCH, DIM)) > 0.5).astype(np.float32),
      'logits': rng.normal(size=(BATCH, DIM)).astype(np.float32),
      'onehot': np.eye(DIM, dtype=np.float32)[rng.randint(0, DIM, BATCH)],
      'classes': rng.randint(0, DIM, size=(BATCH,)).astype(np.int64),
      'unit': _unit_rows(rng.normal(size=(BATCH, DIM))),
      'unit2': _unit_rows(rng.normal(size=(BATCH, DIM))),
  }


def _unit_rows(values):
  return (values / np.linalg.norm(values, axis=1, keepdims=True)).astype(
      np.float32)


# name -> function(losses_module, tensors, weights) building the loss.
LOSSES = {
    'absolute_difference': lambda L, t, w: L.absolute_difference(
        t['predictions'], t['labels'], weights=w),
    'mean_squared_error': lambda L, t, w: L.mean_squared_error(
        t['predictions'], t['labels'], weights=w),
    'log_loss': lambda L, t, w: L.log_loss(
        t['predictions'], t['labels'], weights=w),
    'log_loss_epsilon': lambda L, t, w: L.log_loss(
        t['predictions'], t['labels'], weights=w, epsilon=0.1,
        scope='my_log'),
    'sigmoid_cross_entropy': lambda L, t, w: L.sigmoid_cross_entropy(
        t['logits'], t['labels'], weights=w),
    'sigmoid_cross_entropy_smoothing': lambda L, t, w: L.sigmoid_cross_entropy(
        t['logits'], t['labels'], weights=w, label_smoothing=0.2),
    'mean_pairwise_squared_error': lambda L, t, w: (
        L.mean_pairwise_squared_error(t['predictions'], t['labels'],
                                      weights=w)),
    'cosine_distance': lambda L, t, w: L.cosine_distance(
        t['unit'], t['unit2'], axis=1, weights=w),
    'compute_weighted_loss': lambda L, t, w: L.compute_weighted_loss(
        tf.square(t['logits']), weights=w),
}

# Losses of LOSSES that reduce each example to one value before weighting.
ROW_LOSSES = ('cosine_distance', 'mean_pairwise_squared_error')

# Losses whose weights may only be per example ([BATCH] or [BATCH, 1]).
PER_EXAMPLE_LOSSES = {
    'softmax_cross_entropy': lambda L, t, w: L.softmax_cross_entropy(
        t['logits'], t['onehot'], weights=w),
    'softmax_cross_entropy_smoothing': lambda L, t, w: L.softmax_cross_entropy(
        t['logits'], t['onehot'], weights=w, label_smoothing=0.1),
    'sparse_softmax_cross_entropy': lambda L, t, w: (
        L.sparse_softmax_cross_entropy(t['logits'], t['classes'], weights=w)),
    'sparse_softmax_cross_entropy_2d': lambda L, t, w: (
        L.sparse_softmax_cross_entropy(
            t['logits'], tf.expand_dims(t['classes'], -1), weights=w)),
}


def _build(loss_fn, arrays, weights):
  def build(slim):
    tensors = {k: tf.constant(v, name=k) for k, v in arrays.items()}
    loss = loss_fn(slim.losses, tensors, weights)
    grads = tf.gradients(loss, [tensors['predictions'], tensors['logits'],
                                tensors['unit']])
    grads = [g if g is not None else tf.zeros([]) for g in grads]
    return loss, grads
  return build


def _assert_same(built_ours, built_theirs):
  ours_loss, theirs_loss = built_ours.result[0], built_theirs.result[0]
  assert ours_loss.name == theirs_loss.name
  assert ours_loss.dtype == theirs_loss.dtype
  assert built_ours.collections == built_theirs.collections
  harness.assert_close(harness.run(built_ours, built_ours.result),
                       harness.run(built_theirs, built_theirs.result))


@pytest.mark.parametrize('name', sorted(LOSSES))
@SETTINGS
@hypothesis.given(seed=st.integers(0, 2**31 - 1),
                  weight_kind=st.sampled_from(WEIGHT_SHAPES),
                  zero_some=st.booleans())
def test_weighted_loss_matches_reference(name, seed, weight_kind, zero_some):
  if name in ROW_LOSSES and weight_kind == (BATCH, DIM):
    weight_kind = (BATCH, 1)  # one loss per example: nothing to weight per DIM
  rng, arrays = _inputs(seed)
  weights = _weights(rng, weight_kind, zero_some)
  _assert_same(*harness.build_both(_build(LOSSES[name], arrays, weights)))


@pytest.mark.parametrize('name', sorted(PER_EXAMPLE_LOSSES))
@SETTINGS
@hypothesis.given(seed=st.integers(0, 2**31 - 1),
                  weight_kind=st.sampled_from(('scalar', (BATCH,))),
                  zero_some=st.booleans())
def test_per_example_loss_matches_reference(name, seed, weight_kind,
                                            zero_some):
  rng, arrays = _inputs(seed)
  weights = _weights(rng, weight_kind, zero_some)
  _assert_same(*harness.build_both(
      _build(PER_EXAMPLE_LOSSES[name], arrays, weights)))


@SETTINGS
@hypothesis.given(seed=st.integers(0, 2**31 - 1))
def test_hinge_loss_matches_reference(seed):
  _, arrays = _inputs(seed)

  def build(slim):
    logits = tf.constant(arrays['logits'])
    loss = slim.losses.hinge_loss(logits, tf.constant(arrays['labels']))
    return loss, tf.gradients(tf.reduce_sum(loss), logits)

  ours, theirs = harness.build_both(build)
  assert ours.result[0].name == theirs.result[0].name
  assert ours.collections == theirs.collections
  harness.assert_close(harness.run(ours, ours.result),
                       harness.run(theirs, theirs.result))


def test_total_loss_collections_and_scopes_match():
  _, arrays = _inputs(3)

  def build(slim):
    predictions = tf.constant(arrays['predictions'])
    labels = tf.constant(arrays['labels'])
    with tf.name_scope('tower'):
      slim.losses.mean_squared_error(predictions, labels)
    slim.losses.absolute_difference(predictions, labels, scope='abs')
    slim.losses.add_loss(tf.constant(2.0, name='extra'))
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES,
                         tf.constant(0.5, name='reg'))
    with slim.arg_scope([slim.losses.add_loss], loss_collection='other'):
      slim.losses.log_loss(predictions, labels)
    return (slim.losses.get_total_loss(),
            slim.losses.get_total_loss(add_regularization_losses=False,
                                       name='no_reg'),
            [t.name for t in slim.losses.get_losses('tower')],
            [t.name for t in slim.losses.get_losses(loss_collection='other')],
            [t.name for t in slim.losses.get_regularization_losses()])

  ours, theirs = harness.build_both(build)
  assert ours.collections == theirs.collections
  assert ours.result[2:] == theirs.result[2:]
  assert [t.name for t in ours.result[:2]] == [
      t.name for t in theirs.result[:2]]
  harness.assert_close(harness.run(ours, ours.result[:2]),
                       harness.run(theirs, theirs.result[:2]))


def _left(graph):
  return [t.name for t in graph.get_collection(tf.GraphKeys.LOSSES)]


BAD_INPUTS = {
    'labels_shape': lambda L: L.mean_squared_error(
        tf.zeros([BATCH, DIM]), tf.zeros([BATCH, DIM + 1])),
    'logits_onehot_shape': lambda L: L.softmax_cross_entropy(
        tf.zeros([BATCH, DIM]), tf.zeros([BATCH, DIM + 1])),
    'sigmoid_shape': lambda L: L.sigmoid_cross_entropy(
        tf.zeros([BATCH, DIM]), tf.zeros([BATCH + 1, DIM])),
    'weights_too_long': lambda L: L.absolute_difference(
        tf.zeros([BATCH, DIM]), tf.zeros([BATCH, DIM]),
        weights=tf.ones([BATCH + 1])),
    'weights_rank_too_high': lambda L: L.log_loss(
        tf.zeros([BATCH, DIM]), tf.zeros([BATCH, DIM]),
        weights=tf.ones([BATCH, DIM, 2])),
    'per_example_weights_for_softmax': lambda L: L.softmax_cross_entropy(
        tf.zeros([BATCH, DIM]), tf.zeros([BATCH, DIM]),
        weights=tf.ones([BATCH, DIM])),
    'pairwise_elementwise_weights': lambda L: L.mean_pairwise_squared_error(
        tf.zeros([BATCH, DIM]), tf.zeros([BATCH, DIM]),
        weights=tf.ones([BATCH, DIM])),
    'weights_none': lambda L: L.mean_squared_error(
        tf.zeros([BATCH, DIM]), tf.zeros([BATCH, DIM]), weights=None),
    'weights_none_pairwise': lambda L: L.mean_pairwise_squared_error(
        tf.zeros([BATCH, DIM]), tf.zeros([BATCH, DIM]), weights=None),
    'weights_unknown_rank': lambda L: L.compute_weighted_loss(
        tf.zeros([BATCH, DIM]), weights=tf.placeholder(tf.float32)),
    'losses_unknown_rank': lambda L: L.compute_weighted_loss(
        tf.placeholder(tf.float32)),
    'labels_none': lambda L: L.absolute_difference(tf.zeros([BATCH, DIM])),
    'labels_not_tensor': lambda L: L.hinge_loss(
        tf.zeros([BATCH, DIM]), np.zeros([BATCH, DIM], np.float32)),
    'cosine_without_axis': lambda L: L.cosine_distance(
        tf.zeros([BATCH, DIM]), tf.zeros([BATCH, DIM])),
    'cosine_axis_and_dim': lambda L: L.cosine_distance(
        tf.zeros([BATCH, DIM]), tf.zeros([BATCH, DIM]), axis=1, dim=1),
    'integer_predictions_xent': lambda L: L.sigmoid_cross_entropy(
        tf.zeros([BATCH, DIM], tf.int32), tf.zeros([BATCH, DIM])),
    'float_classes_sparse': lambda L: L.sparse_softmax_cross_entropy(
        tf.zeros([BATCH, DIM]), tf.zeros([BATCH])),
    'empty_total_loss': lambda L: L.get_total_loss(),
}


@pytest.mark.parametrize('name', sorted(BAD_INPUTS))
def test_bad_input_raises_reference_class(name):
  harness.assert_raises_like_reference(
      lambda slim: BAD_INPUTS[name](slim.losses), left=_left)


def test_dim_still_works_like_axis():
  _, arrays = _inputs(5)

  def build(slim):
    return slim.losses.cosine_distance(tf.constant(arrays['unit']),
                                       tf.constant(arrays['unit2']), dim=1)

  ours, theirs = harness.build_both(build)
  assert ours.result.name == theirs.result.name
  harness.assert_close(harness.run(ours, ours.result),
                       harness.run(theirs, theirs.result))


@pytest.mark.parametrize('label_smoothing', [0, 0.1])
def test_softmax_cross_entropy_graph_is_the_references_op_for_op(
    label_smoothing):
  # slimcompat spells out the deprecated v1 op (stop_gradient on the labels,
  # then the current op): the graph must not change, names and types alike.
  _, arrays = _inputs(5)

  def build(slim):
    return slim.losses.softmax_cross_entropy(
        tf.constant(arrays['logits']), tf.constant(arrays['onehot']),
        weights=tf.constant([1.0, 0.0, 2.0, 1.0]),
        label_smoothing=label_smoothing)

  ours, theirs = harness.build_both(build)
  assert harness.ops(ours) == harness.ops(theirs)
  logits = ours.graph.get_tensor_by_name('Const:0')
  labels = ours.graph.get_tensor_by_name('Const_1:0')
  with ours.graph.as_default():
    assert tf.gradients(ours.result, [labels]) == [None]
    assert tf.gradients(ours.result, [logits])[0] is not None
