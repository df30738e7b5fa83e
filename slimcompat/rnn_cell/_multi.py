"""`MultiRNNCell`: cells stacked in depth, each in its own ``cell_<i>``
variable scope (``rnn/multi_rnn_cell/cell_0/lstm_cell/kernel``)."""

import logging

from slimcompat._compat import tf, tf2
from slimcompat.rnn_cell._base import RNNCell
from slimcompat.v1_layers._base import Layer

__all__ = ['MultiRNNCell']


class MultiRNNCell(RNNCell):
  """Runs `cells` one after the other: each one's output is the next one's
  input; the state is one state per cell.

  Args:
    cells: a list or tuple of cells, bottom first.
    state_is_tuple: keep the states as a tuple (default); False
      concatenates them on axis 1, which only works for cells whose own
      state is a single tensor.

  Raises:
    ValueError: for no cells, or tuple states with `state_is_tuple` False.
    TypeError: if `cells` is not a list or tuple.
  """

  def __init__(self, cells, state_is_tuple=True):
    super().__init__()
    if not cells:
      raise ValueError('MultiRNNCell needs at least one cell; got %r.' %
                       (cells,))
    if not tf2.nest.is_nested(cells):
      raise TypeError('MultiRNNCell takes a list or tuple of cells, got %r; '
                      'wrap a single cell in a list.' % (cells,))
    if len(set(id(cell) for cell in cells)) < len(cells):
      logging.getLogger('tensorflow').warning(
          'At least two cells provided to MultiRNNCell are the same object '
          'and will share weights.')
    self._cells = cells
    self._state_is_tuple = state_is_tuple
    if not state_is_tuple and any(tf2.nest.is_nested(cell.state_size)
                                  for cell in cells):
      raise ValueError(
          'MultiRNNCell(state_is_tuple=False) concatenates single-tensor '
          'states, but some cells have tuple states (state sizes %s); keep '
          'state_is_tuple=True.' % [cell.state_size for cell in cells])

  @property
  def state_size(self):
    if self._state_is_tuple:
      return tuple(cell.state_size for cell in self._cells)
    return sum(cell.state_size for cell in self._cells)

  @property
  def output_size(self):
    return self._cells[-1].output_size

  def zero_state(self, batch_size, dtype):
    with tf2.name_scope(type(self).__name__ + 'ZeroState'):
      if self._state_is_tuple:
        return tuple(cell.zero_state(batch_size, dtype)
                     for cell in self._cells)
      return super().zero_state(batch_size, dtype)

  def _cell_weights(self, kind):
    weights = []
    for cell in self._cells:
      if isinstance(cell, Layer):
        weights += getattr(cell, kind)
    return weights

  @property
  def trainable_weights(self):
    if not self.trainable:
      return []
    return self._cell_weights('trainable_weights')

  @property
  def non_trainable_weights(self):
    weights = self._cell_weights('non_trainable_weights')
    if not self.trainable:
      return self._cell_weights('trainable_weights') + weights
    return weights

  trainable_variables = trainable_weights
  non_trainable_variables = non_trainable_weights

  def _check_state(self, state):
    if not self._state_is_tuple:
      return
    if not tf2.nest.is_nested(state):
      raise ValueError(
          'MultiRNNCell expects a tuple of %d states (one per cell) but got '
          '%s; pass cell.zero_state(batch_size, dtype).' %
          (len(self._cells), state))
    if len(state) < len(self._cells):
      raise IndexError(
          'MultiRNNCell has %d cells but got a state of %d parts; pass '
          'cell.zero_state(batch_size, dtype) or one state per cell.' %
          (len(self._cells), len(state)))

  def call(self, inputs, state):
    position = 0
    current = inputs
    new_states = []
    for index, cell in enumerate(self._cells):
      with tf.variable_scope('cell_%d' % index):
        if self._state_is_tuple:
          cell_state = state[index]
        else:
          cell_state = tf.slice(state, [0, position], [-1, cell.state_size])
          position += cell.state_size
        current, new_state = cell(current, cell_state)
        new_states.append(new_state)
    if self._state_is_tuple:
      return current, tuple(new_states)
    return current, tf.concat(new_states, 1)
