"""Unit tests of layers/_fully_connected.py (fully_connected and its partials)
and _legacy_fully_connected.py (legacy_fully_connected and its partials).
Parity twin: tests/parity/test_layers_conv_dense.py."""

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf

RNG = np.random.RandomState(5)
X = RNG.uniform(-1, 1, (4, 5)).astype(np.float32)
W = RNG.uniform(-1, 1, (5, 3)).astype(np.float32)
B = RNG.uniform(-1, 1, (3,)).astype(np.float32)


def _fc(inputs, layer=None, **kwargs):
  layer = layer or slim.fully_connected
  return layer(inputs, 3, weights_initializer=tf.constant_initializer(W),
               biases_initializer=tf.constant_initializer(B), **kwargs)


def test_fully_connected_values_names_and_variables(graph, run):
  y = _fc(X)
  assert y.op.name == 'fully_connected/Relu'
  assert [v.op.name for v in slim.get_model_variables()] == [
      'fully_connected/weights', 'fully_connected/biases']
  assert slim.get_model_variables()[0].shape.as_list() == [5, 3]
  np.testing.assert_allclose(run(y), np.maximum(X.dot(W) + B, 0), atol=1e-5)


def test_fully_connected_contracts_the_last_axis_of_higher_ranks(graph, run):
  steps = RNG.uniform(-1, 1, (2, 4, 5)).astype(np.float32)
  x = tf.placeholder(tf.float32, (None, 4, 5))
  y = _fc(x, activation_fn=None)
  assert y.op.name == 'fully_connected/BiasAdd'
  assert y.shape.as_list() == [None, 4, 3]
  np.testing.assert_allclose(run(y, {x: steps}),
                             np.einsum('btu,uo->bto', steps, W) + B, atol=1e-5)


@pytest.mark.parametrize('layer,name,activation', [
    (slim.relu, 'Relu', lambda v: np.maximum(v, 0)),
    (slim.relu6, 'Relu6', lambda v: np.clip(v, 0, 6)),
    (slim.elu, 'Elu', lambda v: np.where(v > 0, v, np.expm1(v))),
    (slim.linear, 'BiasAdd', lambda v: v),
])
def test_partials_fix_the_activation(graph, layer, name, activation, run):
  y = _fc(X * 4, layer=layer)
  assert y.op.name == 'fully_connected/' + name
  np.testing.assert_allclose(run(y), activation((X * 4).dot(W) + B),
                             atol=1e-5)


def test_scopes_reuse_and_output_aliases(graph, run):
  a = slim.fully_connected(X, 2)
  b = slim.fully_connected(X, 2, scope='fc', outputs_collections='outs')
  c = slim.fully_connected(X, 2, scope='fc', reuse=True)
  assert [a.op.name, b.op.name, c.op.name] == [
      'fully_connected/Relu', 'fc/Relu', 'fc_1/Relu']
  assert tf.get_collection('outs') == [b] and b.aliases == ['fc']
  assert len(tf.global_variables()) == 4
  first, second = run([b, c])
  np.testing.assert_array_equal(first, second)


def test_regularizers_run_once_per_variable(graph):
  reg = lambda w: tf.reduce_sum(w) * 1e-3
  slim.fully_connected(X, 2, scope='fc', weights_regularizer=reg,
                       biases_regularizer=reg)
  slim.fully_connected(X, 2, scope='fc', weights_regularizer=reg,
                       biases_regularizer=reg, reuse=True)
  with tf.variable_scope('outer', reuse=tf.AUTO_REUSE):
    slim.fully_connected(X, 2, weights_regularizer=reg)
  with tf.variable_scope('outer', reuse=True):
    slim.fully_connected(X, 2, weights_regularizer=reg)
  assert [l.op.name for l in tf.get_collection(
      tf.GraphKeys.REGULARIZATION_LOSSES)] == [
          'fc/kernel/Regularizer/mul', 'fc/bias/Regularizer/mul',
          'outer/fully_connected/kernel/Regularizer/mul']


