"""Cell wrappers: `DropoutWrapper`, `ResidualWrapper`, `DeviceWrapper`.

A wrapper has no variable scope of its own: the wrapped cell's weights keep
the names they have unwrapped (``rnn/lstm_cell/kernel``), as in TF 1.x.
"""

import hashlib
import numbers

from slimcompat._compat import tf, tf2
from slimcompat.rnn_cell._base import RNNCell
from slimcompat.rnn_cell._structure import map_up_to
from slimcompat.rnn_cell._structure import selected_parts

__all__ = ['DeviceWrapper', 'DropoutWrapper', 'ResidualWrapper',
           'assert_like_rnncell']


def _has(obj, name):
  try:
    getattr(obj, name)
  except AttributeError:
    return False
  return True


def assert_like_rnncell(cell_name, cell):
  """Raises TypeError unless `cell` has what the TF1 RNN functions use:
  ``output_size``, ``state_size``, ``zero_state`` (or
  ``get_initial_state``) and a call."""
  missing = [text for ok, text in (
      (_has(cell, 'output_size'), "'output_size' property is missing"),
      (_has(cell, 'state_size'), "'state_size' property is missing"),
      (_has(cell, 'get_initial_state') or _has(cell, 'zero_state'),
       "either 'zero_state' or 'get_initial_state' method is required"),
      (callable(cell), 'is not callable')) if not ok]
  if missing:
    raise TypeError('The argument %r (%s) is not an RNNCell: %s.' %
                    (cell_name, cell, ', '.join(missing)))


class CellWrapper(RNNCell):
  """Base of the wrappers: sizes and zero state are the wrapped cell's."""

  def __init__(self, cell, *args, **kwargs):
    super().__init__(*args, **kwargs)
    assert_like_rnncell('cell', cell)
    self.cell = cell

  def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
    raise NotImplementedError

  def __call__(self, inputs, state, scope=None):
    return self._call_wrapped_cell(inputs, state,
                                   cell_call_fn=self.cell.__call__,
                                   scope=scope)

  @property
  def state_size(self):
    return self.cell.state_size

  @property
  def output_size(self):
    return self.cell.output_size

  def zero_state(self, batch_size, dtype):
    with tf2.name_scope(type(self).__name__ + 'ZeroState'):
      return self.cell.zero_state(batch_size, dtype)


def _default_state_filter(substate):
  """Drops out every part of the state except an LSTM's memory `c` (and
  TensorArrays)."""
  from slimcompat.rnn_cell._lstm import LSTMStateTuple  # pylint: disable=import-outside-toplevel
  if isinstance(substate, LSTMStateTuple):
    return LSTMStateTuple(c=False, h=True)
  if isinstance(substate, tf.TensorArray):
    return False
  return True


