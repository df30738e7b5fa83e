"""legacy_fully_connected and its partials legacy_linear / legacy_relu.

The fully connected layer of the first slim release: plain
`tf.get_variable` parameters `weights` and `bias` (not model variables),
collections given per variable, and the output always added to ACTIVATIONS.
"""

import functools

from slimcompat._compat import tf
from slimcompat.layers import _argcheck as _layer_argcheck
from slimcompat.layers import initializers

__all__ = ['legacy_fully_connected', 'legacy_linear', 'legacy_relu']


def legacy_fully_connected(x,
                           num_output_units,
                           activation_fn=None,
                           weight_init=initializers.xavier_initializer(),
                           bias_init=tf.zeros_initializer(),
                           name=None,
                           weight_collections=(tf.GraphKeys.WEIGHTS,),
                           bias_collections=(tf.GraphKeys.BIASES,),
                           output_collections=(tf.GraphKeys.ACTIVATIONS,),
                           trainable=True,
                           weight_regularizer=None,
                           bias_regularizer=None):
  """``y = activation_fn(x . weights + bias)``.

  An input of rank n > 2 is multiplied along its last axis: it is reshaped to
  2-D for the product and back to ``x.shape[:-1] + [num_output_units]``.
  The variables can be reused through `tf.compat.v1.variable_scope` or
  `tf.compat.v1.make_template`.

  Args:
    x: the input tensor, rank 2 or more with a known last dimension.
    num_output_units: the output size.
    activation_fn: applied last; None (the default) for a linear layer.
    weight_init: initializer of `weights` (Xavier by default).
    bias_init: initializer of `bias` (zeros); None for no bias.
    name: the variable scope; 'fully_connected' (made unique) by default.
    weight_collections: collections of `weights` besides GLOBAL_VARIABLES.
    bias_collections: collections of `bias` besides GLOBAL_VARIABLES.
    output_collections: collections of the output besides ACTIVATIONS.
    trainable: whether the variables join TRAINABLE_VARIABLES.
    weight_regularizer: optional regularizer of `weights`.
    bias_regularizer: optional regularizer of `bias`.

  Returns:
    The output tensor.

  Raises:
    ValueError: if the rank of `x` is unknown or below 2, or its last
      dimension is unknown.
  """
  known_shape = _layer_argcheck.static_shape(x)
  if known_shape is not None:
    _input_units(known_shape)
  with tf.variable_scope(name, 'fully_connected', [x]):
    x = tf.convert_to_tensor(x)
    dims = x.get_shape().dims
    num_input_units = _input_units(x.get_shape())
    dtype = x.dtype.base_dtype
    weights = tf.get_variable(
        'weights',
        shape=[num_input_units, num_output_units],
        dtype=dtype,
        initializer=weight_init,
        collections=_with_globals(weight_collections),
        regularizer=weight_regularizer,
        trainable=trainable)
    flat_x = x if len(dims) <= 2 else tf.reshape(x, [-1, num_input_units])
    y = tf.matmul(flat_x, weights)
    if bias_init is not None:
      bias = tf.get_variable(
          'bias',
          shape=[num_output_units],
          dtype=dtype,
          initializer=bias_init,
          collections=_with_globals(bias_collections),
          regularizer=bias_regularizer,
          trainable=trainable)
      y = tf.nn.bias_add(y, bias)
    if len(dims) > 2:
      out_shape = tf.unstack(tf.shape(x))
      out_shape[-1] = num_output_units
      y = tf.reshape(y, tf.stack(out_shape))
      static_shape = x.get_shape().as_list()
      static_shape[-1] = num_output_units
      y.set_shape(static_shape)
    if activation_fn is not None:
      y = activation_fn(y)
    tf.add_to_collections(
        list(output_collections or []) + [tf.GraphKeys.ACTIVATIONS], y)
    return y


def _input_units(shape):
  """The last dimension of `shape`, checked as legacy_fully_connected needs.

  Raises:
    ValueError: if the rank is unknown or below 2, or the last dimension is
      unknown.
  """
  if shape.rank is None:
    raise ValueError('dims of x must be known but is None: the input needs '
                     'a known rank.')
  if shape.rank < 2:
    raise ValueError('rank of x must be at least 2 not: %d' % shape.rank)
  units = tf.dimension_value(shape[-1])
  if units is None:
    raise ValueError('last dimension of x must be known but is None: give '
                     'the input a static last dimension.')
  return units


def _with_globals(collections):
  return set(list(collections or []) + [tf.GraphKeys.GLOBAL_VARIABLES])


# legacy_fully_connected with the activation fixed.
legacy_relu = functools.partial(legacy_fully_connected,
                                activation_fn=tf.nn.relu)
legacy_linear = functools.partial(legacy_fully_connected, activation_fn=None)
