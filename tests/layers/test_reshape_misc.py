"""Unit tests of the reshape, dropout, activation and composition layers.
Parity twin: tests/parity/test_layers_misc.py."""

import functools
import inspect
import math

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf
from slimcompat.layers import _activations as activations
from slimcompat.layers import _composition as composition
from slimcompat.layers import _dropout as dropout_layer
from slimcompat.layers import layers as layers_lib
from slimcompat.layers import _reshape as reshape

RNG = np.random.RandomState(11)


@pytest.fixture
def graph(graph):  # the shared fresh graph (tests/conftest.py), seeded
  tf.set_random_seed(5)
  return graph


# ---- flatten and _inner_flatten ---------------------------------------------


def test_flatten_static_dynamic_and_rank_one(graph, run):
  x = RNG.uniform(size=(5, 3, 2, 4)).astype(np.float32)
  static = slim.flatten(x)
  assert static.op.name == 'Flatten/flatten/Reshape'
  assert static.shape.as_list() == [5, 24]
  ph = tf.placeholder(tf.float32, (None, None, 2, 4))
  dynamic = slim.flatten(ph, scope='f')
  assert dynamic.shape.as_list() == [None, None]
  known_batch = slim.flatten(tf.placeholder(tf.float32, (5, None)))
  assert known_batch.shape.as_list() == [5, None]
  vector = slim.flatten(tf.ones([5]))
  assert vector.shape.as_list() == [5, 1]
  got_static, got_dynamic = run([static, dynamic], {ph: x})
  np.testing.assert_array_equal(got_static, x.reshape(5, -1))
  np.testing.assert_array_equal(got_dynamic, x.reshape(5, -1))


def test_flatten_scalar_and_alias(graph):
  with pytest.raises(ValueError, match='rank'):
    slim.flatten(tf.constant(1.0))
  assert tf.get_variable_scope().name == ''
  out = slim.flatten(tf.ones((2, 2)), outputs_collections='outputs')
  assert out.aliases == ['Flatten_1'] and tf.get_collection('outputs') == [out]


def test_inner_flatten_dense_sparse_and_errors(graph, run):
  inner = layers_lib._inner_flatten
  x = np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)
  outs = [inner(x, rank) for rank in (1, 2, 3, 4)]
  assert [o.shape.as_list() for o in outs] == [[120], [2, 60], [2, 3, 20],
                                               [2, 3, 4, 5]]
  partial = inner(tf.placeholder(tf.int32, (2, None, 4, 5)), 3)
  assert partial.shape.as_list() == [2, None, 20]
  sparse = tf.SparseTensor([[0, 1, 2], [1, 2, 3]], [1.0, 2.0], [2, 3, 4])
  flat_sparse = inner(sparse, 2)
  got = run(outs + [flat_sparse])
  for rank, value in zip((1, 2, 3, 4), got[:4]):
    np.testing.assert_array_equal(value, x.reshape(x.shape[:rank - 1] + (-1,)))
  np.testing.assert_array_equal(got[4].indices, [[0, 6], [1, 11]])
  np.testing.assert_array_equal(got[4].dense_shape, [2, 12])
  with pytest.raises(ValueError, match='rank less than new_rank'):
    inner(tf.ones((2, 3)), 3)
  with pytest.raises(ValueError, match='rank less than new_rank'):
    inner(tf.SparseTensor([[0, 0]], [1.0], [2, 3]), 3)


# ---- images <-> sequences -----------------------------------------------------


