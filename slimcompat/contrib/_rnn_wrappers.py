"""contrib.rnn's cell wrappers with weights of their own:
`InputProjectionWrapper`, `OutputProjectionWrapper`, `EmbeddingWrapper`
(which legacy_seq2seq builds on) and `AttentionCellWrapper`.

Each is a cell with its own variable scope (``output_projection_wrapper``,
``attention_cell_wrapper``...) holding its weights, with the wrapped cell's
scope inside it (``output_projection_wrapper/lstm_cell/kernel``), as in
TF 1.x.
"""

import math

from slimcompat._compat import tf, tf2
from slimcompat.rnn_cell._base import RNNCell
from slimcompat.rnn_cell._wrappers import assert_like_rnncell

__all__ = ['AttentionCellWrapper', 'EmbeddingWrapper',
           'InputProjectionWrapper', 'OutputProjectionWrapper']


def linear(args, output_size, bias=True):
  """``concat(args) @ kernel + bias`` with ``kernel`` and ``bias`` (zeros)
  made, or reused, in the current variable scope."""
  args = tf2.nest.flatten(args)
  depth = sum(tf.dimension_value(a.shape[-1]) for a in args)
  joined = args[0] if len(args) == 1 else tf.concat(args, 1)
  dtype = joined.dtype
  kernel = tf.get_variable('kernel', [depth, output_size], dtype=dtype)
  result = tf.matmul(joined, kernel)
  if not bias:
    return result
  with tf.variable_scope(tf.get_variable_scope()) as scope:
    scope.set_partitioner(None)
    biases = tf.get_variable('bias', [output_size], dtype=dtype,
                             initializer=tf.constant_initializer(
                                 0.0, dtype=dtype))
  return tf.nn.bias_add(result, biases)


def _check_cell(cell):
  try:
    assert_like_rnncell('cell', cell)
  except TypeError as err:
    raise TypeError('The parameter cell is not an RNNCell: %s' % err) from err


class _WrapperWithWeights(RNNCell):
  """Sizes and zero state of the wrapped cell, a scope of its own."""

  def __init__(self, cell, reuse=None):
    super().__init__(_reuse=reuse)
    _check_cell(cell)
    self._cell = cell

  @property
  def state_size(self):
    return self._cell.state_size

  @property
  def output_size(self):
    return self._cell.output_size

  def zero_state(self, batch_size, dtype):
    with tf2.name_scope(type(self).__name__ + 'ZeroState'):
      return self._cell.zero_state(batch_size, dtype)


class InputProjectionWrapper(_WrapperWithWeights):
  """Projects the inputs to `num_proj` units (a dense layer) before the
  cell.

  Args:
    cell: the cell to wrap.
    num_proj: size of the projection.
    activation: applied to the projection; default none.
    input_size: unused (kept for TF 1.x's signature).
    reuse: whether to reuse the variables of an existing scope.
  """

  def __init__(self, cell, num_proj, activation=None, input_size=None,
               reuse=None):
    super().__init__(cell, reuse=reuse)
    del input_size
    self._num_proj = num_proj
    self._activation = activation

  def call(self, inputs, state):
    projected = linear(inputs, self._num_proj)
    if self._activation:
      projected = self._activation(projected)
    return self._cell(projected, state)


class OutputProjectionWrapper(_WrapperWithWeights):
  """Projects the cell's output to `output_size` units (a dense layer).

  Args:
    cell: the cell to wrap.
    output_size: size of the projection (> 0).
    activation: applied to the projection; default none.
    reuse: whether to reuse the variables of an existing scope.

  Raises:
    TypeError: if `cell` is not a cell.
    ValueError: if `output_size` < 1.
  """

  def __init__(self, cell, output_size, activation=None, reuse=None):
    if output_size < 1:
      raise ValueError('OutputProjectionWrapper needs output_size > 0, got '
                       '%d.' % output_size)
    super().__init__(cell, reuse=reuse)
    self._output_size = output_size
    self._activation = activation

  @property
  def output_size(self):
    return self._output_size

  def call(self, inputs, state):
    output, new_state = self._cell(inputs, state)
    projected = linear(output, self._output_size)
    if self._activation:
      projected = self._activation(projected)
    return projected, new_state


class EmbeddingWrapper(_WrapperWithWeights):
  """Looks integer inputs up in an embedding (on the CPU) before the cell.

  Args:
    cell: the cell to wrap.
    embedding_classes: number of symbols.
    embedding_size: size of each symbol's vector.
    initializer: of the embedding; default the scope's, else uniform in
      [-sqrt(3), sqrt(3)] (variance 1).
    reuse: whether to reuse the variables of an existing scope.

  Raises:
    TypeError: if `cell` is not a cell.
    ValueError: unless both sizes are > 0.
  """

  def __init__(self, cell, embedding_classes, embedding_size,
               initializer=None, reuse=None):
    if embedding_classes <= 0 or embedding_size <= 0:
      raise ValueError('EmbeddingWrapper needs embedding_classes and '
                       'embedding_size > 0, got %d and %d.' %
                       (embedding_classes, embedding_size))
    super().__init__(cell, reuse=reuse)
    self._embedding_classes = embedding_classes
    self._embedding_size = embedding_size
    self._initializer = initializer

  def call(self, inputs, state):
    with tf.device('/cpu:0'):
      initializer = (self._initializer or
                     tf.get_variable_scope().initializer or
                     tf.random_uniform_initializer(-math.sqrt(3),
                                                   math.sqrt(3)))
      dtype = tf2.nest.flatten(state)[0].dtype
      embedding = tf.get_variable(
          'embedding', [self._embedding_classes, self._embedding_size],
          initializer=initializer, dtype=dtype)
      embedded = tf.nn.embedding_lookup(embedding, tf.reshape(inputs, [-1]))
    return self._cell(embedded, state)


