"""The sparse view of a dense tensor that `sparse_ops` and `dense_to_sparse` share."""

from slimcompat._compat import tf


def keep_cells_other_than(dense, ignore, names=(None, None, None)):
  """A SparseTensor of the cells of `dense` that differ from `ignore`.

  Args:
    dense: a tensor.
    ignore: a scalar tensor of `dense`'s dtype.
    names: op names for the indices, values and dense_shape (None: default).

  Returns:
    A `tf.SparseTensor` with int64 indices and dense_shape.
  """
  indices_name, values_name, shape_name = names
  indices = tf.where(tf.not_equal(dense, ignore), name=indices_name)
  return tf.SparseTensor(
      indices=indices,
      values=tf.gather_nd(dense, indices, name=values_name),
      dense_shape=tf.shape(dense, out_type=tf.int64, name=shape_name))