def test_images_to_sequence_and_back(graph, run):
  images = RNG.uniform(size=(2, 7, 11, 5)).astype(np.float32)
  seq = slim.images_to_sequence(images)
  seq_nchw = slim.images_to_sequence(images.transpose(0, 3, 1, 2),
                                     data_format='NCHW')
  assert seq.shape.as_list() == [11, 14, 5]
  back = slim.sequence_to_images(seq, 7)
  back_first = slim.sequence_to_images(seq, 7,
                                       output_data_format='channels_first')
  assert back.shape.as_list() == [2, 7, 11, 5]
  assert back_first.shape.as_list() == [2, 5, 7, 11]
  got_seq, got_nchw, got_back, got_first = run(
      [seq, seq_nchw, back, back_first])
  # Step t of the sequence is column t of every image, rows stacked.
  want = images.transpose(2, 0, 1, 3).reshape(11, 14, 5)
  np.testing.assert_array_equal(got_seq, want)
  np.testing.assert_array_equal(got_nchw, want)
  np.testing.assert_array_equal(got_back, images)
  np.testing.assert_array_equal(got_first, images.transpose(0, 3, 1, 2))


def test_images_to_sequence_bad_format(graph):
  with pytest.raises(ValueError, match='NCHW or NHWC'):
    slim.images_to_sequence(np.ones((1, 2, 2, 1)), data_format='CHWN')


# ---- dense_to_sparse and one_hot_encoding --------------------------------------


def test_dense_to_sparse_layer(graph, run):
  dense = np.array([[1, 0, 2], [0, 3, 0]], np.int64)
  sp = slim.layers.dense_to_sparse(dense, outputs_collections='outputs')
  eos = slim.layers.dense_to_sparse(dense, eos_token=2, scope='d')
  assert sp.aliases == ['dense_to_sparse']
  assert eos.indices.op.name == 'd/Where'
  got, got_eos = run([sp, eos])
  np.testing.assert_array_equal(got.indices, [[0, 0], [0, 2], [1, 1]])
  np.testing.assert_array_equal(got.values, [1, 2, 3])
  np.testing.assert_array_equal(got.dense_shape, [2, 3])
  np.testing.assert_array_equal(got_eos.values, [1, 0, 0, 3, 0])


def test_one_hot_encoding(graph, run):
  out = slim.one_hot_encoding(np.array([0, 2, 1]), 3)
  out32 = slim.one_hot_encoding(tf.constant([1], tf.int32), 2, on_value=5.0,
                                off_value=-1.0, outputs_collections='o')
  assert out.op.name == 'OneHotEncoding/one_hot'
  assert out32.aliases == ['OneHotEncoding_1']
  got, got32 = run([out, out32])
  np.testing.assert_array_equal(got, np.eye(3)[[0, 2, 1]])
  np.testing.assert_array_equal(got32, [[-1.0, 5.0]])


# ---- dropout -------------------------------------------------------------------


def test_dropout_training_drops_and_scales(graph, run):
  x = np.ones((100, 100), np.float32)
  out = slim.dropout(x, keep_prob=0.25, outputs_collections='outputs')
  assert out.op.name == 'Dropout/dropout_1/SelectV2'
  assert out.aliases == ['Dropout']
  got = run(out)
  assert set(np.unique(got)) <= {0.0, 4.0}
  assert abs((got > 0).mean() - 0.25) < 0.05


def test_dropout_inference_and_placeholder(graph, run):
  x = RNG.uniform(1, 2, size=(4, 5)).astype(np.float32)
  off = slim.dropout(x, is_training=False)
  assert off.op.name == 'Dropout/Identity'
  flag = tf.placeholder(tf.bool, [])
  switch = slim.dropout(x, is_training=flag)
  assert switch.op.inputs[0].op.type == 'If' or switch.op.type == 'Merge'
  default = slim.dropout(x, is_training=None)
  np.testing.assert_array_equal(run(off), x)
  np.testing.assert_array_equal(run(switch, {flag: False}), x)
  assert (run(switch, {flag: True}) == 0).any()
  # None falls back to a graph-wide placeholder that defaults to inference.
  np.testing.assert_array_equal(run(default), x)
  phase = tf.get_default_graph().get_tensor_by_name('keras_learning_phase:0')
  assert (run(default, {phase: True}) == 0).any()


def test_dropout_static_predicates_and_seed(graph, run):
  x = tf.ones((50, 50))
  folded = slim.dropout(x, is_training=tf.logical_not(tf.constant(True)))
  assert folded.op.type == 'Identity'
  a = slim.dropout(x, seed=1)
  b = slim.dropout(x, seed=1)
  got_a, got_b = run([a, b])
  np.testing.assert_array_equal(got_a, got_b)