def test_normalizer_replaces_biases(graph):
  y = slim.fully_connected(X, 2, normalizer_fn=slim.bias_add,
                           normalizer_params={'scope': 'nb'},
                           variables_collections={'weights': ['w']})
  assert [v.op.name for v in tf.global_variables()] == [
      'fully_connected/weights', 'fully_connected/nb/biases']
  assert [v.op.name for v in tf.get_collection('w')] == [
      'fully_connected/weights']
  assert y.op.name == 'fully_connected/Relu'


def test_float64_input_makes_float64_variables(graph):
  y = slim.fully_connected(X.astype(np.float64), 2)
  assert y.dtype == tf.float64
  assert all(v.dtype.base_dtype == tf.float64 for v in tf.global_variables())


@pytest.mark.parametrize('build,error', [
    (lambda: slim.fully_connected(X, np.int64(2)), ValueError),
    (lambda: slim.fully_connected(X, 2.0), ValueError),
    (lambda: slim.fully_connected(X[0], 2), ValueError),
    (lambda: slim.fully_connected(tf.ones((2, 3), tf.int32), 2), TypeError),
    (lambda: slim.fully_connected(tf.placeholder(tf.float32, (2, None)), 2),
     ValueError),
    (lambda: slim.fully_connected(tf.placeholder(tf.float32), 2), ValueError),
])
def test_bad_inputs_leave_no_state(graph, build, error):
  with pytest.raises(error):
    build()
  assert tf.global_variables() == []
  assert slim.fully_connected(X, 1).op.name == 'fully_connected/Relu'


def test_legacy_fully_connected(graph, run):
  y = slim.legacy_fully_connected(X, 3,
                                  weight_init=tf.constant_initializer(W),
                                  bias_init=tf.constant_initializer(B),
                                  output_collections=['outs'])
  assert y.op.name == 'fully_connected/BiasAdd'
  assert [v.op.name for v in tf.global_variables()] == [
      'fully_connected/weights', 'fully_connected/bias']
  # Plain variables: not model variables.
  assert slim.get_model_variables() == []
  assert [v.op.name for v in tf.get_collection(tf.GraphKeys.WEIGHTS)] == [
      'fully_connected/weights']
  assert [v.op.name for v in tf.get_collection(tf.GraphKeys.BIASES)] == [
      'fully_connected/bias']
  assert tf.get_collection('outs') == [y]
  assert tf.get_collection(tf.GraphKeys.ACTIVATIONS) == [y]
  np.testing.assert_allclose(run(y), X.dot(W) + B, atol=1e-5)


def test_legacy_partials_rank3_and_reuse(graph, run):
  steps = RNG.uniform(-1, 1, (2, 4, 5)).astype(np.float32)
  x = tf.placeholder(tf.float32, (None, 4, 5))
  with tf.variable_scope('t') as scope:
    y = slim.legacy_relu(x, 3, weight_init=tf.constant_initializer(W),
                         bias_init=tf.constant_initializer(B))
  with tf.variable_scope(scope, reuse=True):
    z = slim.legacy_linear(x, 3)
  no_bias = slim.legacy_linear(X, 3, bias_init=None)
  assert y.op.name == 't/fully_connected/Relu'
  assert y.shape.as_list() == [None, 4, 3]
  assert no_bias.op.type == 'MatMul'
  expected = np.einsum('btu,uo->bto', steps, W) + B
  got_y, got_z = run([y, z], {x: steps})
  np.testing.assert_allclose(got_y, np.maximum(expected, 0), atol=1e-5)
  np.testing.assert_allclose(got_z, expected, atol=1e-5)


@pytest.mark.parametrize('shape', [(3,), (2, None), None])
def test_legacy_bad_inputs(graph, shape):
  with pytest.raises(ValueError):
    slim.legacy_fully_connected(tf.placeholder(tf.float32, shape), 2)
  assert tf.global_variables() == []
