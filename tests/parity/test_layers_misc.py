"""Parity of the pooling, dropout, reshape, activation, composition and sparse
layers with the reference tf-slim: every op (name and type, in order), the
output names, output aliases, variables, collections, values (and gradients)
for the same inputs, and the exception class for bad inputs.

Unit twins: tests/layers/test_pooling.py, test_reshape_misc.py,
test_sparse_bucketize.py."""

import collections
import importlib

import numpy as np
import pytest

from slimcompat._compat import tf
from tests.parity import harness

RNG = np.random.RandomState(7)
IMAGES = RNG.uniform(-1, 1, size=(2, 5, 6, 3)).astype(np.float32)
VOLUMES = RNG.uniform(-1, 1, size=(2, 3, 6, 5, 2)).astype(np.float32)
SEQUENCE = RNG.uniform(size=(11, 14, 5)).astype(np.float32)
HEATMAPS = RNG.uniform(-3, 3, size=(2, 7, 6, 3)).astype(np.float32)

Case = collections.namedtuple('Case', 'build feeds')
# `feeds` of a case whose graph cannot run on CPU (NCHW 2-D pooling kernels
# exist on GPU only): its graph is compared, its values are not.
GRAPH_ONLY = 'graph only'


def _module(slim, path):
  """`slim.<path>` for both packages (e.g. 'layers.sparse_ops')."""
  return importlib.import_module(slim.__name__ + '.' + path)


def _ph(shape, name='x', dtype=tf.float32):
  return tf.placeholder(dtype, shape, name=name)


def _collected(result, name='outputs'):
  """The result plus (tensor, aliases) of everything in collection `name`."""
  return result, [(t, list(t.aliases)) for t in tf.get_collection(name)]


def _with_grads(outputs, wrt):
  return outputs, tf.gradients(tf.reduce_sum(outputs), wrt)


def _pool_cases():
  def grads(layer, data, **kw):
    def build(slim):
      x = tf.constant(data)
      return _with_grads(getattr(slim, layer)(x, **kw), [x])
    return build

  return {
      'avg_pool2d': Case(lambda s: s.avg_pool2d(IMAGES, [3, 3]), None),
      'avg_pool2d_same_grads': Case(
          grads('avg_pool2d', IMAGES, kernel_size=3, stride=1,
                padding='SAME'), None),
      'avg_pool2d_nchw': Case(
          lambda s: s.avg_pool2d(_ph((2, 3, 5, 6)), [2, 3], stride=[1, 2],
                                 data_format='NCHW', scope='p'), GRAPH_ONLY),
      'max_pool2d_nchw': Case(
          lambda s: s.max_pool2d(IMAGES, 2, padding='SAME',
                                 data_format='NCHW'), GRAPH_ONLY),
      'avg_pool2d_collect': Case(
          lambda s: _collected(s.avg_pool2d(IMAGES.astype(np.float64), 2,
                                            outputs_collections='outputs')),
          None),
      'avg_pool2d_global': Case(
          lambda s: s.avg_pool2d(IMAGES, tf.constant(IMAGES).shape[1:3],
                                 stride=1), None),
      'max_pool2d_scope': Case(
          lambda s: [s.max_pool2d(IMAGES, [3, 3], scope='pool1'),
                     s.max_pool2d(IMAGES, [3, 3], scope='pool1')], None),
      'max_pool2d_grads': Case(
          grads('max_pool2d', IMAGES, kernel_size=[2, 3], padding='same'),
          None),
      'max_pool2d_unknown_rank': Case(
          lambda s: s.max_pool2d(_ph(None), 2), {'x:0': IMAGES}),
      'avg_pool3d': Case(lambda s: s.avg_pool3d(VOLUMES, [2, 3, 2]), None),
      'avg_pool3d_ncdhw': Case(
          lambda s: s.avg_pool3d(VOLUMES, 2, stride=1, padding='SAME',
                                 data_format='NCDHW'), None),
      'max_pool3d_collect': Case(
          lambda s: _collected(s.max_pool3d(tf.constant(VOLUMES), [1, 2, 2],
                                            outputs_collections=['outputs'],
                                            scope='v')), None),
      'max_pool3d_ncdhw_grads': Case(
          grads('max_pool3d', VOLUMES, kernel_size=[1, 2, 2],
                data_format='NCDHW'), None),
      'pool_avg': Case(lambda s: s.pool(IMAGES, [3, 3], 'AVG'), None),
      'pool_avg_dilated': Case(
          lambda s: s.pool(IMAGES, [2, 3], 'AVG', dilation_rate=[1, 2]), None),
      'pool_max_strided_collect': Case(
          lambda s: _collected(s.pool(_ph((None, 5, 6, 3)), [2, 2], 'MAX',
                                      stride=2, padding='SAME', scope='p1',
                                      outputs_collections='outputs')),
          {'x:0': IMAGES}),
      'pool_1d': Case(lambda s: s.pool(IMAGES[0], 2, 'MAX'), None),
      'pool_3d_arg_scope': Case(
          lambda s: _arg_scoped_pool(s), None),
  }


