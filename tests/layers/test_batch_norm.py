"""Unit tests of `batch_norm` (layers/_batch_norm.py and
layers/_batch_norm_layer_graph.py) against NumPy.

Every implementation path (slim's fused path, the legacy-layer path with and
without the fused kernel, the moments path) is checked for its output, the
moving averages after a training step, its variables and collections, and
its errors.  Parity twin: tests/parity/test_layers_norm.py.
"""

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf

RNG = np.random.RandomState(11)
IMAGES = (RNG.rand(6, 3, 2, 4) * 4 - 1).astype(np.float32)
FEATURES = (RNG.rand(8, 5) * 3 + 2).astype(np.float32)
SEQUENCES = (RNG.rand(4, 5, 3) - 0.5).astype(np.float32)
BETA = np.array([0.5, -0.25, 1.0, 0.0], np.float32)
GAMMA = np.array([1.5, 0.5, 2.0, 1.0], np.float32)
MEAN = np.array([0.2, -0.1, 0.4, 1.0], np.float32)
VARIANCE = np.array([1.5, 0.7, 2.5, 0.3], np.float32)


def _initializers(beta=BETA, gamma=GAMMA, mean=MEAN, variance=VARIANCE):
  return {'beta': tf.constant_initializer(beta),
          'gamma': tf.constant_initializer(gamma),
          'moving_mean': tf.constant_initializer(mean),
          'moving_variance': tf.constant_initializer(variance)}


def _session():
  sess = tf.Session()
  sess.run(tf.global_variables_initializer())
  return sess


def _moments(data, axes):
  return data.mean(axis=axes), data.var(axis=axes)


def _normalize(data, mean, variance, beta, gamma, epsilon, channel_axis=-1):
  shape = [1] * data.ndim
  shape[channel_axis] = -1
  reshape = lambda v: np.reshape(v, shape)
  return ((data - reshape(mean)) / np.sqrt(reshape(variance) + epsilon) *
          reshape(gamma) + reshape(beta))


def _variable(name):
  return slim.get_variables_by_name(name)[0]


# (kwargs, output op name, whether the moving variance gets the unbiased
# (Bessel-corrected) batch variance, as the fused kernel reports it)
PATHS = {
    'slim_fused_custom_updates': (dict(updates_collections='my_updates'),
                                  'BatchNorm/FusedBatchNormV3', True),
    'layer_fused': (dict(), 'BatchNorm/FusedBatchNormV3', True),
    'layer_moments': (dict(fused=False), 'BatchNorm/batchnorm_1/add_1', False),
    'moments': (dict(fused=False, updates_collections='my_updates'),
                'BatchNorm/batchnorm_1/add_1', False),
}


@pytest.mark.parametrize('path', sorted(PATHS))
def test_training_output_and_one_update_step(graph, path):
  kwargs, op_name, bessel = PATHS[path]
  decay, epsilon = 0.75, 0.01
  out = slim.batch_norm(IMAGES, decay=decay, epsilon=epsilon, scale=True,
                        param_initializers=_initializers(), **kwargs)
  assert out.op.name == op_name
  updates = (tf.get_collection(tf.GraphKeys.UPDATE_OPS) +
             tf.get_collection('my_updates'))
  assert len(updates) == 2
  mean, variance = _moments(IMAGES, (0, 1, 2))
  with _session() as sess:
    np.testing.assert_allclose(
        sess.run(out),
        _normalize(IMAGES, mean, variance, BETA, GAMMA, epsilon),
        atol=1e-4)
    sess.run(updates)
    moving_mean, moving_variance = sess.run(
        [_variable('moving_mean'), _variable('moving_variance')])
  count = IMAGES.size / IMAGES.shape[-1]
  seen_variance = variance * count / (count - 1) if bessel else variance
  np.testing.assert_allclose(moving_mean, MEAN * decay + mean * (1 - decay),
                             atol=1e-5)
  np.testing.assert_allclose(
      moving_variance, VARIANCE * decay + seen_variance * (1 - decay),
      atol=1e-5)


@pytest.mark.parametrize('fused', [True, False])
def test_inference_uses_the_moving_statistics(graph, fused):
  out = slim.batch_norm(IMAGES, is_training=False, scale=True, epsilon=0.5,
                        param_initializers=_initializers(), fused=fused)
  assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
  with _session() as sess:
    np.testing.assert_allclose(
        sess.run(out), _normalize(IMAGES, MEAN, VARIANCE, BETA, GAMMA, 0.5),
        atol=1e-5)


