"""`LayerNormBasicLSTMCell`: TF 1.x contrib's LSTM with layer normalisation
(Ba et al., 2016) of each gate and of the new memory, and optional
recurrent dropout of the candidate (Semeniuta et al., 2016).

Variables, in the cell's scope (``layer_norm_basic_lstm_cell``): ``kernel``
over ``[inputs, h]`` (gate order input, candidate, forget, output), then
``gamma`` / ``beta`` under ``input``, ``transform``, ``forget``, ``output``
and ``state``; a ``bias`` only without layer norm.
"""

from slimcompat._compat import tf, tf2
from slimcompat.rnn_cell._base import RNNCell
from slimcompat.rnn_cell._lstm import LSTMStateTuple

__all__ = ['LayerNormBasicLSTMCell']

_EPSILON = 1e-12  # what contrib's layer_norm used


class LayerNormBasicLSTMCell(RNNCell):
  """LSTM with layer normalisation and recurrent dropout.

  Args:
    num_units: size of the memory and output.
    forget_bias: added to the forget gate's pre-activation.
    input_size: unused (kept for TF 1.x's signature).
    activation: of the candidate and the output; default tanh.
    layer_norm: normalise the gates and the memory.
    norm_gain: initial gain (``gamma``) of the normalisations.
    norm_shift: initial shift (``beta``) of the normalisations.
    dropout_keep_prob: keep probability of the candidate (float or scalar
      tensor); 1.0 is no dropout.
    dropout_prob_seed: op seed of that dropout.
    reuse: whether to reuse the variables of an existing scope.
  """

  def __init__(self, num_units, forget_bias=1.0, input_size=None,
               activation=tf.tanh, layer_norm=True, norm_gain=1.0,
               norm_shift=0.0, dropout_keep_prob=1.0, dropout_prob_seed=None,
               reuse=None):
    super().__init__(_reuse=reuse)
    del input_size  # TF 1.x only logged that it ignores it
    self._num_units = num_units
    self._activation = activation
    self._forget_bias = forget_bias
    self._keep_prob = dropout_keep_prob
    self._seed = dropout_prob_seed
    self._layer_norm = layer_norm
    self._norm_gain = norm_gain
    self._norm_shift = norm_shift

  @property
  def state_size(self):
    return LSTMStateTuple(self._num_units, self._num_units)

  @property
  def output_size(self):
    return self._num_units

  def _norm(self, values, scope, dtype):
    shape = values.get_shape()[-1:]
    with tf.variable_scope(scope):
      gamma = tf.get_variable('gamma', shape=shape, dtype=dtype,
                              initializer=tf.constant_initializer(
                                  self._norm_gain))
      beta = tf.get_variable('beta', shape=shape, dtype=dtype,
                             initializer=tf.constant_initializer(
                                 self._norm_shift))
      with tf2.name_scope('LayerNorm'):
        mean, variance = tf.nn.moments(values, [1], keep_dims=True)
        return tf.nn.batch_normalization(values, mean, variance, beta, gamma,
                                         _EPSILON)

  def call(self, inputs, state):
    c, h = state
    joined = tf.concat([inputs, h], 1)
    dtype = joined.dtype
    kernel = tf.get_variable(
        'kernel', [tf.dimension_value(joined.shape[-1]), 4 * self._num_units],
        dtype=dtype)
    gates = tf.matmul(joined, kernel)
    if not self._layer_norm:
      bias = tf.get_variable('bias', [4 * self._num_units], dtype=dtype)
      gates = tf.nn.bias_add(gates, bias)
    i, j, f, o = tf.split(value=gates, num_or_size_splits=4, axis=1)
    if self._layer_norm:
      i = self._norm(i, 'input', dtype)
      j = self._norm(j, 'transform', dtype)
      f = self._norm(f, 'forget', dtype)
      o = self._norm(o, 'output', dtype)
    candidate = self._activation(j)
    if not isinstance(self._keep_prob, float) or self._keep_prob < 1:
      candidate = tf2.nn.dropout(candidate, rate=1 - self._keep_prob,
                                 seed=self._seed)
    new_c = c * tf.sigmoid(f + self._forget_bias) + tf.sigmoid(i) * candidate
    if self._layer_norm:
      new_c = self._norm(new_c, 'state', dtype)
    new_h = self._activation(new_c) * tf.sigmoid(o)
    return new_h, LSTMStateTuple(new_c, new_h)
