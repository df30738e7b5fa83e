"""The model of the checkpoint tests: a bidirectional LSTM encoder (with
peepholes and a projection) over a stacked GRU / basic LSTM layer in
dropout wrappers, over sequences of unequal length -- built from either
TensorFlow's own cells or slimcompat's."""

import numpy as np

from slimcompat._compat import tf

LENGTHS = (7, 4, 2)


def inputs():
  return np.random.RandomState(5).uniform(-1, 1, (3, 7, 5)).astype(np.float32)


def build(rc, x):
  """Outputs (a list of tensors) of the model made from cell module `rc`."""
  lengths = tf.constant(LENGTHS)
  stacked = rc.MultiRNNCell([
      rc.DropoutWrapper(rc.GRUCell(6), output_keep_prob=1.0),
      rc.BasicLSTMCell(4, forget_bias=0.5)])
  with tf.variable_scope('encoder'):
    low, low_state = tf.nn.dynamic_rnn(stacked, x, sequence_length=lengths,
                                       dtype=tf.float32)
  (forward, backward), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
      rc.LSTMCell(5, use_peepholes=True, num_proj=3, cell_clip=2.0),
      rc.LSTMCell(5), low, sequence_length=lengths, dtype=tf.float32)
  return [tf.concat([forward, backward], 2), low_state[1].c, state_fw.h,
          state_bw.c]


def train_steps(sess, outputs, steps=3):
  """A few SGD steps, so that the saved weights are not initial values."""
  loss = tf.add_n([tf.reduce_sum(tf.square(o)) for o in outputs])
  step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
  sess.run(tf.global_variables_initializer())
  for _ in range(steps):
    sess.run(step)