def test_dropout_noise_shape_and_keep_all(graph, run):
  x = tf.placeholder(tf.float32, (None, 6))
  out = slim.dropout(x, noise_shape=[None, 1])
  got = run(out, {x: np.ones((40, 6), np.float32)})
  # One mask entry per row: rows are all kept or all dropped.
  assert all(len(set(row)) == 1 for row in got)
  same = tf.ones((2, 2))
  assert slim.dropout(same, keep_prob=1.0) is same


@pytest.mark.parametrize('kwargs,error', [
    (dict(keep_prob=1.5), ValueError),
    (dict(is_training='yes'), TypeError),
    (dict(noise_shape=None, keep_prob=0.0), ValueError),
])
def test_dropout_errors(graph, kwargs, error):
  with pytest.raises(error):
    slim.dropout(tf.ones((2, 2)), **kwargs)
  assert tf.get_variable_scope().name == ''


def test_dropout_integer_input(graph):
  with pytest.raises(ValueError):
    slim.dropout(tf.ones((2, 2), tf.int32))


# ---- softmax, spatial_softmax, maxout, scale_gradient ------------------------


def _np_softmax(x):
  e = np.exp(x - x.max(axis=-1, keepdims=True))
  return e / e.sum(axis=-1, keepdims=True)


def test_softmax_nd_and_unknown_sizes(graph, run):
  logits = RNG.normal(size=(2, 3, 4)).astype(np.float32)
  ph = tf.placeholder(tf.float32, (None, None, 4))
  out = slim.softmax(ph)
  assert out.shape.as_list() == [None, None, 4]
  np.testing.assert_allclose(run(out, {ph: logits}), _np_softmax(logits),
                             rtol=1e-5)
  low = 1 / (1 + math.e)
  two_d = run(slim.softmax(tf.constant([[0.0, 1.0]])))
  np.testing.assert_allclose(two_d, [[low, 1 - low]], rtol=1e-6)
  for bad in (tf.placeholder(tf.float32), tf.ones([3]),
              tf.placeholder(tf.float32, (2, None))):
    with pytest.raises(ValueError):
      slim.softmax(bad)


def _np_spatial_softmax(features, temperature):
  batch, height, width, channels = features.shape
  rows, cols = np.meshgrid(np.linspace(-1, 1, height),
                           np.linspace(-1, 1, width), indexing='ij')
  flat = features.transpose(0, 3, 1, 2).reshape(batch * channels, -1)
  weights = _np_softmax(flat / temperature)
  expected = np.stack([weights @ rows.ravel(), weights @ cols.ravel()], 1)
  return expected.reshape(batch, channels * 2)


def test_spatial_softmax_values_variable_and_nchw(graph, run):
  feats = RNG.normal(size=(2, 5, 4, 3)).astype(np.float32)
  learned = slim.spatial_softmax(feats)
  fixed = slim.spatial_softmax(feats.transpose(0, 3, 1, 2), temperature=0.5,
                               trainable=False, data_format='NCHW')
  temp = slim.get_model_variables()
  assert [v.op.name for v in temp] == [
      'spatial_softmax/temperature', 'spatial_softmax_1/temperature']
  assert temp[0] in tf.trainable_variables()
  assert temp[1] not in tf.trainable_variables()
  assert learned.shape.as_list() == [2, 6]
  got_learned, got_fixed = run([learned, fixed], init=True)
  np.testing.assert_allclose(got_learned, _np_spatial_softmax(feats, 1.0),
                             atol=1e-5)
  np.testing.assert_allclose(got_fixed, _np_spatial_softmax(feats, 0.5),
                             atol=1e-5)


