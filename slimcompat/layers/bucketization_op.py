"""tf_slim.layers.bucketization_op: bucketize."""

from slimcompat._compat import tf2 as _tf2

__all__ = ['bucketize']


def bucketize(input_tensor, boundaries, name=None):
  """Replaces each value by the index of the bucket it falls into.

  With sorted `boundaries` `[b0, b1, ..., bn]` a value `v` maps to 0 if
  `v < b0`, to `i` if `b(i-1) <= v < bi`, and to `n + 1` if `v >= bn`.

  Args:
    input_tensor: an int32/int64/float32/float64 tensor.
    boundaries: a sorted list of floats.
    name: optional op name.

  Returns:
    An int32 tensor of `input_tensor`'s shape.

  Raises:
    TypeError: if `boundaries` is not a list.
  """
  return _tf2.raw_ops.Bucketize(input=input_tensor, boundaries=boundaries,
                               name=name)
