"""unit_norm and poincare_normalize: rescaling slices to a bounded L2 norm."""

from slimcompat._compat import tf
from slimcompat.ops.arg_scope import add_arg_scope

# poincare_normalize is a module-level name of tf_slim.layers.layers that its
# __all__ leaves out; layers.py picks it up from here.
__all__ = ['poincare_normalize', 'unit_norm']


@add_arg_scope
def unit_norm(inputs, dim, epsilon=1e-7, scope=None):
  """Scales `inputs` to unit L2 norm along axis `dim`.

  Args:
    inputs: a tensor of known rank.
    dim: the axis to normalize along, 0 <= dim < rank.
    epsilon: added to the squared norm before the square root.
    scope: optional variable scope (default 'UnitNorm').

  Returns:
    ``inputs / sqrt(epsilon + sum(inputs**2, dim))``.

  Raises:
    ValueError: if the rank is unknown or `dim` is not an axis of `inputs`.
  """
  inputs = tf.convert_to_tensor(inputs)
  shape = inputs.get_shape()
  if shape.ndims is None:
    raise ValueError('The input rank must be known to normalize along an '
                     'axis; got an input of unknown rank.')
  rank = shape.ndims
  if dim < 0 or dim >= rank:
    raise ValueError('dim must be positive but smaller than the input rank: '
                     'got dim=%d for rank %d.' % (dim, rank))
  with tf.variable_scope(scope, 'UnitNorm', [inputs]):
    lengths = tf.sqrt(epsilon + tf.reduce_sum(tf.square(inputs), dim, True))
    # Repeat the norms along `dim` only; every other multiple is 1.
    multiples = []
    if dim > 0:
      multiples.append(tf.ones([dim], tf.int32))
    multiples.append(tf.strided_slice(tf.shape(inputs), [dim], [dim + 1]))
    if dim < rank - 1:
      multiples.append(tf.ones([rank - 1 - dim], tf.int32))
    tiled = tf.tile(lengths, tf.concat(multiples, 0))
    # What the deprecated tf.div builds, without its warning: one RealDiv op
    # named 'div' (sqrt has already rejected integer inputs).
    with tf.name_scope(None, 'div', [inputs, tiled]) as name:
      return tf.realdiv(inputs, tiled, name=name)


def poincare_normalize(x, axis=1, epsilon=1e-5, name=None):
  """Projects each slice along `axis` into the Poincaré ball.

  A slice whose L2 norm exceeds ``1 - epsilon`` is scaled down to that norm;
  others are left as they are (Nickel & Kiela, 2017).

  Args:
    x: a tensor.
    axis: the axis, or list of axes, of the slices.
    epsilon: distance kept from the unit sphere.
    name: optional name of the op (default 'poincare_normalize').

  Returns:
    A tensor of the shape of `x`.
  """
  with tf.name_scope(name, 'poincare_normalize', [x]) as name:
    x = tf.convert_to_tensor(x, name='x')
    inverse_norm = tf.rsqrt(tf.reduce_sum(tf.square(x), axis, keepdims=True))
    scale = tf.minimum((1. - epsilon) * inverse_norm, 1.)
    return tf.multiply(x, scale, name=name)
