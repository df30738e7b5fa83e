"""Parity of slimcompat.nets.{resnet_utils, resnet_v1, resnet_v2} with tf-slim 1.1.0.

Graph structure (variables with their collections, end_points keys, tensor
names and shapes, op names) is compared without running anything for the
standard ResNet-50s and for small custom ResNets in several configurations
(training or not, num_classes None, global_pool, output_stride, no root
block). Outputs are compared after copying the reference's initial values
into ours. Checkpoints written by one library are restored by the other, and
the fine-tuning recipe (restore all but the logits into a net with another
number of classes) is exercised both ways. Run-heavy tests use small nets.
"""

import contextlib
import importlib
import inspect

import numpy as np
import pytest

import slimcompat
from slimcompat._compat import tf
from tests.parity import harness

VERSIONS = ['resnet_v1', 'resnet_v2']


NEEDS_KERAS = harness.needs_reference_layer_path(
    'resnet_arg_scope as is (batch-norm updates in UPDATE_OPS)')

# Batch-norm updates in their own collection keep the reference on its own
# fused kernel on every TF; the 'default' tests use resnet_arg_scope as is.
BN_UPDATES = 'bn_updates'


@contextlib.contextmanager
def _resnet_scope(slim, m, mode='fused'):
  """resnet_arg_scope (mode 'default'), with the batch-norm updates moved to
  BN_UPDATES (mode 'fused'), or no scope at all (mode None)."""
  if mode is None:
    yield
    return
  scope = m.resnet_arg_scope()
  with slim.arg_scope(scope):
    if mode == 'default':
      yield
      return
    params = dict(scope[[k for k in scope if 'conv' in str(k)][0]][
        'normalizer_params'], updates_collections=BN_UPDATES)
    with slim.arg_scope([slim.conv2d], normalizer_params=params), \
         slim.arg_scope([slim.batch_norm], updates_collections=BN_UPDATES):
      yield


def _module(slim, name):
  return importlib.import_module(slim.__name__ + '.nets.' + name)


def _small_blocks(m, version):
  block = getattr(m, version + '_block')
  return [block('block1', base_depth=1, num_units=2, stride=2),
          block('block2', base_depth=2, num_units=2, stride=2),
          block('block3', base_depth=4, num_units=1, stride=1)]


def _builder(version, size=64, batch=2, standard=None, arg_scope='fused',
             twice=False, **kwargs):
  """A harness build function returning (net, end_points[, second call])."""
  def build(slim):
    m = _module(slim, version)
    images = tf.random_uniform([batch, size, size, 3], seed=7)

    def call():
      if standard:
        return getattr(m, '%s_%d' % (version, standard))(images, **kwargs)
      return getattr(m, version)(images, _small_blocks(m, version), **kwargs)

    with _resnet_scope(slim, m, arg_scope):
      first = call()
      if not twice:
        return first
      with tf.variable_scope(tf.get_variable_scope(), reuse=True):
        return first, call()
  return build


def _end_point_facts(end_points):
  return sorted((key, t.name, tuple(t.get_shape().as_list()))
                for key, t in end_points.items())


def _op_names(graph):
  return {op.name for op in graph.get_operations()}


def _non_empty_collections(graph):
  return {k: [getattr(i, 'name', repr(i)) for i in graph.get_collection(k)]
          for k in graph.get_all_collection_keys() if graph.get_collection(k)}


def _assert_same_structure(ours, theirs, label):
  assert ours.variables == theirs.variables
  assert ours.collections == theirs.collections
  assert (_non_empty_collections(ours.graph) ==
          _non_empty_collections(theirs.graph))
  net, end_points = ours.result[0], ours.result[1]
  ref_net, ref_end_points = theirs.result[0], theirs.result[1]
  assert net.name == ref_net.name
  assert net.get_shape().as_list() == ref_net.get_shape().as_list()
  assert _end_point_facts(end_points) == _end_point_facts(ref_end_points)
  o_ops, t_ops = _op_names(ours.graph), _op_names(theirs.graph)
  print('%s op-name overlap: %d of ours %d, of reference %d; only ours %s; '
        'only reference %s' % (label, len(o_ops & t_ops), len(o_ops),
                               len(t_ops), sorted(o_ops - t_ops)[:5],
                               sorted(t_ops - o_ops)[:5]))
  assert o_ops == t_ops


CONFIGS = [
    dict(num_classes=10, is_training=False),
    dict(num_classes=3, is_training=True),
    dict(num_classes=None, global_pool=False),
    dict(num_classes=4, global_pool=False, output_stride=8, is_training=False),
    dict(num_classes=None, output_stride=4, scope='custom'),
    dict(num_classes=5, include_root_block=False, output_stride=2),
]


