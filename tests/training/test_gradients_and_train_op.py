"""Gradient helpers and create_train_op, of slim.learning and slim.training.

Unit tests of the maths and the error cases, and parity with the reference:
the graph create_train_op builds (op names, the train op's name, summaries
and collections) and what a few steps do to the weights.
"""

import logging

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf
from tests.parity import harness

GRAD = np.array([3.0, 4.0], np.float32)  # norm 5


def _pair():
  var = tf.Variable(np.zeros(2, np.float32), name='v')
  return tf.constant(GRAD), var


def _sparse(values):
  return tf.IndexedSlices(tf.constant(values), tf.constant([0, 1]),
                          tf.constant([4]))


@pytest.mark.parametrize('module', [slim.learning, slim.training])
def test_clip_gradient_norms(graph, module, run):
  grad, var = _pair()
  sparse = _sparse(GRAD)
  clipped = module.clip_gradient_norms(
      [(grad, var), (None, var), (sparse, var)], 2.5)
  assert clipped[1] == (None, var)
  assert all(v is var for _, v in clipped)
  assert clipped[2][0].indices is sparse.indices
  dense, values = run([clipped[0][0], clipped[2][0].values])
  np.testing.assert_allclose(dense, GRAD / 2.0, rtol=1e-6)
  np.testing.assert_allclose(values, GRAD / 2.0, rtol=1e-6)
  # Small gradients keep their value.
  np.testing.assert_allclose(
      run(module.clip_gradient_norms([(grad, var)], 10.0)[0][0]), GRAD)


def test_clip_gradient_norms_fn(graph, run):
  grad, var = _pair()
  clip = slim.training.clip_gradient_norms_fn(1.0)
  np.testing.assert_allclose(run(clip([(grad, var)])[0][0]), GRAD / 5.0,
                             rtol=1e-6)


@pytest.mark.parametrize('module', [slim.learning, slim.training])
def test_multiply_gradients_by_variable_or_name(graph, module, run):
  grad, var = _pair()
  other = tf.Variable(np.zeros(2, np.float32), name='other')
  sparse = _sparse(GRAD)
  by_var = module.multiply_gradients([(grad, var), (grad, other)], {var: 2.0})
  by_name = module.multiply_gradients([(sparse, other)], {'other': 3.0})
  got = run([by_var[0][0], by_var[1][0], by_name[0][0].values])
  np.testing.assert_allclose(got[0], GRAD * 2)
  np.testing.assert_allclose(got[1], GRAD)  # not named: untouched
  np.testing.assert_allclose(got[2], GRAD * 3)
  assert by_name[0][0].indices is sparse.indices


@pytest.mark.parametrize('module', [slim.learning, slim.training])
@pytest.mark.parametrize('args', [
    lambda g, v: ((g, v), {v: 2.0}),          # not a list
    lambda g, v: ([(g, v)], {}),              # no multipliers
    lambda g, v: ([(g, v)], 3),               # not a dict
    lambda g, v: ([(None, v)], {v: 2.0}),     # multiplier for a None grad
])
def test_multiply_gradients_errors(graph, module, args):
  grad, var = _pair()
  with pytest.raises(ValueError) as info:
    module.multiply_gradients(*args(grad, var))
  assert str(info.value)


def test_tensor_multipliers(graph, run):
  grad, var = _pair()
  factor = tf.constant(2.0)
  got = slim.learning.multiply_gradients([(grad, var)], {var: factor})
  np.testing.assert_allclose(run(got[0][0]), GRAD * 2)
  # slim.training converts factors to the gradient's dtype, so a tensor of
  # another dtype is refused; slim.learning uses it as it is (and the
  # multiplication then fails the same way).
  wide = tf.constant(2.0, tf.float64)
  for module in (slim.training, slim.learning):
    with pytest.raises((ValueError, TypeError)):
      module.multiply_gradients([(grad, var)], {var: wide})


@pytest.mark.parametrize('module, separator', [(slim.learning, '/'),
                                               (slim.training, '_')])
def test_add_gradients_summaries(graph, module, separator, caplog, run):
  grad, var = _pair()
  with caplog.at_level(logging.INFO, logger='tensorflow'):
    summaries = module.add_gradients_summaries(
        [(grad, var), (None, var), (_sparse(GRAD), var)])
  assert len(summaries) == 4
  assert [s.op.type for s in summaries] == ['HistogramSummary',
                                            'ScalarSummary'] * 2
  assert set(tf.get_collection(tf.GraphKeys.SUMMARIES)) == set(summaries)
  assert 'Var v has no gradient' in caplog.text
  summary = tf.Summary()
  summary.ParseFromString(run(summaries[1]))
  assert summary.value[0].tag == 'v' + separator + 'gradient_norm'
  assert summary.value[0].simple_value == pytest.approx(5.0)


# ---------------------------------------------------------------------------
# create_train_op


def _regression(slim_module, flavour, **kwargs):
  inputs = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
  targets = tf.constant([[1.0], [2.0], [3.0]])
  weights = slim_module.model_variable(
      'weights', shape=[2, 1], initializer=tf.constant_initializer(0.5))
  bias = slim_module.model_variable('bias', shape=[1],
                                    initializer=tf.zeros_initializer())
  loss = tf.reduce_mean(tf.square(tf.matmul(inputs, weights) + bias - targets))
  optimizer = tf.train.GradientDescentOptimizer(0.01)
  module = getattr(slim_module, flavour)
  return module.create_train_op(loss, optimizer, **kwargs)