def _arg_scoped_pool(slim):
  with slim.arg_scope([slim.pool], pooling_type='AVG', padding='SAME'):
    return slim.pool(VOLUMES, 2, stride=2)


def _dropout_cases():
  def is_training(make):
    return lambda s: s.dropout(IMAGES, is_training=make())

  return {
      'dropout_default': Case(lambda s: s.dropout(IMAGES), None),
      'dropout_twice_seeded': Case(
          lambda s: [s.dropout(tf.constant(IMAGES), seed=1),
                     s.dropout(tf.constant(IMAGES), keep_prob=0.7, seed=1),
                     s.dropout(tf.constant(IMAGES), scope='d'),
                     s.dropout(tf.constant(IMAGES), scope='d')], None),
      'dropout_not_training': Case(
          lambda s: s.dropout(IMAGES, is_training=False), None),
      'dropout_is_training_none': Case(
          lambda s: [s.dropout(IMAGES, is_training=None),
                     s.dropout(IMAGES, is_training=None)], None),
      'dropout_placeholder': Case(
          is_training(lambda: tf.placeholder(tf.bool, [], name='t')),
          {'t:0': False}),
      'dropout_placeholder_true': Case(
          is_training(lambda: tf.placeholder(tf.bool, [], name='t')),
          {'t:0': True}),
      'dropout_constant_false': Case(
          is_training(lambda: tf.constant(False)), None),
      'dropout_folded_predicate': Case(
          is_training(lambda: tf.logical_not(tf.constant(False))), None),
      'dropout_variable_predicate': Case(
          is_training(lambda: tf.Variable(True, name='flag')), None),
      'dropout_keep_all': Case(lambda s: s.dropout(IMAGES, keep_prob=1.0),
                               None),
      'dropout_keep_prob_tensor': Case(
          lambda s: s.dropout(IMAGES, keep_prob=tf.constant(0.3)), None),
      'dropout_noise_shape': Case(
          lambda s: s.dropout(_ph((None, 5, 6, 3)), noise_shape=[None, 1, 1, 3],
                              seed=4),
          {'x:0': IMAGES}),
      'dropout_collect_grads': Case(
          lambda s: _collected(_with_grads(
              s.dropout(tf.constant(IMAGES, name='im'),
                        outputs_collections='outputs'),
              [tf.get_default_graph().get_tensor_by_name('im:0')])), None),
  }