def _config_id(config):
  return '-'.join('%s=%s' % kv for kv in sorted(config.items()))


@pytest.mark.parametrize('config', CONFIGS, ids=_config_id)
@pytest.mark.parametrize('version', VERSIONS)
def test_small_graph_structure_matches(version, config):
  ours, theirs = harness.build_both(_builder(version, **config))
  _assert_same_structure(ours, theirs, version + ' small ' + _config_id(config))


@pytest.mark.parametrize('version,config', [
    ('resnet_v1', dict(num_classes=10, is_training=False)),
    ('resnet_v2', dict(num_classes=None, output_stride=16)),
], ids=['resnet_v1-classify', 'resnet_v2-output_stride=16'])
def test_standard_50_graph_structure_matches(version, config):
  ours, theirs = harness.build_both(
      _builder(version, size=32, batch=1, standard=50, **config))
  assert len(ours.variables) > 250
  _assert_same_structure(ours, theirs, '%s_50 %s' % (version,
                                                     _config_id(config)))


@NEEDS_KERAS
@pytest.mark.parametrize('version', VERSIONS)
def test_default_arg_scope_structure_and_outputs(version):
  ours, theirs = harness.build_both(
      _builder(version, arg_scope='default', num_classes=3))
  _assert_same_structure(ours, theirs, version + ' default arg_scope')
  assert len(ours.collections[tf.GraphKeys.UPDATE_OPS]) > 10
  values = harness.variable_values(theirs)
  harness.assert_close(harness.run(ours, ours.result[0], values=values),
                       harness.run(theirs, theirs.result[0]))


def _node_facts(graph):
  """Every node of `graph` as (op, inputs, device, attrs), by name."""
  return {node.name: (node.op, tuple(node.input), node.device,
                      sorted((k, str(v)) for k, v in node.attr.items()))
          for node in graph.as_graph_def().node}


@NEEDS_KERAS
@pytest.mark.parametrize('version', VERSIONS)
def test_training_graph_is_node_for_node_identical(version):
  """Loss, gradients, momentum and the batch-norm updates under the default
  arg_scope: the same nodes with the same inputs, devices and attributes
  (colocation included) - the train-step benchmark compares like with like."""
  def build(slim):
    logits, _ = _builder(version, arg_scope='default', num_classes=3)(slim)
    labels = tf.constant([0, 2])
    loss = slim.losses.sparse_softmax_cross_entropy(
        tf.squeeze(logits, [1, 2]), labels)
    slim.get_or_create_global_step()
    return slim.learning.create_train_op(
        loss, tf.train.MomentumOptimizer(0.01, 0.9))

  ours, theirs = harness.build_both(build)
  ours_nodes, theirs_nodes = (_node_facts(ours.graph),
                              _node_facts(theirs.graph))
  assert sorted(ours_nodes) == sorted(theirs_nodes)
  differing = [name for name in ours_nodes
               if ours_nodes[name] != theirs_nodes[name]]
  assert not differing, [(n, ours_nodes[n], theirs_nodes[n])
                         for n in differing[:3]]


# v2's own batch norms (preact, postnorm) keep their UPDATE_OPS default.
@pytest.mark.parametrize('version', ['resnet_v1', pytest.param(
    'resnet_v2', marks=NEEDS_KERAS)])
def test_without_arg_scope(version):
  ours, theirs = harness.build_both(
      _builder(version, arg_scope=None, num_classes=3, scope='net'))
  _assert_same_structure(ours, theirs, version + ' without arg_scope')


@pytest.mark.parametrize('version', VERSIONS)
def test_reused(version):
  ours, theirs = harness.build_both(
      _builder(version, twice=True, num_classes=3, scope='net'))
  assert ours.variables == theirs.variables
  for mine, ref in zip(ours.result, theirs.result):
    assert mine[0].name == ref[0].name
    assert _end_point_facts(mine[1]) == _end_point_facts(ref[1])


@pytest.mark.parametrize('version', VERSIONS)
def test_signatures_and_image_size(version):
  ref, mine = _module(harness.reference(), version), _module(slimcompat,
                                                             version)
  names = [version, version + '_block', 'bottleneck', 'resnet_arg_scope'] + [
      '%s_%d' % (version, d) for d in (50, 101, 152, 200)]
  for name in names:
    assert (inspect.signature(getattr(mine, name)) ==
            inspect.signature(getattr(ref, name))), name
  assert getattr(mine, version).default_image_size == 224
  assert getattr(ref, version).default_image_size == 224
  for utils_name in ('subsample', 'conv2d_same', 'stack_blocks_dense',
                     'resnet_arg_scope'):
    assert (inspect.signature(getattr(slimcompat.nets.resnet_utils,
                                      utils_name)) ==
            inspect.signature(getattr(_module(harness.reference(),
                                              'resnet_utils'), utils_name)))


