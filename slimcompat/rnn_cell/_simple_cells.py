"""`BasicRNNCell` and `GRUCell`: the one-state TF1 cells.

Variable names are TF 1.x's, so its checkpoints load: ``kernel`` / ``bias``
for the plain cell; ``gates/kernel``, ``gates/bias`` (reset and update
gates, in that order, bias 1 by default) and ``candidate/kernel``,
``candidate/bias`` for the GRU.  Kernels act on ``[inputs, state]``
concatenated.
"""

from slimcompat._compat import tf
from slimcompat.rnn_cell import _activations
from slimcompat.rnn_cell._base import UnitsCell
from slimcompat.rnn_cell._base import check_tensor_dtypes

__all__ = ['BasicRNNCell', 'GRUCell']


def dense_step(inputs, state, kernel, bias):
  """``[inputs, state] @ kernel + bias``: the affine map every TF1 cell
  applies to its input and previous output."""
  return tf.nn.bias_add(tf.matmul(tf.concat([inputs, state], 1), kernel),
                        bias)


class BasicRNNCell(UnitsCell):
  """The plain recurrent cell: ``output = new_state = act(W [x, h] + b)``.

  Args:
    num_units: size of the state and output.
    activation: default tanh.
    reuse: whether to reuse the variables of an existing scope.
    name: the cell's name (its variable scope); default ``basic_rnn_cell``.
    dtype: dtype of the weights; default the inputs'.
    **kwargs: as for ``tf.compat.v1.layers.Layer``.
  """

  def __init__(self, num_units, activation=None, reuse=None, name=None,
               dtype=None, **kwargs):
    super().__init__(num_units, activation=activation, reuse=reuse,
                     name=name, dtype=dtype, **kwargs)

  def build(self, inputs_shape):
    depth, units = self._depth_and_units(inputs_shape)
    self._kernel = self.add_weight('kernel', shape=[depth + units, units])
    self._bias = self.add_weight(
        'bias', shape=[units],
        initializer=tf.zeros_initializer(dtype=self.dtype))
    self.built = True

  def call(self, inputs, state):
    check_tensor_dtypes([inputs, state])
    output = self._activation(dense_step(inputs, state, self._kernel,
                                         self._bias))
    return output, output


class GRUCell(UnitsCell):
  """The gated recurrent unit of Cho et al. (2014), TF 1.x's formulation.

  ``r, u = sigmoid(W_g [x, h] + b_g)``,
  ``c = act(W_c [x, r * h] + b_c)``, ``h' = u * h + (1 - u) * c``.

  Args:
    num_units: size of the state and output.
    activation: default tanh.
    reuse: whether to reuse the variables of an existing scope.
    kernel_initializer: for both kernels; default the scope's (glorot
      uniform).
    bias_initializer: for both biases; default 1 for the gates, 0 for the
      candidate.
    name: the cell's name (its variable scope); default ``gru_cell``.
    dtype: dtype of the weights; default the inputs'.
    **kwargs: as for ``tf.compat.v1.layers.Layer``.
  """

  def __init__(self, num_units, activation=None, reuse=None,
               kernel_initializer=None, bias_initializer=None, name=None,
               dtype=None, **kwargs):
    super().__init__(num_units, activation=activation, reuse=reuse,
                     name=name, dtype=dtype, **kwargs)
    self._kernel_initializer = _activations.initializer(kernel_initializer)
    self._bias_initializer = _activations.initializer(bias_initializer)

  def build(self, inputs_shape):
    depth, units = self._depth_and_units(inputs_shape)
    self._gate_kernel = self.add_weight(
        'gates/kernel', shape=[depth + units, 2 * units],
        initializer=self._kernel_initializer)
    self._gate_bias = self.add_weight(
        'gates/bias', shape=[2 * units],
        initializer=self._bias_initializer or tf.constant_initializer(
            1.0, dtype=self.dtype))
    self._candidate_kernel = self.add_weight(
        'candidate/kernel', shape=[depth + units, units],
        initializer=self._kernel_initializer)
    self._candidate_bias = self.add_weight(
        'candidate/bias', shape=[units],
        initializer=self._bias_initializer or tf.zeros_initializer(
            dtype=self.dtype))
    self.built = True

  def call(self, inputs, state):
    check_tensor_dtypes([inputs, state])
    gates = tf.sigmoid(dense_step(inputs, state, self._gate_kernel,
                                  self._gate_bias))
    reset, update = tf.split(value=gates, num_or_size_splits=2, axis=1)
    candidate = self._activation(dense_step(
        inputs, reset * state, self._candidate_kernel, self._candidate_bias))
    new_h = update * state + (1 - update) * candidate
    return new_h, new_h