class AttentionCellWrapper(RNNCell):
  """Attention over the cell's last `attn_length` outputs (Bahdanau-style
  scores), TF 1.x contrib's wrapper.

  The state is ``(cell state, attention vector, attention window)``.

  Args:
    cell: the cell to wrap.
    attn_length: how many past outputs to attend over (> 0).
    attn_size: size of each of them; default the cell's output size.
    attn_vec_size: size of the score's hidden layer; default `attn_size`.
    input_size: size of the projected inputs; default the inputs' depth.
    state_is_tuple: state as a tuple (default); False concatenates.
    reuse: whether to reuse the variables of an existing scope.

  Raises:
    TypeError: if `cell` is not a cell.
    ValueError: for a tuple cell state with `state_is_tuple` False, or
      `attn_length` <= 0.
  """

  def __init__(self, cell, attn_length, attn_size=None, attn_vec_size=None,
               input_size=None, state_is_tuple=True, reuse=None):
    super().__init__(_reuse=reuse)
    _check_cell(cell)
    if tf2.nest.is_nested(cell.state_size) and not state_is_tuple:
      raise ValueError('The cell has a tuple state (%s): keep '
                       'state_is_tuple=True.' % (cell.state_size,))
    if attn_length <= 0:
      raise ValueError('attn_length must be greater than zero, got %s.' %
                       attn_length)
    self._cell = cell
    self._attn_length = attn_length
    self._attn_size = attn_size or cell.output_size
    self._attn_vec_size = attn_vec_size or self._attn_size
    self._input_size = input_size
    self._state_is_tuple = state_is_tuple

  @property
  def state_size(self):
    size = (self._cell.state_size, self._attn_size,
            self._attn_size * self._attn_length)
    if self._state_is_tuple:
      return size
    return sum(size)

  @property
  def output_size(self):
    return self._attn_size

  def _check_state(self, state):
    if self._state_is_tuple and not tf2.nest.is_nested(state):
      raise TypeError('AttentionCellWrapper expects its state as a tuple '
                      '(cell state, attention, window); pass '
                      'cell.zero_state(batch_size, dtype).')

  def call(self, inputs, state):
    if self._state_is_tuple:
      state, attns, attn_states = state
    else:
      whole, cell_size = state, self._cell.state_size
      state = tf.slice(whole, [0, 0], [-1, cell_size])
      attns = tf.slice(whole, [0, cell_size], [-1, self._attn_size])
      attn_states = tf.slice(
          whole, [0, cell_size + self._attn_size],
          [-1, self._attn_size * self._attn_length])
    attn_states = tf.reshape(attn_states,
                             [-1, self._attn_length, self._attn_size])
    input_size = self._input_size or tf.dimension_value(inputs.shape[1])
    inputs = linear([inputs, attns], input_size)
    cell_output, new_state = self._cell(inputs, state)
    query = (tf.concat(tf2.nest.flatten(new_state), 1)
             if self._state_is_tuple else new_state)
    new_attns, new_attn_states = self._attention(query, attn_states)
    with tf.variable_scope('attn_output_projection'):
      output = linear([cell_output, new_attns], self._attn_size)
    new_attn_states = tf.concat(
        [new_attn_states, tf.expand_dims(output, 1)], 1)
    new_attn_states = tf.reshape(
        new_attn_states, [-1, self._attn_length * self._attn_size])
    new_state = (new_state, new_attns, new_attn_states)
    if not self._state_is_tuple:
      new_state = tf.concat(list(new_state), 1)
    return output, new_state

  def _attention(self, query, attn_states):
    with tf.variable_scope('attention'):
      k = tf.get_variable('attn_w', [1, 1, self._attn_size,
                                     self._attn_vec_size])
      v = tf.get_variable('attn_v', [self._attn_vec_size])
      hidden = tf.reshape(attn_states,
                          [-1, self._attn_length, 1, self._attn_size])
      features = tf.nn.conv2d(hidden, k, [1, 1, 1, 1], 'SAME')
      y = tf.reshape(linear(query, self._attn_vec_size),
                     [-1, 1, 1, self._attn_vec_size])
      scores = tf.reduce_sum(v * tf.tanh(features + y), [2, 3])
      weights = tf.nn.softmax(scores)
      context = tf.reduce_sum(
          tf.reshape(weights, [-1, self._attn_length, 1, 1]) * hidden, [1, 2])
      new_attns = tf.reshape(context, [-1, self._attn_size])
      new_attn_states = tf.slice(attn_states, [0, 1, 0], [-1, -1, -1])
      return new_attns, new_attn_states
