"""`LSTMStateTuple`, `BasicLSTMCell` and `LSTMCell`: TF 1.x's LSTM cells.

Both keep one kernel over ``[inputs, h]`` whose columns are the gates in
TF 1.x's order -- input, candidate, forget, output -- and a bias (zeros),
named ``kernel`` and ``bias`` in the cell's scope; `LSTMCell` adds the
peephole vectors ``w_f_diag``, ``w_i_diag``, ``w_o_diag`` and the projection
``projection/kernel``.  The forget bias is added in the graph, not stored.
"""

import collections

from slimcompat._compat import tf
from slimcompat.rnn_cell import _activations
from slimcompat.rnn_cell._base import UnitsCell
from slimcompat.rnn_cell._base import check_tensor_dtypes
from slimcompat.rnn_cell._base import check_units
from slimcompat.rnn_cell._simple_cells import dense_step

__all__ = ['BasicLSTMCell', 'LSTMCell', 'LSTMStateTuple']


class LSTMStateTuple(collections.namedtuple('LSTMStateTuple', ('c', 'h'))):
  """The state of an LSTM cell: the memory `c` and the output `h`."""

  __slots__ = ()

  @property
  def dtype(self):
    c, h = self
    if c.dtype != h.dtype:
      raise TypeError('The two parts of an LSTM state have different dtypes '
                      '(c: %s, h: %s); cast one to the other.' %
                      (c.dtype, h.dtype))
    return c.dtype


def split_state(state, units, out_units, state_is_tuple):
  """(c, h) of an LSTM state, tuple or concatenated ``[c, h]``."""
  if state_is_tuple:
    c, h = state
    return c, h
  return (tf.slice(state, [0, 0], [-1, units]),
          tf.slice(state, [0, units], [-1, out_units]))


def join_state(c, h, state_is_tuple):
  return LSTMStateTuple(c, h) if state_is_tuple else tf.concat([c, h], 1)


class BasicLSTMCell(UnitsCell):
  """The LSTM of Zaremba et al. (2014) without peepholes or projection.

  Args:
    num_units: size of the memory and output.
    forget_bias: added to the forget gate's pre-activation (use 0.0 when
      restoring a CudnnLSTM checkpoint).
    state_is_tuple: state as `LSTMStateTuple` (c, h); False concatenates
      them on axis 1.
    activation: of the candidate and the output; default tanh.
    reuse: whether to reuse the variables of an existing scope.
    name: the cell's name (its variable scope); default ``basic_lstm_cell``.
    dtype: dtype of the weights; default the inputs'.
    **kwargs: as for ``tf.compat.v1.layers.Layer``.
  """

  def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True,
               activation=None, reuse=None, name=None, dtype=None, **kwargs):
    super().__init__(num_units, activation=activation, reuse=reuse,
                     name=name, dtype=dtype, **kwargs)
    self._forget_bias = forget_bias
    self._state_is_tuple = state_is_tuple

  @property
  def state_size(self):
    if self._state_is_tuple:
      return LSTMStateTuple(self._num_units, self._num_units)
    return 2 * self._num_units

  def build(self, inputs_shape):
    depth, units = self._depth_and_units(inputs_shape)
    self._kernel = self.add_weight('kernel', shape=[depth + units, 4 * units])
    self._bias = self.add_weight(
        'bias', shape=[4 * units],
        initializer=tf.zeros_initializer(dtype=self.dtype))
    self.built = True

  def call(self, inputs, state):
    check_tensor_dtypes([inputs, state])
    c, h = split_state(state, self._num_units, self._num_units,
                       self._state_is_tuple)
    gates = dense_step(inputs, h, self._kernel, self._bias)
    i, j, f, o = tf.split(value=gates, num_or_size_splits=4,
                          axis=tf.constant(1, dtype=tf.int32))
    forget_bias = tf.constant(self._forget_bias, dtype=f.dtype)
    new_c = tf.add(tf.multiply(c, tf.sigmoid(tf.add(f, forget_bias))),
                   tf.multiply(tf.sigmoid(i), self._activation(j)))
    new_h = tf.multiply(self._activation(new_c), tf.sigmoid(o))
    return new_h, join_state(new_c, new_h, self._state_is_tuple)

  def get_config(self):
    config = super().get_config()
    config.update(forget_bias=self._forget_bias,
                  state_is_tuple=self._state_is_tuple)
    return config


