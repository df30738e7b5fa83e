"""`div`: the graph of the deprecated `tf.compat.v1.div`, from current ops.

tf-slim divides with the v1 `div`, which TensorFlow now marks deprecated (its
notice would point at TensorFlow's dispatch code, on behalf of slimcompat).
The op it builds is public under its own name: `RealDiv` for floating and
complex tensors, `FloorDiv` for integers, named "div" unless told otherwise.
Users address these tensors by name (e.g. ".../precision"), so the names and
op types must not change.
"""

from slimcompat._compat import tf


def div(x, y, name=None):
  """`x / y` as the v1 `div` builds it: same op type, same names.

  Args:
    x: `Tensor` or value; its dtype is the result's.
    y: `Tensor` or value, converted to the dtype of `x`.
    name: name of the op (default "div").

  Returns:
    A `Tensor`: `RealDiv` for floating/complex `x`, `FloorDiv` otherwise.

  Raises:
    ValueError: if `y` is a `Tensor` of another dtype than `x` (as the v1
      `div` does).
  """
  with tf.name_scope(name, 'div', [x, y]) as scope:
    x = tf.convert_to_tensor(x, name='x')
    y = tf.convert_to_tensor(y, name='y', dtype=x.dtype.base_dtype)
    if x.dtype.is_floating or x.dtype.is_complex:
      return tf.realdiv(x, y, name=scope)
    return tf.math.floordiv(x, y, name=scope)
