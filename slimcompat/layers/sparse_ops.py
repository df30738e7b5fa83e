"""tf_slim.layers.sparse_ops: dense <-> sparse conversions.

`dense_to_sparse_tensor` keeps the cells that differ from an ignore value;
`indicators_to_sparse_ids` turns a dense multi-hot indicator tensor into sparse
class ids; `sparse_row_envelope` gives the populated length of each row.
"""

import numpy as _np

from slimcompat._compat import tf as _tf
from slimcompat.layers._sparse_cells import (
    keep_cells_other_than as _keep_cells_other_than)

__all__ = ['dense_to_sparse_tensor', 'indicators_to_sparse_ids',
           'sparse_row_envelope']


def _ignore_value(dtype, ignore_value=None):
  """`ignore_value` (default: the dtype's zero, '' for strings) as a tensor."""
  if ignore_value is None:
    ignore_value = '' if dtype == _tf.string else dtype.as_numpy_dtype()
  return _tf.cast(ignore_value, dtype, name='ignore_value')


def dense_to_sparse_tensor(dense_tensor, ignore_value=None):
  """Converts a dense tensor to a SparseTensor without the `ignore_value` cells.

  Args:
    dense_tensor: a tensor (or value convertible to one) of any dtype.
    ignore_value: cells equal to it are left out; None means the dtype's
      default (0, False, '' ...).

  Returns:
    A `tf.SparseTensor` with the dense tensor's shape.
  """
  with _tf.name_scope('DenseToSparseTensor'):
    dense_tensor = _tf.convert_to_tensor(dense_tensor)
    ignore = _ignore_value(dense_tensor.dtype, ignore_value)
    return _keep_cells_other_than(dense_tensor, ignore,
                                 ('indices', 'values', 'dense_shape'))


def indicators_to_sparse_ids(indicators, ignore_value=None, dtype=_tf.int64):
  """Converts dense indicators `(d0, ..., dn, num_classes)` to sparse class ids.

  For every position `(d0, ..., dn)` the ids are the indices along the last
  dimension whose indicator is not `ignore_value`, in increasing order; the
  result has shape `(d0, ..., dn, max_ids)`, where `max_ids` is the largest
  number of ids at any position.

  Args:
    indicators: a dense tensor; its last dimension is the class dimension.
    ignore_value: indicator value meaning "absent"; None means the dtype's
      default (0, False, '').
    dtype: integer `tf.DType` of the returned ids.

  Returns:
    A `tf.SparseTensor` of `dtype`.

  Raises:
    ValueError: if `dtype` is not an integer type.
  """
  try:
    is_integer = dtype.is_integer
  except AttributeError:
    raise AttributeError('dtype must be an integer tf.DType such as '
                         'tf.int64, got %r.' % (dtype,)) from None
  if not is_integer:
    raise ValueError('Invalid dtype {} not integer: pass an integer tf.DType '
                     'such as tf.int64.'.format(dtype))
  with _tf.name_scope(None, 'indicators_to_sparse_ids',
                     (indicators, ignore_value)):
    indicators = _tf.convert_to_tensor(indicators, name='indicators')
    ignore = _ignore_value(indicators.dtype, ignore_value)
    slots, widest_row = _slot_numbers(indicators, ignore)
    return _class_ids_by_slot(slots, widest_row, dtype)


# parity (both helpers below): op names, and the order the ops are made in,
# are the reference's; frozen graphs address them.
def _slot_numbers(indicators, ignore):
  """Numbers the present indicators of each row 1, 2, ... (absent ones 0).

  Returns:
    (a SparseTensor of those numbers, positioned at their class ids; the
    largest number as a [1] tensor, the width of the result).
  """
  absent = _tf.equal(indicators, ignore, name='missing')
  zeros = _tf.zeros_like(indicators, dtype=_tf.int64, name='zeros')
  ones = _tf.ones_like(indicators, dtype=_tf.int64, name='ones')
  present = _tf.where(absent, zeros, ones, name='binary_indicators')
  running_count = _tf.cumsum(present, axis=-1)
  numbers = _tf.where(absent, zeros, running_count,
                     name='row_index_indicators')
  widest_row = _tf.reshape(_tf.reduce_max(numbers), shape=(1,),
                          name='result_last_dim')
  return dense_to_sparse_tensor(numbers, ignore_value=0), widest_row


def _class_ids_by_slot(slots, widest_row, dtype):
  """Swaps roles: the 0-based slot number indexes, the class id is the value."""
  row_index = slots.indices[:, :-1]
  slot_index = _tf.reshape(slots.values - 1, (-1, 1))
  indices = _tf.concat((row_index, slot_index), axis=1, name='indices')
  class_ids = _tf.cast(slots.indices[:, -1], dtype=dtype, name='values')
  dense_shape = _tf.concat((slots.dense_shape[0:-1], widest_row), axis=0,
                          name='dense_shape')
  return _tf.SparseTensor(indices=indices, values=class_ids,
                         dense_shape=dense_shape)


def _is_integral(value):
  return isinstance(value, (int, _np.integer))


def sparse_row_envelope(sparse_input, row_axis=0, col_axis=1, name=None):
  """The populated length of each row of a SparseTensor.

  E.g. indices `[[0, 0], [2, 0], [2, 1], [2, 2]]` with shape `[3, 3]` give
  `[1, 0, 3]`: one past the largest column index in each row (0 if empty).

  Args:
    sparse_input: a `tf.SparseTensor` of rank >= 2.
    row_axis: int, the axis that indexes rows.
    col_axis: int, the axis that indexes columns.
    name: optional name scope.

  Returns:
    A 1-D int64 tensor with one entry per row.

  Raises:
    ValueError: if the axes are not integers or are the same axis.
  """
  if not (_is_integral(row_axis) and _is_integral(col_axis)):
    raise ValueError('`row_axis` and `col_axis` must be integers, got %r and '
                     '%r.' % (row_axis, col_axis))
  if row_axis == col_axis:
    raise ValueError('Row and column can not be the same axis (both are %d); '
                     'pass two different axes.' % row_axis)
  with _tf.name_scope(name, 'sparse_row_envelope', [sparse_input]):
    indices = sparse_input.indices
    rows = indices[:, row_axis]
    cols = indices[:, col_axis]
    num_rows = _tf.cast(sparse_input.dense_shape[row_axis], _tf.int32)
    envelope = _tf.unsorted_segment_max(cols + 1, rows, num_rows, name=name)
    zeros = _tf.zeros_like(envelope)
    return _tf.where(envelope > zeros, envelope, zeros)