def test_rank2_inputs_take_the_fused_path_and_keep_their_shape(graph):
  x = tf.placeholder(tf.float32, (None, 5))
  out = slim.batch_norm(x, updates_collections=None, decay=0.0)
  assert out.op.name == 'BatchNorm/Reshape_1'
  assert out.shape.as_list() == [None, 5]
  mean, variance = _moments(FEATURES, 0)
  with _session() as sess:
    np.testing.assert_allclose(
        sess.run(out, {x: FEATURES}),
        _normalize(FEATURES, mean, variance, np.zeros(5), np.ones(5), 1e-3),
        atol=1e-4)
    # decay 0: the moving mean is the batch mean after one in-place step.
    np.testing.assert_allclose(sess.run(_variable('moving_mean')), mean,
                               atol=1e-5)


def test_nchw_matches_nhwc(graph):
  nchw = np.transpose(IMAGES, (0, 3, 1, 2))
  ours = slim.batch_norm(nchw, data_format='NCHW', fused=False, scale=True,
                         param_initializers=_initializers(), scope='a',
                         updates_collections=None)
  reference = slim.batch_norm(IMAGES, fused=False, scale=True,
                              param_initializers=_initializers(), scope='b',
                              updates_collections=None)
  with _session() as sess:
    got, want = sess.run([ours, reference])
  np.testing.assert_allclose(np.transpose(got, (0, 2, 3, 1)), want,
                             atol=1e-5)


def test_rank3_nchw_uses_the_second_axis(graph):
  out = slim.batch_norm(SEQUENCES, data_format='NCHW', fused=False)
  assert out.op.name.startswith('BatchNorm/batchnorm')
  assert _variable('beta').shape.as_list() == [5]
  mean, variance = _moments(SEQUENCES, (0, 2))
  with _session() as sess:
    np.testing.assert_allclose(
        sess.run(out),
        _normalize(SEQUENCES, mean, variance, np.zeros(5), np.ones(5), 1e-3,
                   channel_axis=1), atol=1e-5)


def test_gradients_of_fused_and_moments_paths_agree(graph):
  x = tf.constant(IMAGES)
  weights = tf.constant(RNG.rand(*IMAGES.shape).astype(np.float32))
  grads = []
  for scope, fused in (('fused', True), ('moments', False)):
    out = slim.batch_norm(x, scale=True, fused=fused, scope=scope,
                          param_initializers=_initializers())
    grads.append(tf.gradients(tf.reduce_sum(out * weights),
                              [x] + slim.get_trainable_variables(scope)))
  with _session() as sess:
    fused_grads, moments_grads = sess.run(grads)
  for a, b in zip(fused_grads, moments_grads):
    np.testing.assert_allclose(a, b, atol=1e-4)
  # The input gradient of a normalization sums to zero per channel.
  np.testing.assert_allclose(fused_grads[0].sum(axis=(0, 1, 2)), 0,
                             atol=1e-4)


@pytest.mark.parametrize('fused', [True, False])
def test_zero_debias_moving_mean(graph, fused):
  out = slim.batch_norm(IMAGES, decay=0.9, updates_collections=None,
                        zero_debias_moving_mean=True, fused=fused)
  biased = _variable('biased')
  local_step = _variable('local_step')
  assert biased.op.name == 'BatchNorm/BatchNorm/moving_mean/biased'
  assert local_step.op.name == 'BatchNorm/BatchNorm/moving_mean/local_step'
  # The moments path makes its shadow variables model variables too.
  assert (biased in slim.get_model_variables()) is (not fused)
  assert biased not in tf.trainable_variables()
  mean, _ = _moments(IMAGES, (0, 1, 2))
  with _session() as sess:
    sess.run(out)
    # Debiased, the average of one value is that value.
    np.testing.assert_allclose(sess.run(_variable('moving_mean')), mean,
                               atol=1e-5)
    np.testing.assert_allclose(sess.run(biased), 0.1 * mean, atol=1e-5)
    assert sess.run(local_step) == 1


def test_training_placeholder_selects_statistics_and_updates(graph):
  training = tf.placeholder(tf.bool, ())
  out = slim.batch_norm(IMAGES, is_training=training, updates_collections=None,
                        decay=0.5, fused=False,
                        param_initializers=_initializers())
  mean, variance = _moments(IMAGES, (0, 1, 2))
  moving_mean = _variable('moving_mean')
  with _session() as sess:
    np.testing.assert_allclose(
        sess.run(out, {training: False}),
        _normalize(IMAGES, MEAN, VARIANCE, BETA, np.ones(4), 1e-3),
        atol=1e-5)
    np.testing.assert_allclose(sess.run(moving_mean), MEAN)
    np.testing.assert_allclose(
        sess.run(out, {training: True}),
        _normalize(IMAGES, mean, variance, BETA, np.ones(4), 1e-3),
        atol=1e-4)
    np.testing.assert_allclose(sess.run(moving_mean), (MEAN + mean) / 2,
                               atol=1e-5)


