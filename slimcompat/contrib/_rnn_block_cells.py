"""contrib.rnn's block cells: `LSTMBlockCell`, `LSTMBlockFusedCell`,
`GRUBlockCell` and `GRUBlockCellV2`.

TF 1.x ran them as single fused kernels; their maths is the plain LSTM / GRU
(gate order input, candidate, forget, output; reset before update), so the
step cells here are built from the same ops as `LSTMCell` / `GRUCell`, under
the block cells' own names (``lstm_cell/kernel``, ``lstm_cell/bias``;
``gru_cell/w_ru`` ... for `GRUBlockCell`, ``gru_cell/gates/kernel`` ... for
V2), so their checkpoints load.  `LSTMBlockFusedCell` runs a whole
time-major sequence through TensorFlow's ``BlockLSTM`` kernel (public as
``tf.raw_ops.BlockLSTM``, with its gradient), as TF 1.x did.
"""

from slimcompat._compat import tf
from slimcompat.rnn_cell._base import LayerRNNCell
from slimcompat.rnn_cell._base import UnitsCell
from slimcompat.rnn_cell._base import check_units
from slimcompat.rnn_cell._base import last_dimension
from slimcompat.rnn_cell._lstm import LSTMStateTuple
from slimcompat.rnn_cell._simple_cells import dense_step
from slimcompat.v1_layers._base import Layer
from slimcompat.v1_layers._input_spec import InputSpec

__all__ = ['GRUBlockCell', 'GRUBlockCellV2', 'LSTMBlockCell',
           'LSTMBlockFusedCell']

_PEEPHOLES = ('w_i_diag', 'w_f_diag', 'w_o_diag')


def make_lstm_weights(layer, inputs_shape, num_units, use_peephole):
  """The block LSTMs' weights in `layer`'s scope: ``kernel`` over
  ``[inputs, h]``, ``bias`` (zeros), and the three peephole vectors when
  `use_peephole` (else None)."""
  depth = last_dimension(inputs_shape, layer.name)
  units = check_units(num_units)
  kernel = layer.add_weight('kernel', [depth + units, 4 * units])
  bias = layer.add_weight('bias', [4 * units],
                          initializer=tf.constant_initializer(0.0))
  peepholes = None
  if use_peephole:
    peepholes = [layer.add_weight(name, [units]) for name in _PEEPHOLES]
  return kernel, bias, peepholes


class LSTMBlockCell(UnitsCell):
  """The LSTM of TF 1.x's fused ``LSTMBlockCell`` kernel, one step a call.

  Args:
    num_units: size of the memory and output.
    forget_bias: added to the forget gate's pre-activation.
    cell_clip: clip the memory to [-cell_clip, cell_clip]; None: no clip.
    use_peephole: add the diagonal peephole connections.
    dtype: dtype of the weights; default the inputs'.
    reuse: whether to reuse the variables of an existing scope.
    name: the cell's name (its variable scope); default ``lstm_cell``.
  """

  def __init__(self, num_units, forget_bias=1.0, cell_clip=None,
               use_peephole=False, dtype=None, reuse=None, name='lstm_cell'):
    super().__init__(num_units, reuse=reuse, name=name, dtype=dtype)
    self._forget_bias = forget_bias
    self._cell_clip = cell_clip if cell_clip is not None else -1
    self._use_peephole = use_peephole

  @property
  def state_size(self):
    return LSTMStateTuple(self._num_units, self._num_units)

  def build(self, inputs_shape):
    self._kernel, self._bias, self._peepholes = make_lstm_weights(
        self, inputs_shape, self._num_units, self._use_peephole)
    self.built = True

  def call(self, inputs, state):
    if len(state) != 2:
      raise ValueError('LSTMBlockCell expects its state as a tuple (c, h) '
                       'of length 2, got %d parts.' % len(state))
    c_prev, h_prev = state
    gates = dense_step(inputs, h_prev, self._kernel, self._bias)
    i, j, f, o = tf.split(value=gates, num_or_size_splits=4, axis=1)
    if self._use_peephole:
      w_i, w_f, w_o = self._peepholes
      i = i + w_i * c_prev
      f = f + w_f * c_prev
    c = tf.sigmoid(f + self._forget_bias) * c_prev + tf.sigmoid(i) * tf.tanh(j)
    if self._cell_clip > 0:
      c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
    if self._use_peephole:
      o = o + w_o * c
    h = tf.sigmoid(o) * tf.tanh(c)
    return h, LSTMStateTuple(c, h)


