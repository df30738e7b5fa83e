"""Parity of slimcompat.nets.{alexnet, overfeat, vgg} with tf-slim 1.1.0.

Graph structure (variables, collections, end_points, op names) is compared
without running anything, for several configurations; logits are compared
after copying the reference's initial values into ours. Checkpoints written by
one library are restored by the other, and the fine-tuning recipe (restore all
but the logits into a net with another number of classes) is exercised both
ways. AlexNet is the smallest of the three, so the run-heavy tests use it.
"""

import importlib
import inspect

import numpy as np
import pytest

import slimcompat
from slimcompat._compat import tf
from tests.parity import harness

# (module, net function, arg_scope function, default_image_size or None)
NETS = [
    ('alexnet', 'alexnet_v2', 'alexnet_v2_arg_scope', 224),
    ('overfeat', 'overfeat', 'overfeat_arg_scope', None),
    ('vgg', 'vgg_a', 'vgg_arg_scope', 224),
    ('vgg', 'vgg_16', 'vgg_arg_scope', 224),
    ('vgg', 'vgg_19', 'vgg_arg_scope', 224),
]
# Smallest input that gives 1x1 logits.
CLASSIFY_SIZE = {'alexnet_v2': 224, 'overfeat': 231, 'vgg_a': 224,
                 'vgg_16': 224, 'vgg_19': 224}
NET_IDS = [n[1] for n in NETS]

CONFIGS = [
    dict(num_classes=10, is_training=False),
    dict(num_classes=3, is_training=True),
    dict(num_classes=5, spatial_squeeze=False),
    dict(num_classes=4, scope='custom', dropout_keep_prob=0.8),
]


def _module(slim, name):
  return importlib.import_module(slim.__name__ + '.nets.' + name)


def _net_builder(module, net, scope_fn, size, kwargs, batch=1, width=None,
                 with_arg_scope=True, twice=False):
  """A harness build function returning (logits, end_points[, again])."""
  def build(slim):
    m = _module(slim, module)
    images = tf.random_uniform([batch, size, width or size, 3], seed=7)
    if not with_arg_scope:
      return getattr(m, net)(images, **kwargs)
    with slim.arg_scope(getattr(m, scope_fn)()):
      first = getattr(m, net)(images, **kwargs)
      if not twice:
        return first
      with tf.variable_scope(tf.get_variable_scope(), reuse=True):
        second = getattr(m, net)(images, **kwargs)
      return first, second
  return build


def _end_point_facts(end_points):
  return [(key, t.name, tuple(t.get_shape().as_list()))
          for key, t in end_points.items()]


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
  for mine, ref in zip(tf.nest.flatten(ours.result, expand_composites=False),
                       tf.nest.flatten(theirs.result)):
    assert mine.name == ref.name
    assert mine.get_shape().as_list() == ref.get_shape().as_list()
  o_ops, t_ops = _op_names(ours.graph), _op_names(theirs.graph)
  print('%s op-name overlap: %d of ours %d, of reference %d; only ours %s; '
        'only reference %s' % (label, len(o_ops & t_ops), len(o_ops),
                               len(t_ops), sorted(o_ops - t_ops)[:5],
                               sorted(t_ops - o_ops)[:5]))
  assert o_ops == t_ops


@pytest.mark.parametrize('config', CONFIGS, ids=lambda c: '-'.join(
    '%s=%s' % kv for kv in sorted(c.items())))
@pytest.mark.parametrize('spec', NETS, ids=NET_IDS)
def test_graph_structure_matches(spec, config):
  module, net, scope_fn, _ = spec
  build = _net_builder(module, net, scope_fn, CLASSIFY_SIZE[net], config)
  ours, theirs = harness.build_both(build)
  assert (_end_point_facts(ours.result[1]) ==
          _end_point_facts(theirs.result[1]))
  _assert_same_structure(ours, theirs, net)


@pytest.mark.parametrize('spec', NETS, ids=NET_IDS)
def test_fully_convolutional_and_without_arg_scope(spec):
  module, net, scope_fn, _ = spec
  build = _net_builder(module, net, scope_fn, CLASSIFY_SIZE[net] + 64,
                       dict(num_classes=6, spatial_squeeze=False), batch=2,
                       width=CLASSIFY_SIZE[net] + 96, with_arg_scope=False)
  ours, theirs = harness.build_both(build)
  assert ours.result[0].get_shape().as_list()[1:3] != [1, 1]
  assert (_end_point_facts(ours.result[1]) ==
          _end_point_facts(theirs.result[1]))
  _assert_same_structure(ours, theirs, net + ' (fully convolutional)')