def _reshape_cases():
  def inner(slim, *args, **kw):
    return _module(slim, 'layers.layers')._inner_flatten(*args, **kw)

  sparse = lambda: tf.SparseTensor([[0, 0, 1], [1, 2, 0]], [1.0, 2.0],
                                   [2, 3, 4])
  return {
      'flatten_several': Case(
          lambda s: [s.flatten(IMAGES), s.flatten(IMAGES, scope='f'),
                     s.flatten(_ph((None, 5, None, 3))),
                     s.flatten(_ph((2, None), name='y')),
                     s.flatten(IMAGES[:, 0, 0, 0]),
                     s.flatten(_ph(None, name='z'))],
          {'x:0': IMAGES, 'y:0': IMAGES[:, :, 0, 0], 'z:0': IMAGES}),
      'flatten_then_variable_scope': Case(
          lambda s: [s.flatten(IMAGES), _default_scope_name('flatten'),
                     _default_scope_name('Flatten')], None),
      'flatten_collect': Case(
          lambda s: _collected(s.flatten(IMAGES,
                                         outputs_collections='outputs')),
          None),
      'inner_flatten_dense': Case(
          lambda s: [inner(s, IMAGES, k) for k in (1, 2, 3, 4)], None),
      'inner_flatten_partial_shape': Case(
          lambda s: [inner(s, _ph((2, None, 4, 5)), 3),
                     inner(s, _ph((2, None, 4, 5), name='y'), 2,
                           output_collections='outputs', scope='i')],
          {'x:0': IMAGES[..., :4, :5].reshape(2, 3, 4, 5)[:, :3],
           'y:0': IMAGES[..., :4, :5].reshape(2, 3, 4, 5)[:, :3]}),
      'inner_flatten_sparse': Case(lambda s: inner(s, sparse(), 2), None),
      'images_to_sequence': Case(
          lambda s: [s.images_to_sequence(IMAGES),
                     s.images_to_sequence(_ph((None, 3, None, 6)),
                                          data_format='NCHW', scope='its')],
          {'x:0': IMAGES.transpose(0, 3, 1, 2)}),
      'sequence_to_images': Case(
          lambda s: _collected(
              [s.sequence_to_images(SEQUENCE, 7),
               s.sequence_to_images(_ph((11, None, 5)), 7,
                                    output_data_format='channels_first',
                                    outputs_collections='outputs')]),
          {'x:0': SEQUENCE}),
      'dense_to_sparse': Case(
          lambda s: _collected(_module(s, 'layers').dense_to_sparse(
              np.arange(24).reshape(2, 3, 4) % 3, outputs_collections='outputs')),
          None),
      'dense_to_sparse_eos': Case(
          lambda s: _module(s, 'layers').dense_to_sparse(
              _ph(None, dtype=tf.int32),
                                             eos_token=2, scope='d2s'),
          {'x:0': np.arange(12).reshape(3, 4) % 4}),
      'one_hot': Case(
          lambda s: _collected(
              [s.one_hot_encoding([0, 2, 1], 3),
               s.one_hot_encoding(np.array([1, 0], np.int64), 4, on_value=5.0,
                                  off_value=-1.0, scope='oh',
                                  outputs_collections='outputs')]), None),
  }


def _default_scope_name(default_name):
  with tf.variable_scope(None, default_name=default_name) as scope:
    return scope.name


def _activation_cases():
  def spatial_grads(slim):
    x = tf.constant(HEATMAPS)
    keypoints = slim.spatial_softmax(x)
    temperature = slim.get_variables_by_name('temperature')[0]
    return _with_grads(keypoints, [x, temperature])

  def scale_grad(slim):
    x = tf.constant([[1.0, -2.0], [3.0, 4.0]])
    return _with_grads(slim.scale_gradient(x, tf.constant([2.0, -0.5])), [x])

  return {
      'softmax': Case(
          lambda s: [s.softmax(tf.constant(HEATMAPS)),
                     s.softmax(_ph((None, None, 3)), scope='sm')],
          {'x:0': HEATMAPS[0]}),
      'spatial_softmax_grads': Case(spatial_grads, None),
      'spatial_softmax_variable_sized': Case(
          lambda s: s.spatial_softmax(_ph((None, None, None, 3)), name='ss',
                                      variables_collections=['temps']),
          {'x:0': HEATMAPS}),
      'spatial_softmax_nchw_fixed': Case(
          lambda s: s.spatial_softmax(HEATMAPS.transpose(0, 3, 1, 2),
                                      temperature=0.5, trainable=False,
                                      data_format='NCHW'), None),
      'spatial_softmax_dict_collections': Case(
          lambda s: s.spatial_softmax(HEATMAPS, temperature=2.0,
                                      variables_collections={
                                          'temperature': ['t'],
                                          'other': ['o']}), None),
      'maxout': Case(
          lambda s: [s.maxout(_ph((None, 5, 6)), 3),
                     s.maxout(HEATMAPS, 1, axis=3, scope='mo')],
          {'x:0': RNG.uniform(size=(4, 5, 6))}),
      'scale_gradient': Case(scale_grad, None),
  }


