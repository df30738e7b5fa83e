"""Unit tests of `slimcompat.rnn_cell` against documented TF 1.x behaviour
and NumPy: a user cell with build/add_variable, zero and initial states,
default initializers, keep probabilities given as tensors, scope reuse."""

import numpy as np
import pytest

import slimcompat.rnn_cell as rnn_cell
from slimcompat._compat import tf


class Scaled(rnn_cell.RNNCell):
  """A TF1-style user cell: weights from build, a scalar state."""

  def __init__(self, units, **kwargs):
    super().__init__(**kwargs)
    self._units = units

  @property
  def state_size(self):
    return self._units

  @property
  def output_size(self):
    return self._units

  def build(self, inputs_shape):
    self._kernel = self.add_variable(
        'kernel', [inputs_shape[-1], self._units],
        initializer=tf.ones_initializer())
    self.built = True

  def call(self, inputs, state):
    out = tf.matmul(inputs, self._kernel) + state
    return out, out


def test_user_cell_with_build_and_add_variable():
  with tf.Graph().as_default():
    cell = Scaled(2)
    out, state = tf.nn.dynamic_rnn(cell, tf.ones([1, 3, 4]), dtype=tf.float32)
    assert [v.op.name for v in cell.trainable_weights] == ['rnn/scaled/kernel']
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      got = sess.run(out)
  # Each step adds 4 (ones @ ones) to the running state.
  np.testing.assert_allclose(got[0], [[4, 4], [8, 8], [12, 12]])


def test_zero_and_initial_state():
  with tf.Graph().as_default():
    cell = rnn_cell.LSTMCell(3, num_proj=2)
    zero = cell.zero_state(5, tf.float32)
    assert isinstance(zero, rnn_cell.LSTMStateTuple)
    assert zero.c.shape.as_list() == [5, 3] and zero.h.shape.as_list() == [5, 2]
    assert zero.c.op.name.startswith('LSTMCellZeroState')
    batch = tf.placeholder(tf.int32, [])
    dynamic = cell.zero_state(batch, tf.float32)
    assert dynamic.c.shape.as_list() == [None, 3]
    initial = cell.get_initial_state(inputs=tf.zeros([4, 7]))
    assert initial.h.shape.as_list() == [4, 2]
    with pytest.raises(ValueError, match='batch size'):
      cell.get_initial_state(inputs=tf.zeros([4, 7]), batch_size=3)
    with pytest.raises(ValueError, match='batch_size and a dtype|batch size '
                       'and a dtype'):
      cell.get_initial_state()
    with tf.Session() as sess:
      assert sess.run(dynamic.h, {batch: 2}).shape == (2, 2)
  with pytest.raises(TypeError, match='different dtypes'):
    rnn_cell.LSTMStateTuple(tf.zeros([1], tf.float32),
                            tf.zeros([1], tf.float64)).dtype  # pylint: disable=expression-not-assigned


def test_default_kernel_initializer_is_glorot_uniform_biases_constant():
  with tf.Graph().as_default():
    cell = rnn_cell.GRUCell(6)
    tf.nn.dynamic_rnn(cell, tf.zeros([2, 3, 10]), dtype=tf.float32)
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      gate_kernel, gate_bias, kernel, bias = sess.run(cell.weights)
  assert np.abs(gate_kernel).max() <= np.sqrt(6.0 / (16 + 12))
  assert np.abs(kernel).max() <= np.sqrt(6.0 / (16 + 6))
  assert gate_kernel.std() > 0.1 * np.sqrt(6.0 / (16 + 12))
  np.testing.assert_array_equal(gate_bias, np.ones(12))
  np.testing.assert_array_equal(bias, np.zeros(6))


def test_keep_probability_as_a_tensor():
  with tf.Graph().as_default():
    keep = tf.placeholder_with_default(1.0, [])
    inputs = tf.constant(np.random.RandomState(0).rand(2, 4, 3), tf.float32)
    with tf.variable_scope('a'):
      plain, _ = tf.nn.dynamic_rnn(rnn_cell.BasicRNNCell(3), inputs,
                                   dtype=tf.float32)
    with tf.variable_scope('a', reuse=True):
      wrapped, _ = tf.nn.dynamic_rnn(
          rnn_cell.DropoutWrapper(rnn_cell.BasicRNNCell(3),
                                  input_keep_prob=keep, output_keep_prob=keep),
          inputs, dtype=tf.float32)
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      same, dropped = sess.run([plain, wrapped]), sess.run(wrapped,
                                                           {keep: 0.5})
  np.testing.assert_allclose(same[0], same[1], atol=1e-6)
  assert not np.allclose(dropped, same[0])


def test_second_call_reuses_the_first_scope():
  with tf.Graph().as_default():
    cell = rnn_cell.BasicLSTMCell(2)
    state = cell.zero_state(1, tf.float32)
    with tf.variable_scope('first'):
      _, state = cell(tf.zeros([1, 3]), state)
    with tf.variable_scope('elsewhere'):
      cell(tf.zeros([1, 3]), state)
    assert [v.op.name for v in tf.global_variables()] == [
        'first/basic_lstm_cell/kernel', 'first/basic_lstm_cell/bias']