class LSTMCell(UnitsCell):
  """The LSTM with optional peepholes (Gers and Schmidhuber), cell and
  projection clipping, and an output projection (Sak et al. 2014).

  Args:
    num_units: size of the memory.
    use_peepholes: add the diagonal peephole connections.
    cell_clip: clip the memory to [-cell_clip, cell_clip] each step.
    initializer: for the kernel, peepholes and projection; default the
      scope's (glorot uniform).
    num_proj: project the output (and h) to this size.
    proj_clip: clip the projected output to [-proj_clip, proj_clip].
    num_unit_shards, num_proj_shards: split the kernel / projection into
      this many partitions (deprecated in TF 1.x; prefer a partitioner on
      the variable scope).
    forget_bias: added to the forget gate's pre-activation.
    state_is_tuple: state as `LSTMStateTuple` (c, h); False concatenates.
    activation: of the candidate and the output; default tanh.
    reuse: whether to reuse the variables of an existing scope.
    name: the cell's name (its variable scope); default ``lstm_cell``.
    dtype: dtype of the weights; default the inputs'.
    **kwargs: as for ``tf.compat.v1.layers.Layer``.
  """

  def __init__(self, num_units, use_peepholes=False, cell_clip=None,
               initializer=None, num_proj=None, proj_clip=None,
               num_unit_shards=None, num_proj_shards=None, forget_bias=1.0,
               state_is_tuple=True, activation=None, reuse=None, name=None,
               dtype=None, **kwargs):
    super().__init__(num_units, activation=activation, reuse=reuse,
                     name=name, dtype=dtype, **kwargs)
    self._use_peepholes = use_peepholes
    self._cell_clip = cell_clip
    self._initializer = _activations.initializer(initializer)
    self._num_proj = num_proj
    self._proj_clip = proj_clip
    self._num_unit_shards = num_unit_shards
    self._num_proj_shards = num_proj_shards
    self._forget_bias = forget_bias
    self._state_is_tuple = state_is_tuple
    out = num_proj if num_proj else num_units
    if state_is_tuple:
      self._state_size = LSTMStateTuple(num_units, out)
    else:
      self._state_size = num_units + out
    self._output_size = out

  @property
  def state_size(self):
    return self._state_size

  @property
  def output_size(self):
    return self._output_size

  def build(self, inputs_shape):
    depth, units = self._depth_and_units(inputs_shape)
    proj = None if self._num_proj is None else check_units(self._num_proj,
                                                           'num_proj')
    self._kernel = self.add_weight(
        'kernel', shape=[depth + (units if proj is None else proj), 4 * units],
        initializer=self._initializer,
        partitioner=_shards(self._num_unit_shards))
    self._bias = self.add_weight(
        'bias', shape=[4 * units],
        initializer=tf.zeros_initializer(dtype=self.dtype))
    if self._use_peepholes:
      self._w_f_diag = self.add_weight('w_f_diag', shape=[units],
                                       initializer=self._initializer)
      self._w_i_diag = self.add_weight('w_i_diag', shape=[units],
                                       initializer=self._initializer)
      self._w_o_diag = self.add_weight('w_o_diag', shape=[units],
                                       initializer=self._initializer)
    if proj is not None:
      self._proj_kernel = self.add_weight(
          'projection/kernel', shape=[units, proj],
          initializer=self._initializer,
          partitioner=_shards(self._num_proj_shards))
    self.built = True

  def call(self, inputs, state):
    check_tensor_dtypes([inputs, state])
    out = self._num_units if self._num_proj is None else self._num_proj
    c_prev, m_prev = split_state(state, self._num_units, out,
                                 self._state_is_tuple)
    if tf.dimension_value(inputs.shape.with_rank(2)[1]) is None:
      raise ValueError('LSTMCell needs inputs with a known last dimension, '
                       'got shape %s.' % inputs.shape)
    gates = dense_step(inputs, m_prev, self._kernel, self._bias)
    i, j, f, o = tf.split(value=gates, num_or_size_splits=4, axis=1)
    if self._use_peepholes:
      c = (tf.sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) *
           c_prev +
           tf.sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
    else:
      c = (tf.sigmoid(f + self._forget_bias) * c_prev +
           tf.sigmoid(i) * self._activation(j))
    if self._cell_clip is not None:
      c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
    if self._use_peepholes:
      m = tf.sigmoid(o + self._w_o_diag * c) * self._activation(c)
    else:
      m = tf.sigmoid(o) * self._activation(c)
    if self._num_proj is not None:
      m = tf.matmul(m, self._proj_kernel)
      if self._proj_clip is not None:
        m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
    return m, join_state(c, m, self._state_is_tuple)

  def get_config(self):
    config = super().get_config()
    config.update(
        use_peepholes=self._use_peepholes,
        cell_clip=self._cell_clip, num_proj=self._num_proj,
        proj_clip=self._proj_clip, num_unit_shards=self._num_unit_shards,
        num_proj_shards=self._num_proj_shards, forget_bias=self._forget_bias,
        state_is_tuple=self._state_is_tuple)
    return config


def _shards(count):
  return None if count is None else tf.fixed_size_partitioner(count)