@pytest.mark.parametrize('spec', NETS, ids=NET_IDS)
def test_reuse_end_points_match(spec):
  # A second call under a reusing scope: whether its end_points also hold the
  # first call's tensors depends on how the net names its collection.
  module, net, scope_fn, _ = spec
  build = _net_builder(module, net, scope_fn, CLASSIFY_SIZE[net],
                       dict(num_classes=4, is_training=False), twice=True)
  ours, theirs = harness.build_both(build)
  for mine, ref in zip(ours.result, theirs.result):
    assert _end_point_facts(mine[1]) == _end_point_facts(ref[1])
    assert mine[0].name == ref[0].name
  assert ours.variables == theirs.variables


@pytest.mark.parametrize('spec', NETS, ids=NET_IDS)
def test_signatures_and_image_size(spec):
  module, net, scope_fn, size = spec
  ref = _module(harness.reference(), module)
  mine = _module(slimcompat, module)
  for name in (net, scope_fn):
    assert (inspect.signature(getattr(mine, name)) ==
            inspect.signature(getattr(ref, name)))
  assert (getattr(getattr(mine, net), 'default_image_size', None) ==
          getattr(getattr(ref, net), 'default_image_size', None) == size)


def test_vgg_aliases_and_trunc_normal():
  ours, ref = slimcompat.nets.vgg, _module(harness.reference(), 'vgg')
  assert ours.vgg_d is ours.vgg_16 and ours.vgg_e is ours.vgg_19
  assert ref.vgg_d is ref.vgg_16
  for module in ('alexnet', 'overfeat'):
    init = _module(slimcompat, module).trunc_normal(0.25)
    ref_init = _module(harness.reference(), module).trunc_normal(0.25)
    assert init.get_config() == ref_init.get_config()


@pytest.mark.parametrize('spec', NETS, ids=NET_IDS)
def test_arg_scope_contents_match(spec):
  module, _, scope_fn, _ = spec
  ours = getattr(_module(slimcompat, module), scope_fn)(weight_decay=0.01)
  theirs = getattr(_module(harness.reference(), module), scope_fn)(
      weight_decay=0.01)

  def describe(scope):
    facts = {}
    for key, kwargs in scope.items():
      # The keys name the layer functions; keep only the function's name.
      short = str(key).split()[1] if ' ' in str(key) else str(key)
      facts[short.split('.')[-1]] = {
          k: (v if isinstance(v, str) else type(v).__name__)
          for k, v in kwargs.items()}
    return facts
  assert describe(ours) == describe(theirs)


# Logits after copying the reference's variable values into ours. One
# configuration per heavy net, several for AlexNet.
LOGIT_CASES = [
    ('alexnet', 'alexnet_v2', 'alexnet_v2_arg_scope',
     dict(num_classes=7, is_training=False)),
    ('alexnet', 'alexnet_v2', 'alexnet_v2_arg_scope',
     dict(num_classes=7, is_training=True, dropout_keep_prob=1.0)),
    ('alexnet', 'alexnet_v2', 'alexnet_v2_arg_scope',
     dict(num_classes=5, spatial_squeeze=False, is_training=False)),
    ('overfeat', 'overfeat', 'overfeat_arg_scope',
     dict(num_classes=3, is_training=False)),
    ('vgg', 'vgg_a', 'vgg_arg_scope', dict(num_classes=3, is_training=False)),
]


@pytest.mark.parametrize('case', LOGIT_CASES, ids=lambda c: '%s-%s' % (
    c[1], '-'.join('%s=%s' % kv for kv in sorted(c[3].items()))))
def test_logits_match_with_reference_values(case):
  module, net, scope_fn, kwargs = case
  build = _net_builder(module, net, scope_fn, CLASSIFY_SIZE[net], kwargs)
  ours, theirs = harness.build_both(build)
  fetch = lambda b: (b.result[0], b.result[1][list(b.result[1])[0]])
  # The reference initialises once and gives both its values and outputs;
  # ours is never initialised, only loaded with those values (the nets are
  # large, and random initialisation is most of the cost).
  with theirs.graph.as_default(), tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    variables = tf.global_variables()
    ref, values = sess.run([fetch(theirs), variables])
    values = dict(zip([v.op.name for v in variables], values))
  with ours.graph.as_default(), tf.Session() as sess:
    variables = tf.global_variables()
    assert sorted(v.op.name for v in variables) == sorted(values)
    for var in variables:
      var.load(values[var.op.name], sess)
    mine = sess.run(fetch(ours))
  assert np.abs(ref[0]).max() > 0  # not a vacuous comparison
  harness.assert_close(mine, ref)


# --- checkpoints ------------------------------------------------------------

