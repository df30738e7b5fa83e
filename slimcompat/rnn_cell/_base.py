"""`RNNCell`: the base class of TF 1.x's recurrent cells, on slimcompat's TF1
layer base (variable scopes, no Keras).

A cell is a TF1 layer called as ``cell(inputs, state)`` that returns
``(output, new_state)`` and describes its state with `state_size` and
`output_size`, which is all ``tf.compat.v1.nn.dynamic_rnn`` and its
siblings look at.  The first call fixes the cell's variable scope inside the
variable scope current then (``rnn/basic_lstm_cell`` under dynamic_rnn);
later calls reuse it.
"""

from slimcompat._compat import tf, tf2
from slimcompat.rnn_cell import _activations
from slimcompat.v1_layers._base import Layer
from slimcompat.v1_layers._input_spec import InputSpec

__all__ = ['RNNCell']

_SCOPE_ATTRIBUTE = 'rnncell_scope'


def check_float_dtype(dtype):
  """Raises ValueError unless `dtype` (None allowed) is floating or complex:
  TF1's cells refuse integer inputs and weights."""
  if dtype is None:
    return
  dtype = tf2.as_dtype(dtype)
  if not (dtype.is_floating or dtype.is_complex):
    raise ValueError('RNN cells only take floating point (or complex) '
                     'inputs and dtypes, but got %s; cast the inputs, e.g. '
                     'tf.cast(inputs, tf.float32).' % dtype.name)


def check_tensor_dtypes(values):
  for value in tf2.nest.flatten(values):
    check_float_dtype(value.dtype)


def last_dimension(shape, cell_name):
  """The size of the last axis of `shape` (a TensorShape), which a cell
  needs to size its kernel; ValueError when it is unknown."""
  shape = tf2.TensorShape(shape)
  depth = None if shape.rank is None else tf.dimension_value(shape[-1])
  if depth is None:
    raise ValueError('%s needs inputs whose last dimension is known to size '
                     'its weights, but got inputs of shape %s; give the '
                     'input placeholder a static last dimension.' %
                     (cell_name, shape))
  return depth


def check_units(value, what='num_units'):
  """`value` as an int, for a size argument of a cell (num_units, num_proj).

  Raises:
    TypeError: if it is not an integer.
    ValueError: if it is negative.
  """
  if isinstance(value, bool) or not hasattr(value, '__index__'):
    raise TypeError('%s must be an integer (the number of units), not %r.'
                    % (what, value))
  if value.__index__() < 0:
    raise ValueError('%s must be >= 0 (a number of units), not %r.' %
                     (what, value))
  return value.__index__()


def check_state_structure(cell, state):
  """Raises TypeError for one tensor where the cell's state is a tuple, and
  ValueError for a tuple where it is one tensor, before any weight is made
  (the classes TF1 raised for these mistakes, later)."""
  expected = cell.state_size
  if tf2.nest.is_nested(expected) and not tf2.nest.is_nested(state):
    raise TypeError(
        '%s expects its state as a %s of %d parts (state_size=%s) but got '
        'one tensor %s; pass cell.zero_state(batch_size, dtype), or build '
        'the cell with state_is_tuple=False.' %
        (cell.name, type(expected).__name__, len(expected), expected, state))
  if not tf2.nest.is_nested(expected) and tf2.nest.is_nested(state):
    raise ValueError(
        '%s expects its state as one tensor of size %s but got a %s; pass '
        'cell.zero_state(batch_size, dtype).' %
        (cell.name, expected, type(state).__name__))


def _static_value(value):
  if isinstance(value, (tf2.Tensor, tf2.Variable)):
    return tf.get_static_value(value)
  return value


def _batch_shape(batch_size, size):
  """[batch_size] + size as a shape to build zeros of, and its static
  version (a list, None for unknown axes)."""
  size = tf2.TensorShape(size).as_list()
  static_batch = _static_value(batch_size)
  static = [None if static_batch is None else int(static_batch)] + size
  if tf2.is_tensor(batch_size):
    dynamic = tf.concat([tf.reshape(tf.cast(batch_size, tf.int32), [1]),
                         tf.constant(size, dtype=tf.int32)], 0)
  else:
    dynamic = [batch_size] + size
  return dynamic, static


def zero_state_tensors(state_size, batch_size, dtype):
  """Zeros shaped ``[batch_size] + s`` for each size `s` of `state_size`."""
  def zeros(size):
    if size is None:
      raise ValueError('A state size is None (state_size=%s): give the cell '
                       'an integer number of units.' % (state_size,))
    if not isinstance(size, (tf2.TensorShape, list, tuple)):
      check_units(size, 'A state size')
    dynamic, static = _batch_shape(batch_size, size)
    value = tf.zeros(dynamic, dtype=dtype)
    value.set_shape(static)
    return value
  return tf2.nest.map_structure(zeros, state_size)


