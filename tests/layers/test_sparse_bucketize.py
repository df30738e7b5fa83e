"""Unit tests of slimcompat.layers.sparse_ops and bucketization_op.
Parity twin: tests/parity/test_layers_misc.py (dense_to_sparse)."""

import inspect

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf
from slimcompat.layers import bucketization_op
from slimcompat.layers import sparse_ops


def _np_sparse(dense, ignore):
  dense = np.asarray(dense)
  indices = np.argwhere(dense != ignore)
  return indices, dense[tuple(indices.T)], np.array(dense.shape)


@pytest.mark.parametrize('dense,ignore_value,default', [
    ([1, 0, 2, 0], None, 0),
    ([1.5, 0.0, 2.25, 0.0], None, 0.0),
    ([True, False, True, False], None, False),
    ([b'qwe', b'', b'ewq', b''], None, b''),
    ([b'qwe', b'', b'ewq', b''], b'qwe', b'qwe'),
    ([[[1, 2, 0], [3, 0, 5]], [[0, 0, 0], [9, 0, 7]]], 7, 7),
])
def test_dense_to_sparse_tensor(graph, dense, ignore_value, default, run):
  st = sparse_ops.dense_to_sparse_tensor(dense, ignore_value=ignore_value)
  assert st.indices.op.name == 'DenseToSparseTensor/indices'
  assert st.values.op.name == 'DenseToSparseTensor/values'
  assert st.dense_shape.op.name == 'DenseToSparseTensor/dense_shape'
  got = run(st)
  indices, values, shape = _np_sparse(dense, default)
  assert got.indices.dtype == np.int64 and got.dense_shape.dtype == np.int64
  np.testing.assert_array_equal(got.indices, indices)
  np.testing.assert_array_equal(got.values, values)
  # Values keep the dtype the dense input converts to (strings: object).
  want_dtype = tf.convert_to_tensor(dense).dtype
  assert got.values.dtype == (object if want_dtype == tf.string else
                              want_dtype.as_numpy_dtype)
  np.testing.assert_array_equal(got.dense_shape, shape)


def test_dense_to_sparse_tensor_unknown_rank(graph, run):
  ph = tf.placeholder(tf.int32)
  dense = np.array([[1, 2, 0, 0], [3, 4, 5, 0]])
  got = run(sparse_ops.dense_to_sparse_tensor(ph), {ph: dense})
  indices, values, shape = _np_sparse(dense, 0)
  np.testing.assert_array_equal(got.indices, indices)
  np.testing.assert_array_equal(got.values, values)
  np.testing.assert_array_equal(got.dense_shape, shape)


def _np_sparse_ids(indicators, ignore):
  indicators = np.asarray(indicators)
  rows = indicators.reshape(-1, indicators.shape[-1])
  ids = [np.flatnonzero(row != ignore) for row in rows]
  width = max(len(i) for i in ids)
  indices, values = [], []
  for flat, row_ids in enumerate(ids):
    outer = np.unravel_index(flat, indicators.shape[:-1])
    for slot, class_id in enumerate(row_ids):
      indices.append(list(outer) + [slot])
      values.append(class_id)
  return (np.array(indices), np.array(values),
          np.array(list(indicators.shape[:-1]) + [width]))


@pytest.mark.parametrize('indicators,ignore_value,default,dtype', [
    ([0, 1, 1, 0], None, 0, tf.int64),
    ([[[0, 0, 1, 0], [0, 0, 0, 0]], [[1, 0, 1, 1], [0, 0, 1, 0]]], None, 0,
     tf.int64),
    (np.array([[1, -1, 0], [0, 0, 3]], np.int16), None, 0, tf.int32),
    ([[1, 2, 1], [2, 1, 1]], 1, 1, tf.int16),
    ([[b'', b'x', b''], [b'a', b'b', b'']], None, b'', tf.int64),
    ([[b'', b'x', b''], [b'a', b'b', b'']], b'x', b'x', tf.int64),
])
def test_indicators_to_sparse_ids(graph, indicators, ignore_value, default,
                                  dtype, run):
  st = sparse_ops.indicators_to_sparse_ids(indicators,
                                           ignore_value=ignore_value,
                                           dtype=dtype)
  assert st.values.dtype == dtype
  got = run(st)
  indices, values, shape = _np_sparse_ids(indicators, default)
  np.testing.assert_array_equal(got.indices, indices)
  np.testing.assert_array_equal(got.values, values)
  np.testing.assert_array_equal(got.dense_shape, shape)


