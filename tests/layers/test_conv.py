"""Unit tests of the convolution layers: layers/_conv.py, _conv_transpose.py,
_separable_conv.py and _bias_add.py.  Values are checked against small NumPy
implementations written here, names and collections against tf-slim's
documented behaviour.  Parity twin: tests/parity/test_layers_conv_dense.py."""

import inspect

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf

RNG = np.random.RandomState(3)


def _const(array):
  return tf.constant_initializer(array)


def _same_pads(size, kernel, stride):
  out = -(-size // stride)
  total = max((out - 1) * stride + kernel - size, 0)
  return total // 2, total - total // 2


def np_conv2d(x, w, stride=(1, 1), padding='SAME', rate=(1, 1)):
  """Direct NHWC cross-correlation."""
  kh = (w.shape[0] - 1) * rate[0] + 1
  kw = (w.shape[1] - 1) * rate[1] + 1
  if padding == 'SAME':
    pads = [_same_pads(x.shape[1], kh, stride[0]),
            _same_pads(x.shape[2], kw, stride[1])]
  else:
    pads = [(0, 0), (0, 0)]
  xp = np.pad(x, [(0, 0), pads[0], pads[1], (0, 0)])
  oh = (xp.shape[1] - kh) // stride[0] + 1
  ow = (xp.shape[2] - kw) // stride[1] + 1
  out = np.zeros((x.shape[0], oh, ow, w.shape[3]))
  for i in range(oh):
    for j in range(ow):
      for p in range(w.shape[0]):
        for q in range(w.shape[1]):
          pixel = xp[:, i * stride[0] + p * rate[0], j * stride[1] + q * rate[1]]
          out[:, i, j] += pixel.dot(w[p, q])
  return out


def np_conv2d_transpose(x, w, stride, padding):
  """Scatter-add transposed convolution; `w` is [kh, kw, out, in]."""
  n, h, wd, _ = x.shape
  kh, kw, cout, _ = w.shape
  if padding == 'SAME':
    oh, ow = h * stride[0], wd * stride[1]
    top = max((h - 1) * stride[0] + kh - oh, 0) // 2
    left = max((wd - 1) * stride[1] + kw - ow, 0) // 2
  else:
    oh = h * stride[0] + max(kh - stride[0], 0)
    ow = wd * stride[1] + max(kw - stride[1], 0)
    top = left = 0
  full = np.zeros((n, max((h - 1) * stride[0] + kh, oh + top),
                   max((wd - 1) * stride[1] + kw, ow + left), cout))
  for i in range(h):
    for j in range(wd):
      for p in range(kh):
        for q in range(kw):
          full[:, i * stride[0] + p, j * stride[1] + q] += x[:, i, j].dot(
              w[p, q].T)
  return full[:, top:top + oh, left:left + ow]


def np_depthwise(x, w, padding='SAME'):
  """Depthwise NHWC convolution; `w` is [kh, kw, in, multiplier]."""
  kh, kw, cin, mult = w.shape
  out = []
  for c in range(cin):
    for m in range(mult):
      kernel = w[:, :, c:c + 1, m:m + 1]
      out.append(np_conv2d(x[..., c:c + 1], kernel, padding=padding))
  return np.concatenate(out, axis=-1)


def test_conv2d_values_names_and_variables(graph, run):
  x = RNG.uniform(-1, 1, (2, 7, 6, 3)).astype(np.float32)
  w = RNG.uniform(-1, 1, (3, 2, 3, 4)).astype(np.float32)
  b = RNG.uniform(-1, 1, (4,)).astype(np.float32)
  y = slim.conv2d(x, 4, [3, 2], weights_initializer=_const(w),
                  biases_initializer=_const(b))
  assert y.op.name == 'Conv/Relu'
  assert y.shape.as_list() == [2, 7, 6, 4]
  assert [v.op.name for v in slim.get_model_variables()] == [
      'Conv/weights', 'Conv/biases']
  assert tf.trainable_variables() == slim.get_model_variables()
  np.testing.assert_allclose(run(y), np.maximum(np_conv2d(x, w) + b, 0),
                             atol=1e-5)


@pytest.mark.parametrize('stride,padding,rate', [
    ((2, 2), 'VALID', (1, 1)), ((1, 2), 'SAME', (1, 1)),
    ((1, 1), 'SAME', (2, 2)), ((1, 1), 'VALID', (2, 3))])
def test_conv2d_stride_padding_rate(graph, stride, padding, rate, run):
  x = RNG.uniform(-1, 1, (1, 9, 8, 2)).astype(np.float32)
  w = RNG.uniform(-1, 1, (3, 3, 2, 3)).astype(np.float32)
  y = slim.conv2d(x, 3, 3, stride=list(stride), padding=padding,
                  rate=list(rate), weights_initializer=_const(w),
                  activation_fn=None, biases_initializer=None)
  expected = np_conv2d(x, w, stride, padding, rate)
  assert y.op.name == 'Conv/Conv2D' or rate != (1, 1)
  assert y.shape.as_list() == list(expected.shape)
  np.testing.assert_allclose(run(y), expected, atol=1e-5)


def test_conv2d_nchw_equals_nhwc(graph, run):
  x = RNG.uniform(-1, 1, (2, 6, 5, 3)).astype(np.float32)
  w = RNG.uniform(-1, 1, (3, 3, 3, 4)).astype(np.float32)
  b = np.arange(4, dtype=np.float32)
  nhwc = slim.conv2d(x, 4, 3, weights_initializer=_const(w),
                     biases_initializer=_const(b))
  nchw = slim.conv2d(np.transpose(x, (0, 3, 1, 2)), 4, 3, data_format='NCHW',
                     weights_initializer=_const(w),
                     biases_initializer=_const(b))
  assert nchw.shape.as_list() == [2, 4, 6, 5]
  a, c = run([nhwc, nchw])
  np.testing.assert_allclose(a, np.transpose(c, (0, 2, 3, 1)), atol=1e-5)


def test_conv1d_and_conv3d_match_conv2d(graph, run):
  seq = RNG.uniform(-1, 1, (2, 8, 3)).astype(np.float32)
  w1 = RNG.uniform(-1, 1, (3, 3, 2)).astype(np.float32)
  y1 = slim.conv1d(seq, 2, 3, weights_initializer=_const(w1),
                   activation_fn=None)
  assert y1.op.name == 'Conv/BiasAdd'
  expected1 = np_conv2d(seq[:, None], w1[None])[:, 0]
  vol = RNG.uniform(-1, 1, (1, 1, 5, 4, 2)).astype(np.float32)
  w3 = RNG.uniform(-1, 1, (1, 3, 3, 2, 3)).astype(np.float32)
  y3 = slim.conv3d(vol, 3, [1, 3, 3], weights_initializer=_const(w3),
                   activation_fn=None, scope='c3')
  assert y3.op.name == 'c3/BiasAdd'
  expected3 = np_conv2d(vol[:, 0], w3[0])[:, None]
  got1, got3 = run([y1, y3])
  np.testing.assert_allclose(got1, expected1, atol=1e-5)
  np.testing.assert_allclose(got3, expected3, atol=1e-5)


def test_conv1d_causal_sees_no_future(graph, run):
  seq = tf.constant(RNG.uniform(-1, 1, (1, 10, 2)).astype(np.float32))
  y = slim.conv1d(seq, 3, 3, padding='causal', rate=2, activation_fn=None)
  assert y.shape.as_list() == [1, 10, 3]
  grad = tf.gradients(y[0, 4], seq)[0]
  g = run(grad)
  assert np.all(g[0, 5:] == 0)
  assert np.any(g[0, :5] != 0)


def test_conv1d_channels_first_bias(graph, run):
  seq = RNG.uniform(-1, 1, (2, 3, 8)).astype(np.float32)
  y = slim.convolution(seq, 4, 3, data_format='NCW', activation_fn=None,
                       biases_initializer=tf.ones_initializer(),
                       weights_initializer=tf.zeros_initializer())
  assert y.op.name == 'Conv/add'
  np.testing.assert_array_equal(run(y), np.ones((2, 4, 8)))


def test_scope_names_reuse_and_aliases(graph):
  x = tf.ones((1, 5, 5, 2))
  first = slim.conv2d(x, 2, 3)
  second = slim.conv2d(x, 2, 3)
  with tf.name_scope('fe'):
    named = slim.conv2d(x, 2, 3, scope='conv1', outputs_collections='outs')
  reused = slim.conv2d(x, 2, 3, scope='conv1', reuse=True)
  assert [first.op.name, second.op.name, named.op.name, reused.op.name] == [
      'Conv/Relu', 'Conv_1/Relu', 'fe/conv1/Relu', 'conv1/Relu']
  assert tf.get_collection('outs') == [named]
  assert named.aliases == ['conv1']
  assert len(tf.global_variables()) == 6


def test_regularization_losses_are_named_and_not_repeated(graph, run):
  x = tf.ones((1, 5, 5, 2))
  reg = slim.l2_regularizer(0.5)
  slim.conv2d(x, 3, 3, scope='c', weights_regularizer=reg,
              biases_regularizer=reg)
  slim.conv2d(x, 3, 3, scope='c', weights_regularizer=reg, reuse=True)
  losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
  assert [l.op.name for l in losses] == [
      'c/kernel/Regularizer/l2_regularizer',
      'c/bias/Regularizer/l2_regularizer']
  weights = slim.get_variables_by_name('weights')[0]
  value, w = run([losses[0], weights])
  np.testing.assert_allclose(value, 0.5 * np.sum(w ** 2) / 2, rtol=1e-5)


def test_variables_collections_list_and_dict(graph):
  x = tf.ones((1, 5, 5, 2))
  slim.conv2d(x, 3, 3, variables_collections=['all'], scope='a')
  slim.conv2d(x, 3, 3, variables_collections={'weights': ['w']}, scope='b')
  assert [v.op.name for v in tf.get_collection('all')] == [
      'a/weights', 'a/biases']
  assert [v.op.name for v in tf.get_collection('w')] == ['b/weights']


def test_trainable_false_and_normalizer_replaces_biases(graph):
  x = tf.ones((1, 5, 5, 2))
  calls = []

  def normalizer(inputs, scale):
    calls.append(scale)
    return inputs * scale

  y = slim.conv2d(x, 3, 3, trainable=False, normalizer_fn=normalizer,
                  normalizer_params={'scale': 2.0}, activation_fn=None)
  assert calls == [2.0]
  assert [v.op.name for v in tf.global_variables()] == ['Conv/weights']
  assert tf.trainable_variables() == []
  assert y.op.name == 'Conv/mul'


def test_arg_scope_on_model_variable_reaches_weights(graph):
  x = tf.ones((1, 5, 5, 2))
  with slim.arg_scope([slim.model_variable], device='/cpu:0'):
    slim.conv2d(x, 3, 3)
    slim.conv2d_transpose(x, 3, 3)
    slim.separable_conv2d(x, 3, 3)
    slim.bias_add(x)
  assert tf.global_variables()
  assert all(v.device.endswith('CPU:0') for v in tf.global_variables())


def test_arg_scope_on_convolution_does_not_reach_conv2d(graph):
  # conv2d passes every argument to convolution by position, as in tf-slim,
  # so a default set for convolution collides with it.
  x = tf.ones((1, 5, 5, 2))
  with slim.arg_scope([slim.convolution], activation_fn=None):
    with pytest.raises(TypeError):
      slim.conv2d(x, 3, 3)
    y = slim.convolution(x, 3, 3)
  with slim.arg_scope([slim.conv2d], activation_fn=None):
    z = slim.conv2d(x, 3, 3)
  assert y.op.name == 'Conv/BiasAdd'
  assert z.op.name == 'Conv_1/BiasAdd'


def test_fixed_rank_signatures():
  params = list(inspect.signature(slim.convolution).parameters)
  assert params[-1] == 'conv_dims'
  for layer in (slim.conv1d, slim.conv2d, slim.conv3d):
    assert list(inspect.signature(layer).parameters) == params[:-1]
    assert slim.has_arg_scope(layer)
    assert 'conv_dims' not in slim.arg_scoped_arguments(layer)
  assert slim.conv2d.__name__ == 'convolution2d'
  assert slim.conv2d is slim.convolution2d


@pytest.mark.parametrize('build', [
    lambda: slim.conv2d(tf.ones((2, 3, 3, 3, 3)), 2, 3),
    lambda: slim.conv2d(tf.ones((2, 5, 5, 3)), 2, 3, stride=2, rate=2),
    lambda: slim.conv2d(tf.ones((2, 5, 5, 3)), 2, [3, 3, 3]),
    lambda: slim.conv2d(tf.placeholder(tf.float32, (2, 5, 5, None)), 2, 3),
    lambda: slim.conv2d_transpose(tf.ones((2, 5, 3)), 2, 3),
    lambda: slim.separable_conv2d(tf.ones((2, 5, 3)), 2, 3),
    lambda: slim.conv2d_in_plane(tf.ones((2, 5, 3)), 2),
    lambda: slim.bias_add(tf.ones((2, 5, 3)), data_format='NCHW'),
])
def test_bad_input_leaves_scope_names_free(graph, build):
  with pytest.raises(ValueError):
    build()
  assert tf.global_variables() == []
  assert slim.conv2d(tf.ones((1, 3, 3, 1)), 1, 1).op.name == 'Conv/Relu'


def test_conv2d_transpose_values_and_names(graph, run):
  x = RNG.uniform(-1, 1, (2, 3, 4, 2)).astype(np.float32)
  w = RNG.uniform(-1, 1, (3, 2, 5, 2)).astype(np.float32)
  valid = slim.conv2d_transpose(x, 5, [3, 2], stride=[2, 3], padding='VALID',
                                weights_initializer=_const(w),
                                biases_initializer=None, activation_fn=None)
  same = slim.conv2d_transpose(x, 5, [3, 2], stride=2,
                               weights_initializer=_const(w),
                               activation_fn=None)
  # tf-slim's layer takes the name Conv2d_transpose/Conv2d_transpose, and
  # op names are unique regardless of case.
  assert valid.op.name == 'Conv2d_transpose/conv2d_transpose_1'
  assert same.op.name == 'Conv2d_transpose_1/BiasAdd'
  assert slim.get_variables_by_name('weights')[0].shape.as_list() == [
      3, 2, 5, 2]
  got_same, got_valid = run([same, valid])
  np.testing.assert_allclose(got_same, np_conv2d_transpose(x, w, (2, 2),
                                                           'SAME'), atol=1e-5)
  np.testing.assert_allclose(got_valid, np_conv2d_transpose(x, w, (2, 3),
                                                            'VALID'), atol=1e-5)


def test_conv2d_transpose_dynamic_shape_and_inverse_of_conv(graph, run):
  x = tf.placeholder(tf.float32, (None, None, None, 3))
  up = slim.conv2d_transpose(x, 4, 3, stride=2, padding='VALID')
  down = slim.conv2d(up, 3, 3, stride=2, padding='VALID')
  assert up.shape.as_list() == [None, None, None, 4]
  data = np.zeros((2, 5, 7, 3), np.float32)
  up_value, down_value = run([up, down], {x: data})
  assert up_value.shape == (2, 11, 15, 4)
  assert down_value.shape == data.shape


def test_conv2d_transpose_nchw_equals_nhwc(graph, run):
  x = RNG.uniform(-1, 1, (1, 3, 4, 2)).astype(np.float32)
  nhwc = slim.conv2d_transpose(x, 3, 3, stride=2)
  nchw = slim.conv2d_transpose(np.transpose(x, (0, 3, 1, 2)), 3, 3, stride=2,
                               data_format='NCHW', reuse=True,
                               scope='Conv2d_transpose')
  a, c = run([nhwc, nchw])
  np.testing.assert_allclose(a, np.transpose(c, (0, 2, 3, 1)), atol=1e-5)


def test_conv3d_transpose_matches_2d_on_flat_depth(graph, run):
  x = RNG.uniform(-1, 1, (1, 1, 3, 3, 2)).astype(np.float32)
  w = RNG.uniform(-1, 1, (1, 2, 2, 3, 2)).astype(np.float32)
  y = slim.conv3d_transpose(x, 3, [1, 2, 2], stride=[1, 2, 2],
                            weights_initializer=_const(w),
                            activation_fn=None, biases_initializer=None)
  assert y.shape.as_list() == [1, 1, 6, 6, 3]
  np.testing.assert_allclose(
      run(y)[:, 0], np_conv2d_transpose(x[:, 0], w[0], (2, 2), 'SAME'),
      atol=1e-5)


def test_separable_conv2d_values_and_variables(graph, run):
  x = RNG.uniform(-1, 1, (2, 5, 4, 3)).astype(np.float32)
  dw = RNG.uniform(-1, 1, (3, 3, 3, 2)).astype(np.float32)
  pw = RNG.uniform(-1, 1, (1, 1, 6, 4)).astype(np.float32)
  reg = slim.l2_regularizer(0.1)
  y = slim.separable_conv2d(x, 4, 3, depth_multiplier=2,
                            weights_initializer=_const(dw),
                            pointwise_initializer=_const(pw),
                            weights_regularizer=reg, activation_fn=None)
  assert y.op.name == 'SeparableConv2d/BiasAdd'
  assert [v.op.name for v in slim.get_model_variables()] == [
      'SeparableConv2d/depthwise_weights', 'SeparableConv2d/pointwise_weights',
      'SeparableConv2d/biases']
  assert [l.op.name for l in tf.get_collection(
      tf.GraphKeys.REGULARIZATION_LOSSES)] == [
          'SeparableConv2d/depthwise_kernel/Regularizer/l2_regularizer',
          'SeparableConv2d/pointwise_kernel/Regularizer/l2_regularizer']
  expected = np_depthwise(x, dw).dot(pw[0, 0])
  np.testing.assert_allclose(run(y), expected, atol=1e-5)


def test_depthwise_only_separable_conv2d(graph, run):
  x = RNG.uniform(-1, 1, (2, 5, 4, 3)).astype(np.float32)
  dw = RNG.uniform(-1, 1, (3, 3, 3, 2)).astype(np.float32)
  reg = slim.l2_regularizer(0.1)
  y = slim.separable_conv2d(x, None, 3, depth_multiplier=2,
                            weights_initializer=_const(dw),
                            weights_regularizer=reg, scope='dw')
  assert y.op.name == 'dw/Relu'
  assert y.shape.as_list() == [2, 5, 4, 6]
  assert [v.op.name for v in slim.get_model_variables()] == [
      'dw/depthwise_weights', 'dw/biases']
  # This path regularizes through the variable itself, as tf-slim does.
  assert [l.op.name for l in tf.get_collection(
      tf.GraphKeys.REGULARIZATION_LOSSES)] == [
          'dw/depthwise_weights/Regularizer/l2_regularizer']
  np.testing.assert_allclose(run(y), np.maximum(np_depthwise(x, dw), 0),
                             atol=1e-5)


def test_separable_conv2d_nchw_equals_nhwc(graph, run):
  x = RNG.uniform(-1, 1, (1, 6, 5, 2)).astype(np.float32)
  for num_outputs in (None, 3):
    nhwc = slim.separable_conv2d(x, num_outputs, 3, stride=2,
                                 scope='s%s' % num_outputs)
    nchw = slim.separable_conv2d(np.transpose(x, (0, 3, 1, 2)), num_outputs,
                                 3, stride=2, data_format='NCHW', reuse=True,
                                 scope='s%s' % num_outputs)
    a, c = run([nhwc, nchw])
    np.testing.assert_allclose(a, np.transpose(c, (0, 2, 3, 1)), atol=1e-5)


def test_conv2d_in_plane_gradients(graph, run):
  x = RNG.uniform(-1, 1, (2, 4, 5, 3)).astype(np.float32)
  horizontal = slim.conv2d_in_plane(x, [1, 2], padding='VALID',
                                    weights_initializer=_const([1, -1]),
                                    activation_fn=None)
  vertical = slim.conv2d_in_plane(tf.constant(x), [2, 1], padding='VALID',
                                  weights_initializer=_const([1, -1]),
                                  biases_initializer=None, activation_fn=None)
  assert horizontal.op.name == 'ConvInPlane/BiasAdd'
  assert vertical.op.name == 'ConvInPlane_1/depthwise'
  assert slim.get_variables_by_name('weights')[0].shape.as_list() == [
      1, 2, 1, 1]
  h, v = run([horizontal, vertical])
  np.testing.assert_allclose(h, x[:, :, :-1] - x[:, :, 1:], atol=1e-6)
  np.testing.assert_allclose(v, x[:, :-1] - x[:, 1:], atol=1e-6)


def test_bias_add(graph, run):
  x = RNG.uniform(-1, 1, (2, 3, 4)).astype(np.float32)
  y = slim.bias_add(x, initializer=_const([1.0, 2.0, 3.0, 4.0]))
  nchw = slim.bias_add(x[None], data_format='NCHW', activation_fn=tf.nn.relu,
                       initializer=_const([1.0, -1.0]),
                       regularizer=slim.l1_regularizer(1.0))
  assert y.op.name == 'BiasAdd/BiasAdd'
  assert nchw.op.name == 'BiasAdd_1/Relu'
  assert [v.shape.as_list() for v in slim.get_variables_by_name('biases')] == [
      [4], [2]]
  assert [l.op.name for l in tf.get_collection(
      tf.GraphKeys.REGULARIZATION_LOSSES)] == [
          'BiasAdd_1/biases/Regularizer/l1_regularizer']
  got_y, got_nchw = run([y, nchw])
  np.testing.assert_allclose(got_y, x + [1, 2, 3, 4], atol=1e-6)
  np.testing.assert_allclose(
      got_nchw, np.maximum(x[None] + np.array([1, -1])[:, None, None], 0),
      atol=1e-6)


def test_partitioned_weights_get_one_loss_per_partition(graph):
  with tf.variable_scope('p', partitioner=tf.fixed_size_partitioner(2)):
    slim.conv2d(tf.ones((1, 4, 4, 2)), 4, 2, variables_collections=['all'],
                weights_regularizer=slim.l2_regularizer(1.0))
  losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
  assert [l.op.name for l in losses] == [
      'p/Conv/kernel/Regularizer/l2_regularizer',
      'p/Conv/kernel/Regularizer_1/l2_regularizer']
  assert len(tf.get_collection('all')) == 4