def _composition_cases():
  def fn_pool(x, kernel, stride=2, scope=None):
    return tf.nn.avg_pool2d(x, kernel, stride, 'SAME', name=scope)

  return {
      'repeat_layer': Case(
          lambda s: s.repeat(IMAGES, 3, s.max_pool2d, 1, stride=1), None),
      'repeat_scope': Case(
          lambda s: s.repeat(IMAGES, 2, s.max_pool2d, [2, 2], stride=1,
                             padding='SAME', scope='conv1'), None),
      'repeat_partial': Case(
          lambda s: s.repeat(IMAGES, 2, _partial(s.dropout, seed=3)), None),
      'repeat_plain_function': Case(
          lambda s: s.repeat(IMAGES, 2, fn_pool, 2, stride=1), None),
      'stack_pool': Case(
          lambda s: s.stack(IMAGES, s.avg_pool2d, [1, (2, 1), [1, 1, 'SAME']]),
          None),
      'stack_scope': Case(
          lambda s: s.stack(IMAGES, s.max_pool2d, [[1], [1]], scope='pp'),
          None),
      'stack_partial': Case(
          lambda s: s.stack(IMAGES, _partial(s.max_pool2d, stride=1), (1, 1)),
          None),
  }


class _partial(object):
  """A callable with `.func` and no `__name__` (like functools.partial)."""

  def __init__(self, func, **kwargs):
    self.func, self.kwargs = func, kwargs

  def __call__(self, *args, **kwargs):
    merged = dict(self.kwargs)
    merged.update(kwargs)
    return self.func(*args, **merged)


def _sparse_cases():
  def sparse_ops(slim):
    return _module(slim, 'layers.sparse_ops')

  return {
      'dense_to_sparse_tensor': Case(
          lambda s: [
              sparse_ops(s).dense_to_sparse_tensor([[1, 0, 2], [0, 0, 3]]),
              sparse_ops(s).dense_to_sparse_tensor([True, False, True]),
              sparse_ops(s).dense_to_sparse_tensor([b'a', b'', b'c']),
              sparse_ops(s).dense_to_sparse_tensor([b'a', b'', b'c'],
                                                   ignore_value=b'a'),
              sparse_ops(s).dense_to_sparse_tensor([1.5, 0.0, -2.0],
                                                   ignore_value=1.5),
              sparse_ops(s).dense_to_sparse_tensor(_ph(None, dtype=tf.int32)),
          ], {'x:0': [[[0, 3], [4, 0]]]}),
      'indicators_to_sparse_ids': Case(
          lambda s: [
              sparse_ops(s).indicators_to_sparse_ids(
                  [[[0, 0, 1, 0], [0, 0, 0, 0]], [[1, 0, 1, 1], [0, 0, 1, 0]]]),
              sparse_ops(s).indicators_to_sparse_ids(
                  np.array([[1, 1, 0], [0, -1, 1]], np.int16), ignore_value=1,
                  dtype=tf.int32),
              sparse_ops(s).indicators_to_sparse_ids(
                  [[b'', b'x', b'y'], [b'x', b'', b'']]),
              sparse_ops(s).indicators_to_sparse_ids(_ph(None,
                                                         dtype=tf.int32)),
          ], {'x:0': [[0, 1, 1, 0], [1, 0, 0, 0]]}),
      'sparse_row_envelope': Case(
          lambda s: [
              sparse_ops(s).sparse_row_envelope(
                  tf.SparseTensor([[0, 0], [2, 0], [2, 1], [2, 2]],
                                  [1, 2, 3, 4], [4, 3])),
              sparse_ops(s).sparse_row_envelope(
                  tf.SparseTensor([[0, 1, 0], [1, 0, 2], [1, 1, 0]],
                                  [1, 2, 3], [2, 3, 4]), row_axis=1,
                  col_axis=2, name='env'),
          ], None),
      'bucketize': Case(
          lambda s: [_module(s, 'layers').bucketize(
              tf.constant([-5, 0, 3, 10, 11]), boundaries=[0, 3, 10]),
                     _module(s, 'layers').bucketize(
                         tf.constant([0.5, 2.5]), (1.0, 2.0), name='b')],
          None),
  }