def test_indicators_to_sparse_ids_unknown_shape(graph, run):
  ph = tf.placeholder(tf.int32, (None, None, None))
  data = np.array([[[0, 1, 1], [0, 0, 0]], [[1, 0, 0], [1, 1, 1]]])
  got = run(sparse_ops.indicators_to_sparse_ids(ph), {ph: data})
  indices, values, shape = _np_sparse_ids(data, 0)
  np.testing.assert_array_equal(got.indices, indices)
  np.testing.assert_array_equal(got.values, values)
  np.testing.assert_array_equal(got.dense_shape, shape)


def test_indicators_to_sparse_ids_bad_dtype(graph):
  with pytest.raises(ValueError, match='not integer'):
    sparse_ops.indicators_to_sparse_ids([[0, 1]], dtype=tf.float32)
  with pytest.raises(AttributeError, match='tf.DType'):
    sparse_ops.indicators_to_sparse_ids([[0, 1]], dtype='int32')


@pytest.mark.parametrize('indices,shape,row_axis,col_axis,want', [
    ([[0, 0], [2, 0], [2, 1], [2, 2]], [3, 3], 0, 1, [1, 0, 3]),
    ([[2, 2], [0, 1], [2, 0]], [4, 3], 0, 1, [2, 0, 3, 0]),
    ([[0, 0], [2, 0], [2, 1], [2, 2]], [3, 3], 1, 0, [3, 3, 3]),
    ([[0, 0], [1, 1]], [3, 3], 1, 0, [1, 2, 0]),
    ([[0, 1, 0], [1, 0, 2], [1, 2, 1]], [2, 3, 4], 1, 2, [3, 1, 2]),
])
def test_sparse_row_envelope(graph, indices, shape, row_axis, col_axis, want, run):
  st = tf.SparseTensor(indices, np.ones(len(indices), np.int64), shape)
  got = run(sparse_ops.sparse_row_envelope(st, row_axis, col_axis))
  np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize('row_axis,col_axis', [(1, 1), (0.0, 1), (0, '1')])
def test_sparse_row_envelope_bad_axes(graph, row_axis, col_axis):
  st = tf.SparseTensor([[0, 0]], [1], [2, 2])
  with pytest.raises(ValueError):
    sparse_ops.sparse_row_envelope(st, row_axis, col_axis)


def test_bucketize(graph, run):
  values = np.array([[-5.0, 0.0], [2.9, 3.0], [10.5, 100.0]], np.float32)
  boundaries = [0.0, 3.0, 10.0]
  out = slim.layers.bucketize(tf.constant(values), boundaries, name='b')
  assert out.op.name == 'b' and out.op.type == 'Bucketize'
  assert out.dtype == tf.int32
  np.testing.assert_array_equal(
      run(out), np.searchsorted(boundaries, values, side='right'))
  with pytest.raises(TypeError):
    bucketization_op.bucketize(tf.constant([1.0]), tf.constant([0.0]))


def test_signatures():
  assert list(inspect.signature(bucketization_op.bucketize).parameters) == [
      'input_tensor', 'boundaries', 'name']
  assert str(inspect.signature(sparse_ops.sparse_row_envelope)) == (
      '(sparse_input, row_axis=0, col_axis=1, name=None)')