class LSTMBlockFusedCell(Layer):
  """A whole LSTM sequence in one ``BlockLSTM`` kernel, TF 1.x's fused cell.

  Called as ``cell(inputs, initial_state=None, dtype=None,
  sequence_length=None)`` on time-major inputs ``[time, batch, depth]``;
  returns ``(outputs, LSTMStateTuple(c, h))`` with outputs past each
  sequence's length set to zero and the final state taken at its length.

  Args:
    num_units: size of the memory and output.
    forget_bias: added to the forget gate's pre-activation.
    cell_clip: clip the memory to [-cell_clip, cell_clip]; None: no clip.
    use_peephole: add the diagonal peephole connections.
    reuse: whether to reuse the variables of an existing scope.
    dtype: dtype of the weights; default the inputs'.
    name: the cell's name (its variable scope); default ``lstm_fused_cell``.
  """

  def __init__(self, num_units, forget_bias=1.0, cell_clip=None,
               use_peephole=False, reuse=None, dtype=None,
               name='lstm_fused_cell'):
    super().__init__(_reuse=reuse, name=name, dtype=dtype)
    self.input_spec = InputSpec(ndim=3)
    self._num_units = num_units
    self._forget_bias = forget_bias
    self._cell_clip = cell_clip if cell_clip is not None else -1
    self._use_peephole = use_peephole

  @property
  def num_units(self):
    return self._num_units

  def build(self, input_shape):
    self._kernel, self._bias, self._peepholes = make_lstm_weights(
        self, input_shape, self._num_units, self._use_peephole)
    self.built = True

  def __call__(self, inputs, initial_state=None, dtype=None,
               sequence_length=None, scope=None):
    return super().__call__(inputs, initial_state=initial_state, dtype=dtype,
                            sequence_length=sequence_length, scope=scope)

  def call(self, inputs, initial_state=None, dtype=None,
           sequence_length=None):
    inputs_shape = inputs.get_shape().with_rank(3)
    time_len = tf.dimension_value(inputs_shape[0]) or tf.shape(inputs)[0]
    batch = tf.dimension_value(inputs_shape[1]) or tf.shape(inputs)[1]
    dtype = dtype or inputs.dtype
    if initial_state is None:
      if dtype is None:
        raise ValueError('LSTMBlockFusedCell needs dtype= when no '
                         'initial_state is given.')
      zeros = tf.zeros(tf.stack([batch, self._num_units]), dtype=dtype)
      c0, h0 = zeros, zeros
    else:
      c0, h0 = initial_state
    if self._use_peephole:
      w_i, w_f, w_o = self._peepholes
    else:
      w_i = w_f = w_o = tf.zeros([self._num_units], dtype=dtype)
    if sequence_length is None:
      longest = tf.cast(time_len, tf.int64)
    else:
      longest = tf.cast(tf.reduce_max(sequence_length), tf.int64)
    fused = tf.raw_ops.BlockLSTM(
        seq_len_max=longest, x=inputs, cs_prev=c0, h_prev=h0, w=self._kernel,
        wci=w_i, wcf=w_f, wco=w_o, b=self._bias,
        forget_bias=self._forget_bias, cell_clip=self._cell_clip,
        use_peephole=self._use_peephole)
    cells, outputs = fused.cs, fused.h
    if sequence_length is None:
      return outputs, LSTMStateTuple(cells[-1], outputs[-1])
    mask = tf.transpose(tf.sequence_mask(sequence_length, time_len,
                                         dtype=dtype), [1, 0])
    outputs = outputs * tf.expand_dims(mask, -1)
    return outputs, LSTMStateTuple(
        _at_length(c0, cells, sequence_length, batch),
        _at_length(h0, outputs, sequence_length, batch))


def _at_length(initial, sequence, lengths, batch):
  """Row b of ``[initial] + sequence`` at time ``lengths[b]``."""
  steps = tf.concat([[initial], sequence], 0)
  index = tf.stack([tf.cast(lengths, tf.int32), tf.range(batch)], axis=1)
  return tf.gather_nd(steps, index)


class GRUBlockCell(LayerRNNCell):
  """The GRU of TF 1.x's fused ``GRUBlockCell`` kernel, one step a call,
  with its variable names ``w_ru``, ``b_ru``, ``w_c``, ``b_c``.

  Args:
    num_units: size of the state (deprecated spelling of `cell_size`).
    cell_size: size of the state.
    reuse: whether to reuse the variables of an existing scope.
    name: the cell's name (its variable scope); default ``gru_cell``.
  """

  _NAMES = ('w_ru', 'b_ru', 'w_c', 'b_c')

  def __init__(self, num_units=None, cell_size=None, reuse=None,
               name='gru_cell'):
    super().__init__(_reuse=reuse, name=name)
    if (cell_size is None) == (num_units is None):
      raise ValueError('Give the GRU block cell its size as exactly one of '
                       'num_units or cell_size (got %r and %r).' %
                       (num_units, cell_size))
    self._cell_size = cell_size if cell_size is not None else num_units
    self.input_spec = InputSpec(ndim=2)

  @property
  def state_size(self):
    return self._cell_size

  @property
  def output_size(self):
    return self._cell_size

  def build(self, input_shape):
    depth = last_dimension(input_shape, self.name)
    size = check_units(self._cell_size, 'cell_size')
    gate_kernel, gate_bias, candidate_kernel, candidate_bias = self._NAMES
    self._gate_kernel = self.add_weight(gate_kernel, [depth + size, 2 * size])
    self._gate_bias = self.add_weight(
        gate_bias, [2 * size], initializer=tf.constant_initializer(1.0))
    self._candidate_kernel = self.add_weight(candidate_kernel,
                                             [depth + size, size])
    self._candidate_bias = self.add_weight(
        candidate_bias, [size], initializer=tf.constant_initializer(0.0))
    self.built = True

  def call(self, inputs, state):
    gates = tf.sigmoid(dense_step(inputs, state, self._gate_kernel,
                                  self._gate_bias))
    reset, update = tf.split(value=gates, num_or_size_splits=2, axis=1)
    candidate = tf.tanh(dense_step(inputs, reset * state,
                                   self._candidate_kernel,
                                   self._candidate_bias))
    new_h = update * state + (1 - update) * candidate
    return new_h, new_h


class GRUBlockCellV2(GRUBlockCell):
  """`GRUBlockCell` with `GRUCell`'s variable names (``gates/kernel``,
  ``gates/bias``, ``candidate/kernel``, ``candidate/bias``)."""

  _NAMES = ('gates/kernel', 'gates/bias', 'candidate/kernel',
            'candidate/bias')