@pytest.mark.parametrize('depth', [50, 101, 152, 200])
@pytest.mark.parametrize('version', VERSIONS)
def test_standard_blocks_match(version, depth):
  # The blocks each standard network builds: recorded through a stand-in
  # generator, so nothing is built.
  def blocks_of(module):
    seen = {}
    generator = getattr(module, version)

    def record(inputs, blocks, *args, **kwargs):
      seen['blocks'] = [(b.scope, b.unit_fn.__name__, list(b.args))
                        for b in blocks]
      seen['rest'] = (args, kwargs)
    setattr(module, version, record)
    try:
      # Both read the generator as a module global at call time.
      getattr(module, '%s_%d' % (version, depth))(
          'images', 7, False, False, 8, True, 'sc')
    finally:
      setattr(module, version, generator)
    return seen
  ours = blocks_of(_module(slimcompat, version))
  theirs = blocks_of(_module(harness.reference(), version))
  assert ours and ours == theirs


def test_arg_scope_contents_match():
  ours = slimcompat.nets.resnet_utils.resnet_arg_scope(
      weight_decay=0.01, batch_norm_decay=0.9, batch_norm_scale=False)
  theirs = _module(harness.reference(), 'resnet_utils').resnet_arg_scope(
      weight_decay=0.01, batch_norm_decay=0.9, batch_norm_scale=False)

  def describe(scope):
    facts = {}
    for key, kwargs in scope.items():
      short = str(key).split()[1] if ' ' in str(key) else str(key)
      facts[short.split('.')[-1]] = {
          k: (v if isinstance(v, (str, dict, float, bool)) else
              getattr(v, '__name__', type(v).__name__))
          for k, v in kwargs.items()}
    return facts
  assert describe(ours) == describe(theirs)
  assert ours is not theirs and len(ours) == 3


# --- values -----------------------------------------------------------------

VALUE_CASES = [
    dict(num_classes=7, is_training=False),
    dict(num_classes=7, is_training=True),
    dict(num_classes=None, global_pool=False, output_stride=8,
         is_training=False),
    dict(num_classes=4, include_root_block=False, is_training=False),
]


@pytest.mark.parametrize('config', VALUE_CASES, ids=_config_id)
@pytest.mark.parametrize('version', VERSIONS)
def test_outputs_match_with_reference_values(version, config):
  ours, theirs = harness.build_both(_builder(version, size=33, **config))
  values = harness.variable_values(theirs)

  def fetch(built):
    return built.result[0], [t for _, t in sorted(built.result[1].items())]
  mine, ref = harness.run(ours, fetch(ours), values=values), harness.run(
      theirs, fetch(theirs))
  assert np.abs(ref[0]).max() > 0  # not a vacuous comparison
  harness.assert_close(mine, ref)


@pytest.mark.parametrize('version', VERSIONS)
def test_update_ops_have_the_same_effect(version):
  ours, theirs = harness.build_both(_builder(version, num_classes=3))
  values = harness.variable_values(theirs)

  def after_step(built, values):
    graph = built.graph
    with graph.as_default():
      updates = tf.get_collection(BN_UPDATES)
      moving = sorted((v for v in tf.global_variables()
                       if 'moving_' in v.op.name), key=lambda v: v.op.name)
      with tf.Session(graph=graph) as sess:
        sess.run(tf.global_variables_initializer())
        for var in tf.global_variables():
          var.load(values[var.op.name], sess)
        sess.run(updates)
        return sess.run(moving)
  mine, ref = after_step(ours, values), after_step(theirs, values)
  assert len(ref) > 10
  harness.assert_close(mine, ref)


def test_utils_outputs_match():
  def build(slim):
    utils = _module(slim, 'resnet_utils')
    x = tf.random_uniform([1, 6, 7, 2], seed=3)
    outputs = [utils.subsample(x, 1), utils.subsample(x, 2, scope='sub')]
    for stride, rate in [(1, 1), (2, 1), (1, 2), (3, 1)]:
      outputs.append(utils.conv2d_same(x, 3, 3, stride, rate=rate,
                                       scope='c%d%d' % (stride, rate)))
    return outputs, [o.name for o in outputs]
  ours, theirs = harness.build_both(build)
  assert ours.result[1] == theirs.result[1]
  assert ours.variables == theirs.variables
  harness.assert_close(
      harness.run(ours, ours.result[0], values=harness.variable_values(theirs)),
      harness.run(theirs, theirs.result[0]))