def _steps(built, count):
  with built.graph.as_default(), tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    losses = [sess.run(built.result) for _ in range(count)]
    values = sess.run({v.op.name: v for v in tf.global_variables()})
  return losses, values


LEARNING_KWARGS = [
    {},
    {'clip_gradient_norm': 0.5},
    {'gradient_multipliers': {'weights': 3.0}},
    {'clip_gradient_norm': 0.5, 'gradient_multipliers': {'bias': 0.5},
     'summarize_gradients': True},
    {'global_step': None, 'check_numerics': False},
]
TRAINING_KWARGS = [
    {},
    {'transform_grads_fn': lambda grads: slim.training.clip_gradient_norms(
        grads, 0.5)},
    {'summarize_gradients': True, 'update_ops': []},
]


@pytest.mark.parametrize('flavour, kwargs', (
    [('learning', k) for k in LEARNING_KWARGS] +
    [('training', k) for k in TRAINING_KWARGS]))
def test_create_train_op_parity(flavour, kwargs):
  ours, theirs = harness.build_both(
      lambda s: _regression(s, flavour, **kwargs))
  assert ours.result.name == theirs.result.name
  assert ours.variables == theirs.variables
  assert ours.collections == theirs.collections
  # The optimizer files its update op there too, then create_train_op its
  # result.
  train_ops = [t.name for t in ours.graph.get_collection(
      tf.GraphKeys.TRAIN_OP)]
  assert train_ops[-1] == ours.result.name
  assert train_ops == [t.name for t in theirs.graph.get_collection(
      tf.GraphKeys.TRAIN_OP)]
  ops = set(op.name for op in ours.graph.get_operations())
  ref_ops = set(op.name for op in theirs.graph.get_operations())
  assert ops == ref_ops
  our_losses, our_values = _steps(ours, 4)
  ref_losses, ref_values = _steps(theirs, 4)
  harness.assert_close(our_losses, ref_losses, atol=1e-6)
  harness.assert_close(our_values, ref_values, atol=1e-6)



def _colocations(graph):
  return {op.name: op.colocation_groups() for op in graph.get_operations()
          if op.name.split('/')[-1].startswith('control_dependency')}


@pytest.mark.parametrize('flavour', ['learning', 'training'])
def test_train_op_identity_is_colocated_as_the_references(flavour):
  # The identity that waits for the updates sits with the loss, as the
  # reference's does (its colocation is written as a node attribute).
  ours, theirs = harness.build_both(lambda s: _regression(s, flavour))
  assert _colocations(ours.graph) == _colocations(theirs.graph)
  assert any(groups != [('loc:@' + name).encode()]
             for name, groups in _colocations(ours.graph).items())


def test_train_op_increments_global_step_unless_none(graph):
  train_op = _regression(slim, 'learning')
  step = tf.train.get_global_step()
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
      sess.run(train_op)
    assert sess.run(step) == 3
  with tf.Graph().as_default():
    train_op = _regression(slim, 'training', global_step=None)
    assert tf.train.get_global_step() is None
    step = tf.train.get_or_create_global_step()
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      sess.run(train_op)
      assert sess.run(step) == 0


def _counting_update():
  counter = tf.Variable(0, name='counter', trainable=False)
  update = tf.assign_add(counter, 1)
  tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, update)
  return counter


def _run_then_read(train_op, variable):
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train_op)
    return sess.run(variable)


@pytest.mark.parametrize('flavour', ['learning', 'training'])
def test_update_ops_run_before_each_step(graph, flavour, caplog):
  counter = _counting_update()
  train_op = _regression(slim, flavour)
  assert _run_then_read(train_op, counter) == 1
  with tf.Graph().as_default():
    counter = _counting_update()
    with caplog.at_level(logging.WARNING, logger='tensorflow'):
      train_op = _regression(slim, flavour, update_ops=[])
    assert 'does not contain all the update_ops' in caplog.text
    assert _run_then_read(train_op, counter) == 0


def test_check_numerics_stops_on_nan(graph, run):
  weights = slim.model_variable('w', shape=[1],
                                initializer=tf.ones_initializer())
  loss = tf.reduce_sum(weights) * np.float32('nan')
  train_op = slim.learning.create_train_op(
      loss, tf.train.GradientDescentOptimizer(0.1))
  with pytest.raises(tf.errors.InvalidArgumentError, match='inf or nan'):
    run(train_op)


@pytest.mark.parametrize('flavour', ['learning', 'training'])
def test_nothing_to_train_is_an_assertion_error(flavour):
  def no_variables(s):
    loss = tf.constant(1.0)
    getattr(s, flavour).create_train_op(
        loss, tf.train.GradientDescentOptimizer(0.1))

  def untrainable(s):
    w = tf.Variable([1.0], trainable=False, name='frozen')
    getattr(s, flavour).create_train_op(
        tf.reduce_sum(w), tf.train.GradientDescentOptimizer(0.1),
        variables_to_train=[w])

  for build in (no_variables, untrainable):
    assert harness.raised_by(build, slim) is AssertionError
    assert harness.raised_by(build, harness.reference()) is AssertionError


def test_signature_defaults_are_slims():
  import inspect
  for module in (slim.learning, slim.training):
    params = inspect.signature(module.create_train_op).parameters
    assert params['global_step'].default == 0  # "use the global step"
    assert params['gate_gradients'].default == (
        tf.train.Optimizer.GATE_OP)
  assert inspect.signature(slim.learning.train).parameters[
      'train_step_fn'].default is slim.learning.train_step