IMAGE = np.random.RandomState(0).uniform(size=(1, 224, 224, 3)).astype(
    np.float32)


def _alexnet_graph(slim, num_classes, checkpoint=None, restore_fn=None):
  """Builds AlexNet (inference) in a fresh graph, initialises it (then
  restores `checkpoint` fully, or calls `restore_fn(slim, sess)`), and
  returns (logits, fc7 output, variable values)."""
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(11)
    m = _module(slim, 'alexnet')
    images = tf.placeholder(tf.float32, IMAGE.shape)
    with slim.arg_scope(m.alexnet_v2_arg_scope()):
      logits, end_points = m.alexnet_v2(images, num_classes=num_classes,
                                        is_training=False)
    init_fn = restore_fn(slim) if restore_fn else None
    with tf.Session(graph=graph) as sess:
      if checkpoint:  # restores every variable: no initialisation needed
        tf.train.Saver().restore(sess, checkpoint)
      else:
        sess.run(tf.global_variables_initializer())
      if init_fn:
        init_fn(sess)
      out = sess.run([logits, end_points['alexnet_v2/fc7']],
                     {images: IMAGE})
      weights = {v.op.name: v for v in tf.global_variables()}
      fc8 = sess.run(weights['alexnet_v2/fc8/weights'])
      return out[0], out[1], fc8


def _save_alexnet(slim, num_classes, path):
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(5)
    m = _module(slim, 'alexnet')
    images = tf.placeholder(tf.float32, IMAGE.shape)
    with slim.arg_scope(m.alexnet_v2_arg_scope()):
      logits, end_points = m.alexnet_v2(images, num_classes=num_classes,
                                        is_training=False)
    with tf.Session(graph=graph) as sess:
      sess.run(tf.global_variables_initializer())
      saved = tf.train.Saver().save(sess, path)
      out = sess.run([logits, end_points['alexnet_v2/fc7']], {images: IMAGE})
      return saved, out[0], out[1]


DIRECTIONS = [('reference_to_ours', False), ('ours_to_reference', True)]


@pytest.mark.parametrize('direction', DIRECTIONS, ids=[d[0] for d in DIRECTIONS])
def test_checkpoint_round_trip_and_fine_tuning(direction, tmp_path):
  _, ours_write = direction
  writer = slimcompat if ours_write else harness.reference()
  reader = harness.reference() if ours_write else slimcompat
  path, logits, fc7 = _save_alexnet(writer, 6, str(tmp_path / 'alexnet'))

  restored_logits, restored_fc7, _ = _alexnet_graph(reader, 6,
                                                    checkpoint=path)
  np.testing.assert_allclose(restored_logits, logits, atol=1e-5)
  np.testing.assert_allclose(restored_fc7, fc7, atol=1e-5)

  # Fine-tuning: everything but the logits layer, into a 4-class net.
  def restore_fn(slim):
    to_restore = slim.get_variables_to_restore(exclude=['alexnet_v2/fc8'])
    assert to_restore and not any('fc8' in v.op.name for v in to_restore)
    return slim.assign_from_checkpoint_fn(path, to_restore)
  tuned_logits, tuned_fc7, fc8 = _alexnet_graph(reader, 4,
                                                restore_fn=restore_fn)
  assert tuned_logits.shape == (1, 4) and fc8.shape == (1, 1, 4096, 4)
  np.testing.assert_allclose(tuned_fc7, fc7, atol=1e-5)
  assert np.abs(fc7).max() > 0


# --- bad input ----------------------------------------------------------------

BAD_INPUTS = [
    pytest.param(dict(shape=[224, 224, 3]), id='rank-3-images'),
    pytest.param(dict(shape=[1, 100, 100, 3]), id='too-small-for-fc6'),
    pytest.param(dict(shape=[1, 224, 224, 3], dtype='int32'), id='int-images'),
    pytest.param(
        dict(shape=[1, 224, 224, 3], num_classes=None), id='no-num-classes'),
]


@pytest.mark.parametrize('bad', BAD_INPUTS)
@pytest.mark.parametrize('spec', [NETS[0], NETS[2]], ids=['alexnet_v2', 'vgg_a'])
def test_bad_input_raises_reference_exception(spec, bad):
  module, net, _, _ = spec
  bad = dict(bad)
  shape, dtype = bad.pop('shape'), bad.pop('dtype', 'float32')

  def build(slim):
    getattr(_module(slim, module), net)(tf.zeros(shape, dtype), **bad)
  ours = harness.raised_by(build, slimcompat)
  theirs = harness.raised_by(build, harness.reference())
  assert theirs is not None
  assert ours is theirs