# --- errors -----------------------------------------------------------------

BAD_STRIDES = [
    dict(output_stride=6),            # not a multiple of 4 with the root
    dict(output_stride=64),           # beyond the nominal stride
    dict(output_stride=12),           # 3 is no product of unit strides
    dict(output_stride=3, include_root_block=False),
]


@pytest.mark.parametrize('config', BAD_STRIDES, ids=_config_id)
@pytest.mark.parametrize('version', VERSIONS)
def test_bad_output_stride_raises_like_reference(version, config):
  build = _builder(version, num_classes=2, **config)
  assert harness.raised_by(build, slimcompat) is ValueError
  assert harness.raised_by(build, harness.reference()) is ValueError


@pytest.mark.parametrize('version', VERSIONS)
def test_bad_output_stride_leaves_the_graph_untouched(version):
  with tf.Graph().as_default() as graph:
    m = _module(slimcompat, version)
    images = tf.zeros([1, 32, 32, 3])
    before = len(graph.get_operations())
    with pytest.raises(ValueError, match='output_stride'):
      getattr(m, version)(images, _small_blocks(m, version), output_stride=12)
    assert len(graph.get_operations()) == before
    assert not tf.global_variables()
    # The default scope name was not used up by the failed call.
    net, _ = getattr(m, version)(images, _small_blocks(m, version))
    assert net.name.startswith(version + '/')


# --- checkpoints ------------------------------------------------------------

IMAGE = np.random.RandomState(0).uniform(size=(1, 40, 40, 3)).astype(
    np.float32)


def _graph(slim, version, num_classes, seed, save_to=None, checkpoint=None,
           restore_fn=None):
  """Builds a small net (inference) in a fresh graph, initialises it (then
  saves to `save_to`, restores `checkpoint` fully, or calls the function
  `restore_fn(slim)` returns) and returns (logits, block3 output, logits
  weights value, saved path)."""
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(seed)
    m = _module(slim, version)
    images = tf.placeholder(tf.float32, IMAGE.shape)
    with _resnet_scope(slim, m):
      logits, end_points = getattr(m, version)(
          images, _small_blocks(m, version), num_classes=num_classes,
          is_training=False, scope='small')
    init_fn = restore_fn(slim) if restore_fn else None
    weights = [v for v in tf.global_variables()
               if v.op.name == 'small/logits/weights']
    with tf.Session(graph=graph) as sess:
      sess.run(tf.global_variables_initializer())
      if checkpoint:
        tf.train.Saver().restore(sess, checkpoint)
      if init_fn:
        init_fn(sess)
      saved = tf.train.Saver().save(sess, save_to) if save_to else None
      out = sess.run([logits, end_points['small/block3'], weights[0]],
                     {images: IMAGE})
      return out[0], out[1], out[2], saved


DIRECTIONS = [('reference_to_ours', False), ('ours_to_reference', True)]


@pytest.mark.parametrize('direction', DIRECTIONS,
                         ids=[d[0] for d in DIRECTIONS])
@pytest.mark.parametrize('version', VERSIONS)
def test_checkpoint_round_trip_and_fine_tuning(version, direction, tmp_path):
  _, ours_write = direction
  writer = slimcompat if ours_write else harness.reference()
  reader = harness.reference() if ours_write else slimcompat
  logits, features, _, path = _graph(writer, version, 6, seed=5,
                                     save_to=str(tmp_path / version))

  restored, restored_features, _, _ = _graph(reader, version, 6, seed=11,
                                             checkpoint=path)
  assert np.abs(logits).max() > 0
  np.testing.assert_allclose(restored, logits, atol=1e-5)
  np.testing.assert_allclose(restored_features, features, atol=1e-5)

  # Fine-tuning: everything but the logits layer, into a 4-class net.
  def restore_fn(slim):
    to_restore = slim.get_variables_to_restore(exclude=['small/logits'])
    assert to_restore and not any('logits' in v.op.name for v in to_restore)
    return slim.assign_from_checkpoint_fn(path, to_restore)
  tuned, tuned_features, weights, _ = _graph(reader, version, 4, seed=11,
                                             restore_fn=restore_fn)
  assert tuned.shape == (1, 1, 1, 4) and weights.shape == (1, 1, 16, 4)
  np.testing.assert_allclose(tuned_features, features, atol=1e-5)