class RNNCell(Layer):
  """Base class of TF1 recurrent cells (``tf.compat.v1.nn.rnn_cell.RNNCell``).

  A subclass defines `state_size` and `output_size` and computes one step in
  ``call(inputs, state)``, returning ``(output, new_state)``.  It can make
  weights in `build` with `add_weight` / `add_variable`, or call
  ``tf.compat.v1.get_variable`` in `call`: either way the variables land in
  the cell's scope and in its weight lists.

  Args:
    trainable: whether the cell's weights are trainable.
    name: the cell's name, which is also the base of its variable scope.
    dtype: dtype of the weights; None takes the first input's.
    **kwargs: as for ``tf.compat.v1.layers.Layer``.
  """

  def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
    super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
    self._is_tf_rnn_cell = True

  def __call__(self, inputs, state, scope=None):
    """Runs one step: ``(output, new_state)`` for `inputs` of shape
    ``[batch, depth]`` and `state` shaped as `state_size` says.

    Args:
      inputs: a 2-D tensor.
      state: a tensor, or a structure of tensors matching `state_size`.
      scope: a variable scope (or its name) to use instead of the cell's
        own, for the first call.
    """
    self._check_state(state)
    if scope is not None:
      with tf.variable_scope(scope,
                             custom_getter=self._rnn_get_variable) as opened:
        return super().__call__(inputs, state, scope=opened)
    # Captured once, so that every later call re-enters the scope current at
    # the first call, wherever it is made from.
    captured = getattr(self, _SCOPE_ATTRIBUTE, None)
    if captured is None:
      captured = tf.variable_scope(tf.get_variable_scope(),
                                   custom_getter=self._rnn_get_variable)
      setattr(self, _SCOPE_ATTRIBUTE, captured)
    with captured:
      return super().__call__(inputs, state)

  def _rnn_get_variable(self, getter, *args, **kwargs):
    """Custom getter: lists each variable made by `call` in the cell's
    weights (trainable or not, as the graph collection says)."""
    variable = getter(*args, **kwargs)
    parts = [variable] if isinstance(variable, tf2.Variable) else list(variable)
    listed = {id(v) for v in tf.get_collection_ref(
        tf.GraphKeys.TRAINABLE_VARIABLES)}
    trainable = id(parts[0]) in listed
    target = self._trainable_weights if trainable else (
        self._non_trainable_weights)
    if all(variable is not known for known in target):
      target.append(variable)
    return variable

  def _check_state(self, state):
    """Refuses a `state` of the wrong structure before anything is made."""
    check_state_structure(self, state)

  @property
  def state_size(self):
    """An int, a TensorShape, or a structure of them: the state's size."""
    raise NotImplementedError('Abstract method')

  @property
  def output_size(self):
    """An int or a TensorShape: the size of one step's output."""
    raise NotImplementedError('Abstract method')

  def build(self, _):
    pass

  def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
    """The zero state, with batch size and dtype from `inputs` if given.

    Raises:
      ValueError: if `inputs` disagrees with `batch_size` or `dtype`, or
        neither gives a batch size and a dtype.
    """
    if inputs is not None:
      inputs = tf.convert_to_tensor(inputs, name='inputs')
      static_batch = tf.dimension_value(inputs.shape[0])
      if batch_size is not None:
        wanted = (tf.get_static_value(batch_size, partial=True)
                  if tf2.is_tensor(batch_size) else batch_size)
        if static_batch != wanted:
          raise ValueError(
              'get_initial_state got inputs with batch size %s but '
              'batch_size=%s; pass one of them, or matching values.' %
              (static_batch, batch_size))
      if dtype is not None and inputs.dtype != dtype:
        raise ValueError(
            'get_initial_state got inputs of dtype %s but dtype=%s; pass '
            'one of them, or matching values.' % (inputs.dtype.name, dtype))
      batch_size = static_batch or tf.shape(inputs)[0]
      dtype = inputs.dtype
    if batch_size is None or dtype is None:
      raise ValueError(
          'get_initial_state needs a batch size and a dtype (got '
          'batch_size=%s, dtype=%s): pass both, or inputs to take them '
          'from.' % (batch_size, dtype))
    return self.zero_state(batch_size, dtype)

  def zero_state(self, batch_size, dtype):
    """Zero-filled state tensor(s) of shape ``[batch_size, s]`` for each
    size `s` of `state_size`."""
    with tf2.name_scope(type(self).__name__ + 'ZeroState'):
      return zero_state_tensors(self.state_size, batch_size, dtype)

  def get_config(self):
    return {'name': self.name, 'trainable': self.trainable,
            'dtype': self.dtype}


class LayerRNNCell(RNNCell):
  """A cell whose weights are all made with `add_weight` in `build`: it is
  called as a plain TF1 layer, without the tracking getter."""

  def __call__(self, inputs, state, scope=None, *args, **kwargs):
    self._check_state(state)
    return Layer.__call__(self, inputs, state, *args, scope=scope, **kwargs)


class UnitsCell(LayerRNNCell):
  """What the built-in cells share: `num_units` units over 2-D inputs of a
  floating dtype, an activation, and a state and output of `num_units`
  (cells with another state override `state_size`)."""

  def __init__(self, num_units, activation=None, reuse=None, name=None,
               dtype=None, **kwargs):
    super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
    check_float_dtype(self.dtype)
    self.input_spec = InputSpec(ndim=2)
    self._num_units = num_units
    self._activation = _activations.activation(activation)

  @property
  def state_size(self):
    return self._num_units

  @property
  def output_size(self):
    return self._num_units

  def _depth_and_units(self, inputs_shape):
    """(input depth, num_units) for `build`, both checked."""
    depth = last_dimension(inputs_shape, self.name)
    check_float_dtype(self.dtype)
    return depth, check_units(self._num_units)

  def get_config(self):
    config = super().get_config()
    config.update(num_units=self._num_units, reuse=self._reuse)
    return config