CASES = {}
for _group in (_pool_cases, _dropout_cases, _reshape_cases, _activation_cases,
               _composition_cases, _sparse_cases):
  CASES.update(_group())


def _fetchable(value):
  """The tensors (and sparse tensors) of a result, aliases dropped."""
  if isinstance(value, (tf.Tensor, tf.SparseTensor)):
    return value
  if isinstance(value, (list, tuple)):
    return [_fetchable(v) for v in value if not isinstance(v, str)]
  return None


@pytest.mark.parametrize('name', sorted(CASES))
def test_graph_and_values_match_reference(name):
  case = CASES[name]
  ours, theirs = harness.build_both(case.build)
  assert harness.ops(ours) == harness.ops(theirs)
  assert harness.describe(ours.result) == harness.describe(theirs.result)
  assert ours.variables == theirs.variables
  assert ours.collections == theirs.collections
  for key in ('outputs', 'temps', 't', 'o'):
    assert (harness.describe(ours.graph.get_collection(key)) ==
            harness.describe(theirs.graph.get_collection(key)))
  if case.feeds is GRAPH_ONLY:
    return
  got = harness.run(ours, _fetchable(ours.result), case.feeds)
  want = harness.run(theirs, _fetchable(theirs.result), case.feeds)
  harness.assert_same_values(got, want)


def _scalar_input():
  return tf.constant(1.0)


