"""Fully connected layers: fully_connected and its partials linear, relu,
relu6 and elu.

`fully_connected` creates `weights` ``[in_units, num_outputs]`` and, unless a
normalizer replaces them, `biases` ``[num_outputs]``.  An input of rank above
2 is contracted over its last axis only (``[batch, time, in] -> [batch, time,
num_outputs]``).
"""

import functools

from slimcompat import _argcheck
from slimcompat._compat import tf
from slimcompat.layers import _argcheck as _layer_argcheck
from slimcompat.layers import _dry_run
from slimcompat.layers import _layer_steps
from slimcompat.layers import _variables
from slimcompat.layers import initializers
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = ['fully_connected', 'linear', 'relu', 'relu6', 'elu']


def _check_input(shape, dtype):
  """Checks the input of a fully connected layer; returns its last size.

  Raises:
    ValueError: for a known rank below 2 or an unknown last dimension.
    TypeError: for an input that is neither floating point nor complex.
  """
  if shape.rank is not None and shape.rank < 2:
    raise ValueError('fully_connected expects an input of rank 2 or more '
                     '(batch, ..., units), got shape %s.' % shape)
  if dtype is not None and not (dtype.is_floating or dtype.is_complex):
    raise TypeError('Unable to build a fully connected layer with '
                    'non-floating point dtype %s; cast the input to a float '
                    'type first.' % dtype.name)
  units = None if shape.rank is None else tf.dimension_value(shape[-1])
  if units is None:
    raise ValueError('The last dimension of the inputs to `Dense` should be '
                     'defined. Found `None` in shape %s.' % shape)
  return int(units)


@add_arg_scope
def fully_connected(inputs,
                    num_outputs,
                    activation_fn=tf.nn.relu,
                    normalizer_fn=None,
                    normalizer_params=None,
                    weights_initializer=initializers.xavier_initializer(),
                    weights_regularizer=None,
                    biases_initializer=tf.zeros_initializer(),
                    biases_regularizer=None,
                    reuse=None,
                    variables_collections=None,
                    outputs_collections=None,
                    trainable=True,
                    scope=None):
  """A fully connected layer: a matrix product, then a normalizer or biases,
  then an activation.

  Args:
    inputs: a floating point tensor of rank 2 or more whose last dimension is
      known, e.g. ``[batch, units]``.
    num_outputs: a Python int, the number of output units.
    activation_fn: applied last; None for a linear layer.
    normalizer_fn: applied instead of adding biases, e.g. `batch_norm`.
    normalizer_params: keyword arguments of `normalizer_fn`.
    weights_initializer: initializer of `weights`.
    weights_regularizer: optional regularizer of `weights`.
    biases_initializer: initializer of `biases`; None for no biases.
    biases_regularizer: optional regularizer of `biases`.
    reuse: whether to reuse the variables of `scope`.
    variables_collections: extra collections of the variables: a list, or a
      dict with keys 'weights' and 'biases'.
    outputs_collections: collections the output is added to, aliased by the
      scope name.
    trainable: whether the variables join TRAINABLE_VARIABLES.
    scope: the variable scope; 'fully_connected' (made unique) by default.

  Returns:
    The output tensor, ``inputs.shape[:-1] + [num_outputs]``.

  Raises:
    ValueError: if `num_outputs` is not an int, the rank is below 2 or the
      last dimension is unknown.
    TypeError: if the input is not floating point.
  """
  if isinstance(num_outputs, bool) or not isinstance(num_outputs, int):
    # parity: tf-slim's class is ValueError, TypeError for a bool.
    raise _argcheck.error(
        _argcheck.ValueAndTypeError if isinstance(num_outputs, bool) else
        ValueError, 'fully_connected', 'num_outputs', num_outputs,
        'an int (the number of output units)', 'Pass e.g. num_outputs=10.')
  if num_outputs < 0:
    raise _argcheck.error(ValueError, 'fully_connected', 'num_outputs',
                          num_outputs, 'a non-negative int (the number of '
                          'output units)', 'Pass e.g. num_outputs=10.')
  known_shape = _layer_argcheck.static_shape(inputs)
  num_inputs, dtype = None, _layer_argcheck.static_dtype(inputs)
  if known_shape is not None:
    num_inputs = _check_input(known_shape, dtype)
  has_biases = not normalizer_fn and biases_initializer
  checked = _argcheck.layer_arguments(
      'fully_connected',
      dict(weights_initializer=weights_initializer,
           biases_initializer=biases_initializer),
      dict(weights_regularizer=weights_regularizer,
           biases_regularizer=biases_regularizer),
      activation_fn, normalizer_fn, normalizer_params, variables_collections,
      outputs_collections,
      shapes=dict(weights_initializer=[[num_inputs, num_outputs]],
                  weights_regularizer=[[num_inputs, num_outputs]],
                  biases_initializer=[[num_outputs]] if has_biases else [],
                  biases_regularizer=[[num_outputs]] if has_biases else []),
      dtype=dtype)
  (weights_initializer, biases_initializer, weights_regularizer,
   biases_regularizer) = checked.weights_and_biases()
  if _dry_run.active():
    # Before the reuse check: in a dry run the enclosing scope is not open.
    return _dry_run.output(
        lambda: known_shape[:-1].concatenate([num_outputs]), dtype,
        activation_fn, normalizer_fn)
  _argcheck.reused_variable_exists('fully_connected', scope, reuse,
                                   'weights')
  with tf.variable_scope(scope, 'fully_connected', [inputs],
                         reuse=reuse) as sc:
    inputs = tf.convert_to_tensor(inputs)
    _layer_steps.reserve_layer_name(sc)
    dtype = inputs.dtype.base_dtype
    num_inputs = _check_input(inputs.shape, dtype)
    parameters = _variables.CoreLayerParameters(dtype, trainable,
                                                variables_collections)
    weights = parameters.weights(
        'weights', 'kernel', [num_inputs, num_outputs],
        initializer=weights_initializer, regularizer=weights_regularizer)
    biases = parameters.biases(num_outputs, normalizer_fn,
                               initializer=biases_initializer,
                               regularizer=biases_regularizer)
    rank = inputs.shape.rank
    if rank is None or rank == 2:
      outputs = tf.matmul(inputs, weights)
    else:
      outputs = tf.tensordot(inputs, weights, [[rank - 1], [0]])
      outputs.set_shape(inputs.shape[:-1].concatenate([num_outputs]))
    if biases is not None:
      outputs = tf.nn.bias_add(outputs, biases)
    outputs = _layer_steps.apply_normalizer(outputs, normalizer_fn,
                                            normalizer_params)
    return _layer_steps.activate_and_collect(outputs, sc, activation_fn,
                                             outputs_collections)


_dry_run.register(fully_connected)

# fully_connected with the activation fixed (it can still be overridden).
elu = functools.partial(fully_connected, activation_fn=tf.nn.elu)
relu = functools.partial(fully_connected, activation_fn=tf.nn.relu)
relu6 = functools.partial(fully_connected, activation_fn=tf.nn.relu6)
linear = functools.partial(fully_connected, activation_fn=None)
