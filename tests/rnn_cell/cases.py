"""The parity cases: each builds a small sequence model from a cell module
(TensorFlow's own ``tf.compat.v1.nn.rnn_cell`` or `slimcompat.rnn_cell`)
with TensorFlow's own RNN functions, under a graph seed.

A case is ``build(rc, inputs, lengths) -> (outputs, state, cells)``, where
`inputs` is a ``[3, 6, 4]`` float32 placeholder (batch major) and `lengths`
the sequence lengths ``[6, 4, 1]``.
"""

from slimcompat._compat import tf

BATCH, TIME, DEPTH = 3, 6, 4
LENGTHS = (6, 4, 1)


def _dynamic(cell, inputs, lengths):
  # One iteration at a time: a dropout mask drawn in the loop is the same
  # random op run once per step, in the order the iterations run it.
  outputs, state = tf.nn.dynamic_rnn(cell, inputs, sequence_length=lengths,
                                     dtype=tf.float32, parallel_iterations=1)
  return outputs, state, [cell]


def basic_rnn_relu(rc, inputs, lengths):
  return _dynamic(rc.BasicRNNCell(3, activation=tf.nn.relu), inputs, lengths)


def gru_initializers(rc, inputs, lengths):
  cell = rc.GRUCell(3, kernel_initializer=tf.orthogonal_initializer(seed=2),
                    bias_initializer=tf.constant_initializer(0.3))
  return _dynamic(cell, inputs, lengths)


gru_initializers.keep_initial_values = True


def basic_lstm_concat_state(rc, inputs, lengths):
  return _dynamic(rc.BasicLSTMCell(3, forget_bias=0.5, state_is_tuple=False), inputs, lengths)


def lstm_peepholes_projection_clips(rc, inputs, lengths):
  cell = rc.LSTMCell(5, use_peepholes=True, cell_clip=0.4, num_proj=3,
                     proj_clip=0.1, forget_bias=0.0)
  return _dynamic(cell, inputs, lengths)


def lstm_initializer_concat(rc, inputs, lengths):
  cell = rc.LSTMCell(4, initializer=tf.random_uniform_initializer(
      -0.5, 0.5, seed=3), num_proj=2, state_is_tuple=False, name='my_lstm')
  return _dynamic(cell, inputs, lengths)


lstm_initializer_concat.keep_initial_values = True


def multi(rc, inputs, lengths):
  cell = rc.MultiRNNCell([
      rc.BasicLSTMCell(4),
      rc.DropoutWrapper(rc.GRUCell(3), output_keep_prob=0.5, seed=1)])
  return _dynamic(cell, inputs, lengths)


def multi_concat_state(rc, inputs, lengths):
  cell = rc.MultiRNNCell([rc.GRUCell(3), rc.BasicRNNCell(2)],
                         state_is_tuple=False)
  return _dynamic(cell, inputs, lengths)


def dropout(rc, inputs, lengths):
  cell = rc.DropoutWrapper(rc.BasicLSTMCell(4), input_keep_prob=0.8,
                           output_keep_prob=0.7, state_keep_prob=0.9, seed=5)
  return _dynamic(cell, inputs, lengths)


def dropout_variational(rc, inputs, lengths):
  cell = rc.DropoutWrapper(rc.LSTMCell(4), input_keep_prob=0.8,
                           output_keep_prob=0.7, state_keep_prob=0.6,
                           variational_recurrent=True, input_size=DEPTH,
                           dtype=tf.float32, seed=5)
  return _dynamic(cell, inputs, lengths)


def residual_and_device(rc, inputs, lengths):
  cell = rc.DeviceWrapper(rc.ResidualWrapper(rc.GRUCell(DEPTH)), '/cpu:0')
  return _dynamic(cell, inputs, lengths)


def bidirectional(rc, inputs, lengths):
  forward, backward = rc.LSTMCell(3), rc.GRUCell(2)
  outputs, states = tf.nn.bidirectional_dynamic_rnn(
      forward, backward, inputs, sequence_length=lengths, dtype=tf.float32)
  return tf.concat(outputs, 2), states, [forward, backward]


def static_bidirectional(rc, inputs, lengths):
  # Three steps unrolled (each is a copy of the cell in the graph).
  forward, backward = rc.GRUCell(2), rc.BasicRNNCell(2)
  outputs, state_fw, state_bw = tf.nn.static_bidirectional_rnn(
      forward, backward, tf.unstack(inputs[:, :3], axis=1),
      sequence_length=tf.minimum(lengths, 3), dtype=tf.float32)
  return tf.stack(outputs, 1), (state_fw, state_bw), [forward, backward]


def raw(rc, inputs, lengths):
  cell = rc.BasicLSTMCell(3)
  time_major = tf.transpose(inputs, [1, 0, 2])
  inputs_ta = tf.TensorArray(tf.float32, size=TIME).unstack(time_major)

  def loop_fn(time, cell_output, cell_state, loop_state):
    emit = cell_output
    if cell_output is None:
      next_state = cell.zero_state(BATCH, tf.float32)
    else:
      next_state = cell_state
    finished = time >= lengths
    next_input = tf.cond(tf.reduce_all(finished),
                         lambda: tf.zeros([BATCH, DEPTH], tf.float32),
                         lambda: inputs_ta.read(tf.minimum(time, TIME - 1)))
    return finished, next_input, next_state, emit, loop_state

  outputs_ta, state, _ = tf.nn.raw_rnn(cell, loop_fn)
  return tf.transpose(outputs_ta.stack(), [1, 0, 2]), state, [cell]


def explicit_scope_and_reuse(rc, inputs, lengths):
  cell = rc.GRUCell(3)
  with tf.variable_scope('encoder'):
    first, _ = tf.nn.dynamic_rnn(cell, inputs, sequence_length=lengths,
                                 dtype=tf.float32)
  with tf.variable_scope('encoder', reuse=True):
    second, state = tf.nn.dynamic_rnn(cell, inputs * 2.0, dtype=tf.float32)
  return tf.concat([first, second], 1), state, [cell]


def subclassed(rc, inputs, lengths):
  class Leaky(rc.RNNCell):
    """A user cell with get_variable in call, as TF1 tutorials wrote."""

    def __init__(self, units):
      super(Leaky, self).__init__()
      self._units = units

    @property
    def state_size(self):
      return self._units

    @property
    def output_size(self):
      return self._units

    def call(self, inputs, state):
      kernel = tf.get_variable('w', [inputs.shape[-1] + self._units,
                                     self._units])
      scale = tf.get_variable('scale', [], trainable=False,
                              initializer=tf.constant_initializer(0.5))
      new = tf.tanh(tf.matmul(tf.concat([inputs, state], 1), kernel))
      return new, scale * state + (1 - scale) * new

  return _dynamic(Leaky(3), inputs, lengths)


CASES = {function.__name__: function for function in (
    basic_rnn_relu, gru_initializers, basic_lstm_concat_state,
    lstm_peepholes_projection_clips, lstm_initializer_concat, multi,
    multi_concat_state, dropout, dropout_variational, residual_and_device,
    bidirectional, static_bidirectional, raw, explicit_scope_and_reuse,
    subclassed)}