@pytest.mark.parametrize('fused', [True, False])
def test_training_placeholder_with_update_ops(graph, fused):
  training = tf.placeholder(tf.bool, ())
  out = slim.batch_norm(IMAGES, is_training=training, fused=fused, decay=0.5)
  updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
  assert len(updates) == 2
  with _session() as sess:
    sess.run([out] + updates, {training: False})
    np.testing.assert_allclose(sess.run(_variable('moving_mean')), 0)
    sess.run([out] + updates, {training: True})
    np.testing.assert_allclose(sess.run(_variable('moving_mean')),
                               IMAGES.mean(axis=(0, 1, 2)) / 2, atol=1e-5)


def _renorm_reference(data, epsilon, clipping, decay, renorm_decay):
  """One training step of batch renormalization from fresh variables."""
  mean, variance = _moments(data, (0, 1, 2))
  stddev = np.sqrt(variance + epsilon)
  # Fresh renorm statistics: mean 0, stddev sqrt(1) (at least sqrt(eps)).
  renorm_stddev = max(1.0, np.sqrt(epsilon))
  r = np.clip(stddev / renorm_stddev, clipping.get('rmin', -np.inf),
              clipping.get('rmax', np.inf))
  d = np.clip(mean / renorm_stddev, -clipping.get('dmax', np.inf),
              clipping.get('dmax', np.inf))
  output = (data - mean) / stddev * r + d
  moving_mean = mean * (1 - decay)
  moving_stddev = 1 - (1 - stddev) * (1 - decay)
  return {
      'out': output,
      'moving_mean': moving_mean,
      'moving_stddev': moving_stddev,
      'moving_variance': np.maximum(moving_stddev**2 - epsilon, 0),
      'renorm_mean': mean * (1 - renorm_decay),
      'renorm_stddev': 1 - (1 - stddev) * (1 - renorm_decay),
  }


@pytest.mark.parametrize('clipping', [{}, {'rmax': 1.1, 'rmin': 0.95,
                                           'dmax': 0.05}])
def test_renorm_correction_and_its_variables(graph, clipping):
  epsilon, decay, renorm_decay = 0.01, 0.6, 0.3
  out = slim.batch_norm(IMAGES, renorm=True, renorm_clipping=clipping,
                        decay=decay, renorm_decay=renorm_decay,
                        epsilon=epsilon)
  names = [v.op.name for v in slim.get_model_variables()]
  assert names == ['BatchNorm/beta', 'BatchNorm/moving_mean',
                   'BatchNorm/moving_variance', 'BatchNorm/moving_stddev',
                   'BatchNorm/renorm_mean', 'BatchNorm/renorm_stddev']
  assert [v.op.name for v in tf.trainable_variables()] == ['BatchNorm/beta']
  updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
  assert [u.name for u in updates] == [
      'BatchNorm/AssignMovingAvg_2/AssignSubVariableOp',
      'BatchNorm/AssignNewValue']
  want = _renorm_reference(IMAGES, epsilon, clipping, decay, renorm_decay)
  with _session() as sess:
    np.testing.assert_allclose(sess.run(out), want['out'], atol=1e-4)
    sess.run(updates)
    for name in ('moving_mean', 'moving_stddev', 'moving_variance',
                 'renorm_mean', 'renorm_stddev'):
      np.testing.assert_allclose(sess.run(_variable(name)), want[name],
                                 atol=1e-5, err_msg=name)


def test_adjustment_applies_before_gamma_and_beta(graph):
  shapes = []

  def adjustment(shape):
    shapes.append(shape)
    return tf.fill(shape[-1:], 2.0), tf.fill(shape[-1:], 0.5)

  out = slim.batch_norm(IMAGES, adjustment=adjustment, scale=True,
                        param_initializers=_initializers())
  assert len(shapes) == 1
  mean, variance = _moments(IMAGES, (0, 1, 2))
  normalized = (IMAGES - mean) / np.sqrt(variance + 1e-3)
  with _session() as sess:
    np.testing.assert_allclose(sess.run(out),
                               (normalized * 2 + 0.5) * GAMMA + BETA,
                               atol=1e-4)