def test_spatial_softmax_collections_and_errors(graph):
  slim.spatial_softmax(tf.ones((1, 2, 2, 1)), name='a',
                       variables_collections={'temperature': ['temps']})
  assert [v.op.name for v in tf.get_collection('temps')] == ['a/temperature']
  with pytest.raises(ValueError, match='NCHW or NHWC'):
    slim.spatial_softmax(tf.ones((1, 2, 2, 1)), data_format='HWC')
  with pytest.raises(ValueError, match='num_channels'):
    slim.spatial_softmax(tf.placeholder(tf.float32, (1, 2, 2, None)))
  assert tf.get_variable_scope().name == ''


def test_maxout(graph, run):
  x = RNG.normal(size=(3, 2, 6)).astype(np.float32)
  ph = tf.placeholder(tf.float32, (None, 2, 6))
  out = slim.maxout(ph, 3)
  along_1 = slim.maxout(x, 1, axis=1, scope='m')
  assert out.shape.as_list() == [None, 2, 3]
  got, got_1 = run([out, along_1], {ph: x})
  np.testing.assert_array_equal(got, x.reshape(3, 2, 3, 2).max(-1))
  # Like tf-slim, groups are consecutive elements in memory order (a plain
  # reshape to [..., num_units, group]), which for an inner axis mixes axes.
  np.testing.assert_array_equal(got_1, x.reshape(3, 1, 6, 2).max(-1))
  with pytest.raises(ValueError, match='number of features'):
    slim.maxout(x, 4)


def test_scale_gradient(graph, run):
  x = tf.constant([1.0, -2.0, 3.0])
  y = slim.scale_gradient(x, tf.constant(-3.0))
  grad, = tf.gradients(y, x, grad_ys=tf.constant([1.0, 2.0, 0.5]))
  got_y, got_grad = run([y, grad])
  np.testing.assert_array_equal(got_y, [1.0, -2.0, 3.0])
  np.testing.assert_array_equal(got_grad, [-3.0, -6.0, -1.5])


# ---- repeat and stack ------------------------------------------------------------


def _scale(x, factor, scope=None):
  with tf.variable_scope(scope, 'scale'):
    return tf.multiply(x, factor, name='out')


def test_repeat_scopes_and_values(graph, run):
  x = tf.ones((2,))
  named = slim.repeat(x, 3, _scale, 2.0, scope='s')
  default = slim.repeat(x, 2, _scale, 3.0)
  partial = slim.repeat(x, 2, functools.partial(_scale, factor=0.5))
  assert named.op.name == 's/s_3/out'
  assert default.op.name == 'Repeat/_scale_2/out'
  assert partial.op.name == 'Repeat_1/_scale_2/out'
  got = run([named, default, partial])
  np.testing.assert_array_equal(got, [[8.0, 8.0], [9.0, 9.0], [0.25, 0.25]])


def test_stack_scopes_values_and_errors(graph, run):
  x = tf.ones((2,))
  named = slim.stack(x, _scale, [2.0, [3.0], (4.0,)], scope='fc')
  default = slim.stack(x, _scale, (5.0,))
  assert named.op.name == 'fc/fc_3/out'
  assert default.op.name == 'Stack/_scale_1/out'
  np.testing.assert_array_equal(run(named), [24.0, 24.0])
  with pytest.raises(ValueError, match='list or tuple'):
    slim.stack(x, _scale, 2.0)


def test_stack_of_layers_with_variables_fails_on_reuse(graph):
  def scaled(x, size, scope=None):
    with tf.variable_scope(scope):
      return x * slim.model_variable('w', shape=[size])
  with tf.variable_scope('test', reuse=True):
    with pytest.raises(ValueError):
      slim.stack(tf.ones((3,)), scaled, [3, 3])


# ---- signatures --------------------------------------------------------------------


@pytest.mark.parametrize('module', [activations, composition, dropout_layer,
                                    reshape])
def test_arg_scope_decoration(module):
  undecorated = {'repeat', 'stack', 'scale_gradient'}
  for name in module.__all__:
    assert slim.has_arg_scope(getattr(module, name)) == (name not in
                                                         undecorated), name


def test_scale_gradient_signature():
  assert list(inspect.signature(slim.scale_gradient).parameters) == [
      'inputs', 'gradient_multiplier']
