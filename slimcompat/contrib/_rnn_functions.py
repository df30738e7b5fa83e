"""contrib.rnn's sequence functions: `stack_bidirectional_dynamic_rnn`,
`stack_bidirectional_rnn` (layers of bidirectional RNNs, each layer's two
outputs concatenated as the next one's input, in scopes
``stack_bidirectional_rnn/cell_<i>/bidirectional_rnn/fw|bw``), and the two
small helpers contrib exported, `transpose_batch_time` and
`best_effort_input_batch_size`."""

from slimcompat._compat import tf

__all__ = ['best_effort_input_batch_size', 'stack_bidirectional_dynamic_rnn',
           'stack_bidirectional_rnn', 'transpose_batch_time']


def _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw):
  if not cells_fw:
    raise ValueError('Give at least one forward cell (cells_fw is empty).')
  if not cells_bw:
    raise ValueError('Give at least one backward cell (cells_bw is empty).')
  if not isinstance(cells_fw, list):
    raise ValueError('cells_fw must be a list of cells, one per layer; got '
                     '%r.' % (cells_fw,))
  if not isinstance(cells_bw, list):
    raise ValueError('cells_bw must be a list of cells, one per layer; got '
                     '%r.' % (cells_bw,))
  if len(cells_fw) != len(cells_bw):
    raise ValueError('cells_fw and cells_bw must have the same number of '
                     'layers, got %d and %d.' % (len(cells_fw), len(cells_bw)))
  for name, states in (('initial_states_fw', initial_states_fw),
                       ('initial_states_bw', initial_states_bw)):
    if states is not None and (not isinstance(states, list) or
                               len(states) != len(cells_fw)):
      raise ValueError('%s must be a list of states, one per layer (%d).' %
                       (name, len(cells_fw)))


def _layer_states(initial_states, index):
  return initial_states[index] if initial_states else None


def stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs,
                                    initial_states_fw=None,
                                    initial_states_bw=None, dtype=None,
                                    sequence_length=None,
                                    parallel_iterations=None,
                                    time_major=False, scope=None,
                                    swap_memory=False):
  """Stacked ``tf.compat.v1.nn.bidirectional_dynamic_rnn`` layers.

  Args:
    cells_fw, cells_bw: lists of cells, one pair per layer.
    inputs: ``[batch, time, depth]`` (``[time, batch, depth]`` if
      `time_major`).
    initial_states_fw, initial_states_bw: optional lists of initial states,
      one per layer.
    dtype: dtype of the zero states when no initial state is given.
    sequence_length: optional ``[batch]`` lengths.
    parallel_iterations, time_major, swap_memory: as for dynamic_rnn.
    scope: variable scope; default ``stack_bidirectional_rnn``.

  Returns:
    (outputs of the last layer, fw and bw concatenated on the last axis;
    tuple of final forward states; tuple of final backward states).

  Raises:
    ValueError: for empty, non-list or unequal cell lists, or initial
      states that are not one per layer.
  """
  _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
  states_fw, states_bw = [], []
  layer = inputs
  with tf.variable_scope(scope or 'stack_bidirectional_rnn'):
    for index, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
      with tf.variable_scope('cell_%d' % index):
        outputs, (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
            cell_fw, cell_bw, layer,
            initial_state_fw=_layer_states(initial_states_fw, index),
            initial_state_bw=_layer_states(initial_states_bw, index),
            sequence_length=sequence_length,
            parallel_iterations=parallel_iterations, dtype=dtype,
            swap_memory=swap_memory, time_major=time_major)
        layer = tf.concat(outputs, 2)
      states_fw.append(state_fw)
      states_bw.append(state_bw)
  return layer, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_rnn(cells_fw, cells_bw, inputs,
                            initial_states_fw=None, initial_states_bw=None,
                            dtype=None, sequence_length=None, scope=None):
  """Stacked ``tf.compat.v1.nn.static_bidirectional_rnn`` layers over a
  list of ``[batch, depth]`` inputs, one per time step.

  Returns:
    (list of outputs of the last layer, fw and bw concatenated; tuple of
    final forward states; tuple of final backward states).

  Raises:
    ValueError: as for `stack_bidirectional_dynamic_rnn`, or for no inputs.
  """
  _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
  if not inputs:
    raise ValueError('inputs must be a non-empty list of [batch, depth] '
                     'tensors, one per time step.')
  states_fw, states_bw = [], []
  layer = inputs
  with tf.variable_scope(scope or 'stack_bidirectional_rnn'):
    for index, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
      with tf.variable_scope('cell_%d' % index):
        layer, state_fw, state_bw = tf.nn.static_bidirectional_rnn(
            cell_fw, cell_bw, layer,
            initial_state_fw=_layer_states(initial_states_fw, index),
            initial_state_bw=_layer_states(initial_states_bw, index),
            sequence_length=sequence_length, dtype=dtype)
      states_fw.append(state_fw)
      states_bw.append(state_bw)
  return layer, tuple(states_fw), tuple(states_bw)


def transpose_batch_time(x):
  """Swaps the first two axes of `x` (batch-major <-> time-major); a tensor
  of rank < 2 is returned as it is."""
  x = tf.convert_to_tensor(x)
  rank = x.shape.rank
  if rank is not None and rank < 2:
    return x
  dynamic_rank = tf.rank(x)
  order = tf.concat(([1, 0], tf.range(2, dynamic_rank)), axis=0)
  result = tf.transpose(x, order)
  if rank is not None:
    dims = x.shape.as_list()
    result.set_shape([dims[1], dims[0]] + dims[2:])
  return result


def best_effort_input_batch_size(flat_input):
  """The batch size of a list of ``[time, batch, ...]`` inputs: the first
  static one found, else the dynamic size of the first input's axis 1."""
  for value in flat_input:
    shape = value.shape
    if shape.rank is None:
      continue
    if shape.rank < 2:
      raise ValueError('Inputs must have rank >= 2 ([time, batch, ...]), '
                       'got shape %s.' % shape)
    batch = tf.dimension_value(shape[1])
    if batch is not None:
      return batch
  return tf.shape(flat_input[0])[1]