def test_batch_weights_give_weighted_moments(graph):
  weights = np.array([1, 0, 2, 1, 3, 1], np.float32)
  out = slim.batch_norm(IMAGES, batch_weights=weights,
                        updates_collections=None, decay=0.0)
  expanded = np.broadcast_to(weights[:, None, None, None], IMAGES.shape)
  mean = np.average(IMAGES, axis=(0, 1, 2), weights=expanded)
  variance = np.average((IMAGES - mean)**2, axis=(0, 1, 2), weights=expanded)
  with _session() as sess:
    np.testing.assert_allclose(
        sess.run(out),
        _normalize(IMAGES, mean, variance, np.zeros(4), np.ones(4), 1e-3),
        atol=1e-4)
    np.testing.assert_allclose(sess.run(_variable('moving_variance')),
                               variance, atol=1e-5)


@pytest.mark.parametrize('kwargs,order', [
    (dict(), ['gamma', 'beta']),
    (dict(updates_collections=None), ['beta', 'gamma']),
    (dict(fused=False, zero_debias_moving_mean=True), ['beta', 'gamma']),
])
def test_variables_and_their_collections(graph, kwargs, order):
  collections = {'beta': ['betas'], 'gamma': ['gammas'],
                 'moving_mean': ['means'], 'moving_variance': ['variances']}
  slim.batch_norm(IMAGES, scale=True, variables_collections=collections,
                  scope='bn', **kwargs)
  names = [v.op.name for v in slim.get_model_variables()]
  assert names[:4] == ['bn/' + n for n in order] + [
      'bn/moving_mean', 'bn/moving_variance']
  assert [v.op.name for v in tf.trainable_variables()] == [
      'bn/' + n for n in order]
  for name, (collection,) in collections.items():
    assert [v.op.name for v in tf.get_collection(collection)] == ['bn/' + name]
  moving = _variable('moving_mean')
  assert moving in tf.global_variables()
  assert moving not in tf.trainable_variables()


def test_variables_collections_as_a_list_gets_every_variable(graph):
  slim.batch_norm(IMAGES, scale=True, variables_collections=['norm'])
  # The layer path adds them after building, statistics first.
  assert [v.op.name for v in tf.get_collection('norm')] == [
      'BatchNorm/moving_mean', 'BatchNorm/moving_variance', 'BatchNorm/beta',
      'BatchNorm/gamma']


@pytest.mark.parametrize('fused', [True, False])
def test_float16_inputs(graph, fused):
  out = slim.batch_norm(IMAGES.astype(np.float16), fused=fused)
  assert out.dtype == tf.float16
  assert all(v.dtype.base_dtype == tf.float32 for v in tf.global_variables())
  mean, variance = _moments(IMAGES, (0, 1, 2))
  with _session() as sess:
    np.testing.assert_allclose(
        sess.run(out),
        _normalize(IMAGES, mean, variance, np.zeros(4), np.ones(4), 1e-3),
        atol=1e-2)


def test_float16_moments_path_keeps_float16_variables(graph):
  slim.batch_norm(IMAGES.astype(np.float16), batch_weights=np.ones(6))
  assert all(v.dtype.base_dtype == tf.float16 for v in tf.global_variables())


@pytest.mark.parametrize('kwargs', [dict(), dict(fused=False),
                                    dict(updates_collections=None)])
def test_regularizers_name_their_losses_per_parameter(graph, kwargs):
  slim.batch_norm(IMAGES, scale=True, param_initializers=_initializers(),
                  param_regularizers={'beta': tf.nn.l2_loss,
                                      'gamma': lambda t: 0.1 * tf.reduce_sum(t)},
                  **kwargs)
  losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
  assert sorted(l.op.name.split('/')[1] for l in losses) == ['beta', 'gamma']
  with _session() as sess:
    values = sorted(sess.run(losses))
  np.testing.assert_allclose(values, sorted([(BETA**2).sum() / 2,
                                             0.1 * GAMMA.sum()]), rtol=1e-5)


def test_trainable_false_builds_no_collected_updates(graph):
  slim.batch_norm(IMAGES, scale=True, trainable=False)
  assert tf.trainable_variables() == []
  assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []


def test_reuse_shares_variables_and_adds_update_ops(graph):
  with slim.arg_scope([slim.batch_norm], updates_collections='my_updates'):
    first = slim.batch_norm(IMAGES, scope='bn', scale=True)
    second = slim.batch_norm(IMAGES, scope='bn', scale=True, reuse=True)
  assert len(tf.global_variables()) == 4
  assert len(tf.get_collection('my_updates')) == 4
  with _session() as sess:
    a, b = sess.run([first, second])
  np.testing.assert_allclose(a, b)


