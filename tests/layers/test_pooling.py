"""Unit tests of layers/_pooling.py against plain NumPy pooling.
Parity twin: tests/parity/test_layers_misc.py."""

import inspect

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf
from slimcompat.layers import _pooling as pooling

RNG = np.random.RandomState(3)


def _np_pool(x, window, stride, reduce_fn):
  """VALID pooling of a channels-last array over its middle axes."""
  spatial = x.shape[1:-1]
  out_shape = [(n - k) // s + 1 for n, k, s in zip(spatial, window, stride)]
  out = np.empty([x.shape[0]] + out_shape + [x.shape[-1]], x.dtype)
  for index in np.ndindex(*out_shape):
    box = tuple(slice(i * s, i * s + k)
                for i, k, s in zip(index, window, stride))
    patch = x[(slice(None),) + box + (slice(None),)]
    axes = tuple(range(1, 1 + len(window)))
    out[(slice(None),) + index + (slice(None),)] = reduce_fn(patch, axis=axes)
  return out


@pytest.mark.parametrize('layer,reduce_fn,op_type', [
    (slim.avg_pool2d, np.mean, 'AvgPool'),
    (slim.max_pool2d, np.max, 'MaxPool'),
])
def test_2d_values_names_and_shapes(graph, layer, reduce_fn, op_type, run):
  x = RNG.uniform(size=(2, 7, 8, 3)).astype(np.float32)
  out = layer(x, [3, 2], stride=[2, 3])
  default = {'AvgPool': 'AvgPool2D', 'MaxPool': 'MaxPool2D'}[op_type]
  assert out.op.name == '%s/%s' % (default, op_type)
  assert out.shape.as_list() == [2, 3, 3, 3]
  np.testing.assert_allclose(run(out), _np_pool(x, (3, 2), (2, 3), reduce_fn),
                             rtol=1e-6)


@pytest.mark.parametrize('layer,reduce_fn', [
    (slim.avg_pool3d, np.mean),
    (slim.max_pool3d, np.max),
])
def test_3d_values_and_channels_first(graph, layer, reduce_fn, run):
  x = RNG.uniform(size=(2, 4, 5, 6, 3)).astype(np.float32)
  want = _np_pool(x, (2, 2, 3), (1, 2, 3), reduce_fn)
  last = layer(x, [2, 2, 3], stride=[1, 2, 3], scope='p')
  first = layer(x.transpose(0, 4, 1, 2, 3), [2, 2, 3], stride=[1, 2, 3],
                data_format='NCDHW')
  assert last.op.name == 'p/' + last.op.type
  assert first.op.name.endswith('/transpose_1')
  got_last, got_first = run([last, first])
  np.testing.assert_allclose(got_last, want, rtol=1e-6)
  np.testing.assert_allclose(got_first, want.transpose(0, 4, 1, 2, 3),
                             rtol=1e-6)


def test_same_padding_and_int_arguments(graph):
  x = tf.ones((5, 3, 6, 3))
  assert slim.avg_pool2d(x, 3, padding='SAME').shape.as_list() == [5, 2, 3, 3]
  assert slim.max_pool2d(x, 3, stride=1,
                         padding='same').shape.as_list() == [5, 3, 6, 3]
  nchw = slim.max_pool2d(tf.ones((5, 3, 3, 6)), 3, padding='SAME',
                         data_format='NCHW')
  assert nchw.shape.as_list() == [5, 3, 2, 3]
  assert nchw.op.get_attr('data_format') == b'NCHW'


def test_global_pool_from_tensor_shape(graph):
  x = tf.ones((5, 3, 6, 3))
  assert slim.avg_pool2d(x, x.shape[1:3],
                         stride=1).shape.as_list() == [5, 1, 1, 3]


def test_outputs_collections_alias(graph):
  out = slim.max_pool2d(tf.ones((1, 4, 4, 1)), 2, scope='pool1',
                        outputs_collections=['a', 'b'])
  assert tf.get_collection('a') == [out] and tf.get_collection('b') == [out]
  assert out.aliases == ['pool1']


def test_arg_scope_sets_defaults(graph):
  with slim.arg_scope([slim.avg_pool2d], padding='SAME', stride=1):
    out = slim.avg_pool2d(tf.ones((1, 4, 4, 1)), 3)
  assert out.shape.as_list() == [1, 4, 4, 1]


@pytest.mark.parametrize('call', [
    lambda x: slim.avg_pool2d(x, 2, data_format='CHWN'),
    lambda x: slim.max_pool3d(x, 2, data_format='NHWC'),
    lambda x: slim.max_pool2d(x[0], 2),
    lambda x: slim.max_pool2d(x, [2, 2, 2]),
    lambda x: slim.max_pool2d(x, [2, 'a']),
    lambda x: slim.avg_pool2d(x, 2, stride=None),
    lambda x: slim.avg_pool2d(x, 2, padding='FULL'),
    lambda x: slim.pool(x[0, 0], 2, 'AVG'),
    lambda x: slim.pool(tf.placeholder(tf.float32), 2, 'AVG'),
    lambda x: slim.pool(x, [2, 2, 2], 'MAX'),
    lambda x: slim.pool(x, 0, 'MAX'),
])
def test_bad_arguments_raise_value_error(graph, call):
  with pytest.raises(ValueError):
    call(tf.ones((2, 4, 4, 3)))
  assert graph.get_name_scope() == ''


def test_padding_must_be_a_string(graph):
  with pytest.raises(AttributeError, match='VALID'):
    slim.max_pool2d(tf.ones((2, 4, 4, 3)), 2, padding=1)


def test_pool_avg_max_dilated(graph, run):
  x = RNG.uniform(size=(2, 5, 8, 3)).astype(np.float32)
  avg = slim.pool(x, [2, 3], 'AVG')
  mx = slim.pool(x, [2, 2], 'MAX', stride=2, scope='pool1')
  dilated = slim.pool(x, [2, 3], 'AVG', dilation_rate=[1, 2])
  assert avg.op.name == 'avg_pool' and mx.op.name == 'pool1'
  assert dilated.shape.as_list() == [2, 4, 4, 3]
  got_avg, got_max, got_dilated = run([avg, mx, dilated])
  np.testing.assert_allclose(got_avg, _np_pool(x, (2, 3), (1, 1), np.mean),
                             rtol=1e-5)
  np.testing.assert_allclose(got_max, _np_pool(x, (2, 2), (2, 2), np.max))
  # A dilation of 2 along the width samples every other column.
  want = np.stack([_np_pool(x[:, :, start::2], (2, 3), (1, 1), np.mean)
                   for start in (0, 1)], axis=3)
  want = want.reshape(2, 4, 4, 3)
  np.testing.assert_allclose(got_dilated, want, rtol=1e-5)


def test_signatures_and_arg_scope_decoration():
  for name in pooling.__all__:
    fn = getattr(pooling, name)
    assert slim.has_arg_scope(fn)
    params = list(inspect.signature(fn).parameters)
    assert params[-2:] == ['outputs_collections', 'scope']