BAD_INPUTS = {
    'avg_pool2d_data_format': lambda s: s.avg_pool2d(IMAGES, 2,
                                                     data_format='CHWN'),
    'max_pool2d_rank': lambda s: s.max_pool2d(VOLUMES, 2),
    'max_pool2d_stride_none': lambda s: s.max_pool2d(IMAGES, 2, stride=None),
    'avg_pool3d_stride_none': lambda s: s.avg_pool3d(VOLUMES, 2, stride=None),
    'max_pool2d_kernel_length': lambda s: s.max_pool2d(IMAGES, [2, 2, 2]),
    'max_pool2d_kernel_type': lambda s: s.max_pool2d(IMAGES, 'a'),
    'max_pool2d_kernel_entry': lambda s: s.max_pool2d(IMAGES, [2, None]),
    'avg_pool2d_stride_length': lambda s: s.avg_pool2d(IMAGES, 2, stride=[1]),
    'avg_pool2d_padding_value': lambda s: s.avg_pool2d(IMAGES, 2,
                                                       padding='FULL'),
    'avg_pool2d_padding_type': lambda s: s.avg_pool2d(IMAGES, 2, padding=1),
    'avg_pool2d_padding_list': lambda s: s.avg_pool2d(IMAGES, 2,
                                                      padding=[0, 0]),
    'avg_pool3d_data_format': lambda s: s.avg_pool3d(VOLUMES, 2,
                                                     data_format='NHWC'),
    'max_pool3d_rank': lambda s: s.max_pool3d(IMAGES, 2),
    'max_pool3d_data_format': lambda s: s.max_pool3d(VOLUMES, 2,
                                                     data_format='NCHW'),
    'pool_unknown_rank': lambda s: s.pool(_ph(None), 2, 'AVG'),
    'pool_rank_2': lambda s: s.pool(IMAGES[0, 0], 2, 'AVG'),
    'pool_type': lambda s: s.pool(IMAGES, 2, 'MIN'),
    'pool_type_not_string': lambda s: s.pool(IMAGES, 2, 3),
    'pool_kernel': lambda s: s.pool(IMAGES, [2, 2, 2], 'MAX'),
    'pool_kernel_zero': lambda s: s.pool(IMAGES, 0, 'MAX'),
    'pool_stride_and_dilation': lambda s: s.pool(IMAGES, 2, 'MAX', stride=2,
                                                 dilation_rate=2),
    'dropout_keep_prob_above_one': lambda s: s.dropout(IMAGES, keep_prob=1.5),
    'dropout_keep_prob_zero': lambda s: s.dropout(IMAGES, keep_prob=0.0),
    'dropout_integer_input': lambda s: s.dropout(np.ones((2, 3), np.int32)),
    'dropout_is_training_string': lambda s: s.dropout(IMAGES,
                                                      is_training='yes'),
    'dropout_noise_shape_tensor': lambda s: s.dropout(
        IMAGES, noise_shape=tf.constant([2, 1, 1, 3])),
    'flatten_scalar': lambda s: s.flatten(_scalar_input()),
    'images_to_sequence_data_format': lambda s: s.images_to_sequence(
        IMAGES, data_format='NDHWC'),
    'images_to_sequence_rank': lambda s: s.images_to_sequence(VOLUMES),
    'sequence_to_images_rank': lambda s: s.sequence_to_images(IMAGES, 2),
    'softmax_numpy_input': lambda s: s.softmax(HEATMAPS),
    'softmax_unknown_rank': lambda s: s.softmax(_ph(None)),
    'softmax_rank_1': lambda s: s.softmax(tf.constant([1.0, 2.0])),
    'softmax_unknown_classes': lambda s: s.softmax(_ph((2, None))),
    'spatial_softmax_data_format': lambda s: s.spatial_softmax(
        HEATMAPS, data_format='NHCW'),
    'spatial_softmax_unknown_channels': lambda s: s.spatial_softmax(
        _ph((2, 7, 6, None))),
    'maxout_not_divisible': lambda s: s.maxout(HEATMAPS, 2),
    'maxout_unknown_axis': lambda s: s.maxout(_ph((2, None)), 2),
    'stack_args_not_list': lambda s: s.stack(IMAGES, s.max_pool2d, 1),
    'stack_reuse_without_variables': lambda s: _stack_reuse(s),
    'one_hot_float_labels': lambda s: s.one_hot_encoding([0.0, 1.0], 2),
    'inner_flatten_rank': lambda s: _module(s, 'layers.layers')._inner_flatten(
        _ph((2, 3)), 3),
    'inner_flatten_sparse_rank': lambda s: _module(
        s, 'layers.layers')._inner_flatten(
            tf.SparseTensor([[0, 0]], [1.0], [2, 3]), 3),
    'indicators_float_dtype': lambda s: _module(
        s, 'layers.sparse_ops').indicators_to_sparse_ids([[0, 1]],
                                                         dtype=tf.float32),
    'indicators_dtype_string': lambda s: _module(
        s, 'layers.sparse_ops').indicators_to_sparse_ids([[0, 1]],
                                                         dtype='int32'),
    'row_envelope_same_axis': lambda s: _module(
        s, 'layers.sparse_ops').sparse_row_envelope(
            tf.SparseTensor([[0, 0]], [1], [2, 2]), 1, 1),
    'row_envelope_float_axis': lambda s: _module(
        s, 'layers.sparse_ops').sparse_row_envelope(
            tf.SparseTensor([[0, 0]], [1], [2, 2]), 0.0, 1),
    'bucketize_boundaries_not_list': lambda s: _module(s, 'layers').bucketize(
        tf.constant([1.0]), boundaries=tf.constant([0.0])),
}


def _stack_reuse(slim):
  # Under reuse=True a stacked layer cannot create its variables (the
  # reference's StackTests.testStackFullyConnectedFailOnReuse).
  def scaled(x, size, scope=None):
    with tf.variable_scope(scope):
      return x * slim.model_variable('w', shape=[size])

  with tf.variable_scope('test', reuse=True):
    return slim.stack(IMAGES, scaled, [3, 3])


@pytest.mark.parametrize('name', sorted(BAD_INPUTS))
def test_bad_input_raises_like_reference(name):
  harness.assert_raises_like_reference(BAD_INPUTS[name])