class DropoutWrapper(CellWrapper):
  """Dropout on a cell's inputs, outputs and (new) state.

  Args:
    cell: the cell to wrap.
    input_keep_prob, output_keep_prob, state_keep_prob: probability of
      keeping each unit (floats in [0, 1] or scalar tensors); 1 means no
      dropout there.
    variational_recurrent: use one dropout mask for every time step
      (Gal and Ghahramani, 2015); needs `dtype`, and `input_size` when the
      inputs are dropped.
    input_size: the depth(s) of the inputs (int, TensorShape or a
      structure of them), for `variational_recurrent`.
    dtype: dtype of the masks, for `variational_recurrent`.
    seed: makes each mask's seed (derived per mask from this one).
    dropout_state_filter_visitor: a function of a part of the state that
      returns True / False (or a structure of them) to say what to drop;
      the default keeps an LSTM's memory `c` intact.
    **kwargs: as for `RNNCell`.

  Raises:
    ValueError: for a constant keep probability outside [0, 1], or
      `variational_recurrent` without `dtype` (or `input_size`).
    TypeError: if `cell` is not a cell or the visitor is not callable.
  """

  def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0,
               state_keep_prob=1.0, variational_recurrent=False,
               input_size=None, dtype=None, seed=None,
               dropout_state_filter_visitor=None, **kwargs):
    if (dropout_state_filter_visitor is not None and
        not callable(dropout_state_filter_visitor)):
      raise TypeError('dropout_state_filter_visitor must be a function of a '
                      'state part, not %r.' % (dropout_state_filter_visitor,))
    assert_like_rnncell('cell', cell)
    probabilities = {}
    with tf2.name_scope('DropoutWrapperInit'):
      for attribute, value in (('input_keep_prob', input_keep_prob),
                               ('state_keep_prob', state_keep_prob),
                               ('output_keep_prob', output_keep_prob)):
        tensor = tf.convert_to_tensor(value)
        constant = tf.get_static_value(tensor)
        if constant is None:
          probabilities[attribute] = tensor
          continue
        if constant < 0 or constant > 1:
          raise ValueError('%s must be between 0 and 1, got %s.' %
                           (attribute, constant))
        probabilities[attribute] = float(constant)
    if variational_recurrent:
      if dtype is None:
        raise ValueError('DropoutWrapper(variational_recurrent=True) needs '
                         'dtype= (the dtype of the masks, e.g. tf.float32).')
      keep_input = probabilities['input_keep_prob']
      if ((not isinstance(keep_input, numbers.Real) or keep_input < 1.0) and
          input_size is None):
        raise ValueError(
            'DropoutWrapper(variational_recurrent=True) with input dropout '
            'needs input_size= (the depth of the inputs), to make the '
            'input mask once.')
    super().__init__(cell, dtype=dtype, **kwargs)
    self._dropout_state_filter = (dropout_state_filter_visitor or
                                  _default_state_filter)
    self._input_keep_prob = probabilities['input_keep_prob']
    self._state_keep_prob = probabilities['state_keep_prob']
    self._output_keep_prob = probabilities['output_keep_prob']
    self._variational_recurrent = variational_recurrent
    self._input_size = input_size
    self._seed = seed
    self._recurrent_input_noise = None
    self._recurrent_state_noise = None
    self._recurrent_output_noise = None
    if variational_recurrent:
      self._make_masks_noise(dtype)

  def _make_masks_noise(self, dtype):
    def noise(prefix):
      def make(index, size):
        shape = tf.concat(([1], tf2.TensorShape(size).as_list()), 0)
        return tf.random.uniform(shape, seed=self._gen_seed(prefix, index),
                                 dtype=dtype)
      return make
    keep_input = self._input_keep_prob
    if not isinstance(keep_input, numbers.Real) or keep_input < 1.0:
      self._recurrent_input_noise = map_up_to(
          self._input_size, noise('input'), self._input_size)
    self._recurrent_state_noise = map_up_to(
        self.cell.state_size, noise('state'), self.cell.state_size)
    self._recurrent_output_noise = map_up_to(
        self.cell.output_size, noise('output'), self.cell.output_size)

  def _gen_seed(self, prefix, index):
    """The seed of mask `index` of kind `prefix`: a hash of the user's seed
    and both, so that masks differ but repeat from run to run."""
    if self._seed is None:
      return None
    text = (str(self._seed) + '%s_%d' % (prefix, index)).encode('utf-8')
    return int(hashlib.md5(text).hexdigest()[:8], 16) & 0x7FFFFFFF

  @property
  def wrapped_cell(self):
    return self.cell

  def build(self, inputs_shape):
    self.cell.build(inputs_shape)
    self.built = True

  def _dropout(self, values, prefix, noise, keep_prob, selected=None):
    if selected is None:
      selected = values
    if not self._variational_recurrent:
      def drop(index, chosen, value):
        if isinstance(chosen, bool) and not chosen:
          return value
        return tf2.nn.dropout(value, rate=1.0 - keep_prob,
                              seed=self._gen_seed(prefix, index))
      return map_up_to(selected, drop, selected, values)

    def drop_variational(index, chosen, value, mask_noise):
      del index
      if isinstance(chosen, bool) and not chosen:
        return value
      kept = tf.floor(keep_prob + mask_noise)
      result = tf.divide(value, keep_prob) * kept
      result.set_shape(value.get_shape())
      return result
    return map_up_to(selected, drop_variational, selected, values, noise)

  def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
    def wanted(keep_prob):
      return not isinstance(keep_prob, float) or keep_prob < 1
    if wanted(self._input_keep_prob):
      inputs = self._dropout(inputs, 'input', self._recurrent_input_noise,
                             self._input_keep_prob)
    output, new_state = cell_call_fn(inputs, state, **kwargs)
    if wanted(self._state_keep_prob):
      selected = selected_parts(self._dropout_state_filter, new_state)
      new_state = self._dropout(new_state, 'state',
                                self._recurrent_state_noise,
                                self._state_keep_prob, selected)
    if wanted(self._output_keep_prob):
      output = self._dropout(output, 'output', self._recurrent_output_noise,
                             self._output_keep_prob)
    return output, new_state


class ResidualWrapper(CellWrapper):
  """Adds the cell's inputs to its outputs (or combines them with
  `residual_fn(inputs, outputs)`).

  Args:
    cell: the cell to wrap; its output must have the inputs' shape unless
      `residual_fn` says otherwise.
    residual_fn: a function of (inputs, outputs); default their sum.
    **kwargs: as for `RNNCell`.
  """

  def __init__(self, cell, residual_fn=None, **kwargs):
    super().__init__(cell, **kwargs)
    self._residual_fn = residual_fn

  def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
    outputs, new_state = cell_call_fn(inputs, state, **kwargs)

    def add(inputs, outputs):
      tf2.nest.assert_same_structure(inputs, outputs)
      tf2.nest.map_structure(
          lambda x, y: x.get_shape().assert_is_compatible_with(y.get_shape()),
          inputs, outputs)
      return tf2.nest.map_structure(lambda x, y: x + y, inputs, outputs)

    return (self._residual_fn or add)(inputs, outputs), new_state


class DeviceWrapper(CellWrapper):
  """Places the cell's ops (and its zero state) on `device`.

  Args:
    cell: the cell to wrap.
    device: a device string or function, as for ``tf.device``.
    **kwargs: as for `RNNCell`.
  """

  def __init__(self, cell, device, **kwargs):
    super().__init__(cell, **kwargs)
    self._device = device

  def zero_state(self, batch_size, dtype):
    with tf2.name_scope(type(self).__name__ + 'ZeroState'):
      with tf.device(self._device):
        return self.cell.zero_state(batch_size, dtype)

  def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
    with tf.device(self._device):
      return cell_call_fn(inputs, state, **kwargs)
