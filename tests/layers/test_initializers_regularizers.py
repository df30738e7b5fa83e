"""Unit tests of layers/initializers.py and layers/regularizers.py.
Parity twin: tests/parity/test_layers_conv_dense.py (the layers that use them)."""

import math

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf

RNG = np.random.RandomState(9)
WEIGHTS = RNG.uniform(-2, 2, (4, 3)).astype(np.float32)


def _sample(initializer, shape, **kwargs):
  with tf.Graph().as_default(), tf.Session() as sess:
    return sess.run(initializer(shape, **kwargs))


# (shape, fan_in, fan_out): dense, conv kernel, bias and scalar shapes.
FANS = [((400, 300), 400, 300), ((3, 5, 40, 60), 600, 900),
        ((500,), 500, 500), ((), 1, 1)]


@pytest.mark.parametrize('shape,fan_in,fan_out', FANS)
@pytest.mark.parametrize('mode', ['FAN_IN', 'FAN_OUT', 'FAN_AVG'])
@pytest.mark.parametrize('uniform', [True, False])
def test_variance_scaling_stddev(shape, fan_in, fan_out, mode, uniform):
  n = {'FAN_IN': fan_in, 'FAN_OUT': fan_out,
       'FAN_AVG': (fan_in + fan_out) / 2.0}[mode]
  init = slim.variance_scaling_initializer(factor=2.0, mode=mode,
                                           uniform=uniform, seed=1)
  values = _sample(init, list(shape))
  assert values.shape == shape
  stddev = math.sqrt(2.0 / n)
  if uniform:
    assert np.all(np.abs(values) <= math.sqrt(3.0) * stddev + 1e-6)
  else:
    assert np.all(np.abs(values) <= 2 * math.sqrt(1.3) * stddev + 1e-6)
  if values.size > 1000:
    assert abs(values.std() / stddev - 1) < 0.05
    assert abs(values.mean()) < 0.05 * stddev


def test_xavier_is_variance_scaling_with_fan_avg():
  shape = [60, 40]
  for uniform in (True, False):
    xavier = _sample(slim.xavier_initializer(uniform=uniform, seed=4), shape)
    scaled = _sample(slim.variance_scaling_initializer(
        factor=1.0, mode='FAN_AVG', uniform=uniform, seed=4), shape)
    np.testing.assert_array_equal(xavier, scaled)
  assert slim.xavier_initializer_conv2d is slim.xavier_initializer


def test_seeded_initializer_is_deterministic_and_keeps_dtype():
  init = slim.xavier_initializer(seed=7, dtype=tf.float64)
  first, second = _sample(init, [5, 5]), _sample(init, [5, 5])
  assert first.dtype == np.float64
  np.testing.assert_array_equal(first, second)
  assert not np.array_equal(first, _sample(slim.xavier_initializer(seed=8),
                                           [5, 5]))


@pytest.mark.parametrize('build', [
    lambda: slim.variance_scaling_initializer(dtype=tf.int32),
    lambda: slim.variance_scaling_initializer(mode='fan_in'),
    lambda: slim.xavier_initializer()([2, 2], dtype=tf.int64),
])
def test_initializer_errors(build):
  with pytest.raises(TypeError):
    build()


def test_model_variable_with_xavier(graph):
  var = slim.model_variable('w', [30, 20],
                            initializer=slim.xavier_initializer(seed=2))
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    value = sess.run(var)
  assert np.all(np.abs(value) <= math.sqrt(6.0 / 50) + 1e-6)


def _eval(tensor):
  with tf.Session() as sess:
    return sess.run(tensor)


def test_l1_and_l2_values_and_names(graph):
  w = tf.constant(WEIGHTS)
  l1 = slim.l1_regularizer(0.5)(w)
  l2 = slim.l2_regularizer(0.25, scope='decay')(w)
  assert l1.op.name == 'l1_regularizer'
  assert l2.op.name == 'decay'
  assert _eval(l1) == pytest.approx(0.5 * np.abs(WEIGHTS).sum(), rel=1e-5)
  assert _eval(l2) == pytest.approx(0.25 * (WEIGHTS ** 2).sum() / 2,
                                    rel=1e-5)


def test_l1_l2_and_sum(graph):
  w = tf.constant(WEIGHTS)
  both = slim.l1_l2_regularizer(0.3, 0.7)(w)
  assert both.op.name == 'l1_l2_regularizer'
  expected = 0.3 * np.abs(WEIGHTS).sum() + 0.7 * (WEIGHTS ** 2).sum() / 2
  assert _eval(both) == pytest.approx(expected, rel=1e-5)
  only_l2 = slim.l1_l2_regularizer(0.0, 0.7)(w)
  assert only_l2.op.name == 'l1_l2_regularizer_1'
  assert _eval(only_l2) == pytest.approx(0.7 * (WEIGHTS ** 2).sum() / 2,
                                         rel=1e-5)
  assert slim.sum_regularizer([None, None]) is None
  assert slim.sum_regularizer([lambda _: None])(w) is None


def test_zero_scale_disables(graph):
  w = tf.constant(WEIGHTS)
  assert slim.l1_regularizer(0.0)(w) is None
  assert slim.l2_regularizer(0.0)(w) is None


@pytest.mark.parametrize('build', [
    lambda: slim.l1_regularizer(1), lambda: slim.l1_regularizer(-0.1),
    lambda: slim.l2_regularizer(2), lambda: slim.l2_regularizer(-1.0),
    lambda: slim.l1_l2_regularizer(1, 0.5),
    lambda: slim.l1_l2_regularizer(0.5, 1),
])
def test_scale_errors(build):
  with pytest.raises(ValueError):
    build()


def test_apply_regularization(graph):
  weights = [tf.constant(WEIGHTS), tf.constant(WEIGHTS * 2)]
  total = slim.apply_regularization(slim.l1_regularizer(0.1), weights)
  assert total.op.name == 'get_regularization_penalty'
  assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == [total]
  assert _eval(total) == pytest.approx(0.3 * np.abs(WEIGHTS).sum(), rel=1e-5)
  zero = slim.apply_regularization(slim.l1_regularizer(0.0), weights)
  assert _eval(zero) == 0.0


def test_apply_regularization_defaults_to_weights_collection(graph):
  tf.add_to_collection(tf.GraphKeys.WEIGHTS, tf.constant(WEIGHTS))
  total = slim.apply_regularization(slim.l2_regularizer(1.0))
  assert _eval(total) == pytest.approx((WEIGHTS ** 2).sum() / 2, rel=1e-5)


def test_apply_regularization_errors(graph):
  with pytest.raises(ValueError):
    slim.apply_regularization(slim.l2_regularizer(1.0))
  with pytest.raises(ValueError):
    slim.apply_regularization(tf.abs, [tf.constant(WEIGHTS)])