def test_outputs_collections_alias_and_activation(graph):
  out = slim.batch_norm(IMAGES, activation_fn=tf.nn.relu,
                        outputs_collections='outputs', scope='block/bn')
  assert out.op.name == 'block/bn/Relu'
  assert out.aliases == ['block/bn']
  assert tf.get_collection('outputs') == [out]


def test_partitioner_splits_beta_but_not_the_statistics(graph):
  with tf.variable_scope('', partitioner=tf.fixed_size_partitioner(2)):
    out = slim.batch_norm(IMAGES, is_training=False, param_initializers={
        'moving_mean': tf.constant_initializer(MEAN),
        'moving_variance': tf.constant_initializer(VARIANCE)})
  names = [v.op.name for v in tf.global_variables()]
  assert names == ['BatchNorm/beta/part_0', 'BatchNorm/beta/part_1',
                   'BatchNorm/moving_mean', 'BatchNorm/moving_variance']
  with _session() as sess:
    np.testing.assert_allclose(
        sess.run(out),
        _normalize(IMAGES, MEAN, VARIANCE, np.zeros(4), np.ones(4), 1e-3),
        atol=1e-5)


def _graph_state():
  graph = tf.get_default_graph()
  return ({key: list(graph.get_collection(key))
           for key in graph.get_all_collection_keys()},
          len(graph.get_operations()))


@pytest.mark.parametrize('build,message', [
    (lambda: slim.batch_norm(tf.placeholder(tf.float32)), 'undefined rank'),
    (lambda: slim.batch_norm(tf.placeholder(tf.float32),
                             zero_debias_moving_mean=True), 'undefined rank'),
    (lambda: slim.batch_norm(tf.placeholder(tf.float32), fused=False,
                             updates_collections=None), 'undefined rank'),
    (lambda: slim.batch_norm(tf.placeholder(tf.float32, (2, 2, 2, 3)),
                             data_format='NWHC'),
     'data_format has to be either NCHW or NHWC'),
    (lambda: slim.batch_norm(tf.placeholder(tf.float32, (5, 3, 3, None))),
     'undefined'),
    (lambda: slim.batch_norm(tf.placeholder(tf.float32, (5, None)),
                             updates_collections=None),
     '`C` dimension must be known'),
    (lambda: slim.batch_norm(tf.placeholder(tf.float32, (5, 3, None)),
                             updates_collections=None),
     'undefined channels dimension'),
    (lambda: slim.batch_norm(IMAGES, renorm=True, updates_collections=None),
     'renorm is not supported'),
    (lambda: slim.batch_norm(IMAGES, renorm=True,
                             renorm_clipping={'rmx': 2.0}),
     'invalid keys for `renorm_clipping`'),
    (lambda: slim.batch_norm(IMAGES, batch_weights=np.ones(5)),
     'incompatible'),
])
def test_bad_inputs_raise_and_leave_the_graph_as_it_was(graph, build,
                                                        message):
  before = _graph_state()
  with pytest.raises(ValueError, match=message):
    build()
  collections, _ = _graph_state()
  assert collections == before[0]
  # No variable scope was used up: the next layer is still 'BatchNorm'.
  assert slim.batch_norm(IMAGES).op.name.startswith('BatchNorm/')


def test_is_training_none_follows_the_learning_phase(graph):
  first = slim.batch_norm(IMAGES, is_training=None, scale=True,
                          param_initializers=_initializers())
  second = slim.batch_norm(IMAGES, is_training=None, fused=False)
  phase = graph.get_tensor_by_name('keras_learning_phase:0')
  assert [op.name for op in graph.get_operations()
          if op.type == 'PlaceholderWithDefault'] == ['keras_learning_phase']
  assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == 4
  mean, variance = _moments(IMAGES, (0, 1, 2))
  with _session() as sess:
    np.testing.assert_allclose(
        sess.run(first), _normalize(IMAGES, MEAN, VARIANCE, BETA, GAMMA, 1e-3),
        atol=1e-5)
    np.testing.assert_allclose(
        sess.run(second, {phase: True}),
        _normalize(IMAGES, mean, variance, np.zeros(4), np.ones(4), 1e-3),
        atol=1e-4)
  with pytest.raises(ValueError):
    slim.batch_norm(IMAGES, is_training=None, updates_collections=None)


def test_is_training_must_be_a_bool_on_the_layer_path(graph):
  with pytest.raises(TypeError, match='is_training'):
    slim.batch_norm(IMAGES, is_training='yes')
  assert tf.global_variables() == []
