"""Inception v1/v2/v3: parity with the reference tf-slim and checkpoint interchange."""

import importlib
import inspect
import os

import numpy as np
import pytest

import slimcompat
from slimcompat._compat import tf
from slimcompat.nets import inception
from tests.parity import harness

NETS = ('inception_v1', 'inception_v2', 'inception_v3')
SCOPES = {'inception_v1': 'InceptionV1', 'inception_v2': 'InceptionV2',
          'inception_v3': 'InceptionV3'}
# Smallest-ish inputs for which every head (incl. v3's aux head) is valid.
SIZES = {'inception_v1': 224, 'inception_v2': 96, 'inception_v3': 107}


def _module(slim, net):
  return importlib.import_module(slim.__name__ + '.nets.' + net)


def _images(net, batch=2):
  size = SIZES[net]
  return np.random.RandomState(0).uniform(
      size=(batch, size, size, 3)).astype(np.float32)


NEEDS_KERAS = harness.needs_reference_layer_path(
    "the nets' default arg_scope (batch-norm updates in UPDATE_OPS)")

# Batch-norm keywords as the nets' arg_scopes set them, but with the updates in
# their own collection, which keeps the reference on its own fused kernel.
_FUSED_BN = {
    'decay': 0.9997, 'epsilon': 0.001, 'updates_collections': 'bn_updates',
    'variables_collections': {'beta': None, 'gamma': None,
                              'moving_mean': ['moving_vars'],
                              'moving_variance': ['moving_vars']}}


def _builder(net, use_arg_scope='fused', **kwargs):
  """A build_fn for the harness returning (logits, end_points, images).

  use_arg_scope: 'default' (the net's arg_scope as is), 'fused' (the net's
  arg_scope with batch-norm updates in their own collection) or None.
  """
  def build(slim):
    module = _module(slim, net)
    images = tf.placeholder(tf.float32, [None, SIZES[net], SIZES[net], 3],
                            name='images')
    fn = getattr(module, net)
    if use_arg_scope is None:
      logits, end_points = fn(images, **kwargs)
    else:
      with slim.arg_scope(getattr(module, net + '_arg_scope')()):
        if use_arg_scope == 'fused':
          with slim.arg_scope([slim.conv2d], normalizer_params=_FUSED_BN):
            logits, end_points = fn(images, **kwargs)
        else:
          logits, end_points = fn(images, **kwargs)
    return logits, end_points, images
  return build


def _run(built, fetches, feed_dict, values):
  """Like `harness.run(..., values=)` but loads all values in one step
  (one assign per variable fed from a placeholder), which keeps these
  few-hundred-variable graphs fast."""
  graph = built.graph
  with graph.as_default():
    assigns, feeds = [], dict(feed_dict)
    for var in graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES):
      if var.op.name in values:
        value = values[var.op.name]
        slot = tf.placeholder(var.dtype.base_dtype, value.shape)
        assigns.append(tf.assign(var, slot))
        feeds[slot] = value
    with tf.Session(graph=graph) as sess:
      sess.run(tf.global_variables_initializer())
      sess.run(assigns, feed_dict=feeds)
      return sess.run(fetches, feed_dict=feed_dict)


def _op_overlap(ours, theirs):
  a = {op.name for op in ours.graph.get_operations()}
  b = {op.name for op in theirs.graph.get_operations()}
  return len(a & b) / float(len(a | b)), sorted(a ^ b)[:20]


def _check_parity(net, run_logits=True, **kwargs):
  ours, theirs = harness.build_both(_builder(net, **kwargs))
  assert ours.variables == theirs.variables
  assert ours.collections == theirs.collections
  o_logits, o_end, _ = ours.result
  t_logits, t_end, _ = theirs.result
  assert o_logits.name == t_logits.name
  assert sorted(o_end) == sorted(t_end)
  for key in t_end:
    assert o_end[key].name == t_end[key].name, key
    assert (o_end[key].get_shape().as_list() ==
            t_end[key].get_shape().as_list()), key
  overlap, diff = _op_overlap(ours, theirs)
  print('%s %s: op-name overlap %.4f; differing (first 20): %s'
        % (net, kwargs, overlap, diff))
  if run_logits:
    values = harness.variable_values(theirs)
    images = _images(net)
    fetch_keys = ['Logits', 'Predictions'] + (
        ['AuxLogits'] if 'AuxLogits' in t_end else [])
    want = _run(theirs, [t_end[k] for k in fetch_keys],
                {theirs.result[2]: images}, values)
    got = _run(ours, [o_end[k] for k in fetch_keys],
               {ours.result[2]: images}, values)
    harness.assert_close(got, want)
  return ours, theirs


@pytest.mark.parametrize('net', NETS)
def test_signatures_and_image_size_match_reference(net):
  ref = _module(harness.reference(), net)
  ours = getattr(inception, net).__module__
  ours = importlib.import_module(ours)
  for name in (net, net + '_base', net + '_arg_scope'):
    assert (inspect.signature(getattr(ours, name)).parameters.keys() ==
            inspect.signature(getattr(ref, name)).parameters.keys()), name
    ref_defaults = [p.default for p in
                    inspect.signature(getattr(ref, name)).parameters.values()]
    our_defaults = [p.default for p in
                    inspect.signature(getattr(ours, name)).parameters.values()]
    assert len(ref_defaults) == len(our_defaults)
    for a, b in zip(our_defaults, ref_defaults):
      if callable(b):
        assert a.__name__ == b.__name__
      else:
        assert a == b, name
  assert getattr(ours, net).default_image_size == getattr(
      ref, net).default_image_size


@pytest.mark.parametrize('net', NETS)
def test_training_graph_parity(net):
  kwargs = dict(num_classes=7, is_training=True, dropout_keep_prob=1.0)
  if net != 'inception_v1':
    kwargs['depth_multiplier'] = 0.25
  _check_parity(net, **kwargs)


@pytest.mark.parametrize('net', NETS)
def test_inference_no_squeeze_parity(net):
  kwargs = dict(num_classes=5, is_training=False, spatial_squeeze=False)
  if net == 'inception_v3':
    kwargs.update(create_aux_logits=False, depth_multiplier=0.5)
  _check_parity(net, **kwargs)


@pytest.mark.parametrize('net', NETS)
def test_no_arg_scope_full_depth_variables(net):
  _check_parity(net, run_logits=False, use_arg_scope=None, num_classes=3)


@NEEDS_KERAS
@pytest.mark.parametrize('net', NETS)
def test_default_arg_scope_parity(net):
  kwargs = dict(num_classes=4, is_training=False)
  if net != 'inception_v1':
    kwargs['depth_multiplier'] = 0.25
  _check_parity(net, use_arg_scope='default', **kwargs)


def test_v3_arg_scope_keywords_parity():
  def build(slim):
    module = _module(slim, 'inception_v3')
    images = tf.zeros([2, SIZES['inception_v3'], SIZES['inception_v3'], 3])
    with slim.arg_scope(module.inception_v3_arg_scope(
        weight_decay=0.1, batch_norm_var_collection='bn_vars',
        updates_collections=None, batch_norm_decay=0.5,
        batch_norm_epsilon=0.01)):
      _, end_points = module.inception_v3(images, num_classes=3,
                                          depth_multiplier=0.25)
    return end_points['Predictions']

  ours, theirs = harness.build_both(build)
  assert ours.variables == theirs.variables
  assert ours.collections == theirs.collections
  values = harness.variable_values(theirs)
  harness.assert_close(_run(ours, ours.result, {}, values),
                       _run(theirs, theirs.result, {}, values))


@pytest.mark.parametrize('net', NETS)
@pytest.mark.parametrize('final', ['first', 'middle', 'last'])
def test_base_end_points_parity(net, final):
  ref = _module(harness.reference(), net)
  points = {'inception_v1': ['Conv2d_1a_7x7', 'Mixed_4c', 'Mixed_5c'],
            'inception_v2': ['Conv2d_1a_7x7', 'Mixed_4a', 'Mixed_5c'],
            'inception_v3': ['Conv2d_1a_3x3', 'Mixed_6a', 'Mixed_7c']}[net]
  final = points[['first', 'middle', 'last'].index(final)]
  del ref

  def build(slim):
    module = _module(slim, net)
    images = tf.zeros([1, SIZES[net], SIZES[net], 3])
    return getattr(module, net + '_base')(images, final_endpoint=final)

  ours, theirs = harness.build_both(build)
  assert ours.variables == theirs.variables
  assert sorted(ours.result[1]) == sorted(theirs.result[1])
  assert ours.result[0].name == theirs.result[0].name
  for key, tensor in theirs.result[1].items():
    assert ours.result[1][key].name == tensor.name


@pytest.mark.parametrize('net', NETS)
def test_bad_arguments_raise_like_reference(net):
  def bad_endpoint(slim):
    images = tf.zeros([1, SIZES[net], SIZES[net], 3])
    getattr(_module(slim, net), net + '_base')(images, final_endpoint='Nope')

  assert harness.raised_by(bad_endpoint, slimcompat) is harness.raised_by(
      bad_endpoint, harness.reference()) is ValueError
  if net == 'inception_v1':
    return

  def bad_multiplier(slim):
    images = tf.zeros([1, SIZES[net], SIZES[net], 3])
    getattr(_module(slim, net), net)(images, depth_multiplier=0.0)

  assert harness.raised_by(bad_multiplier, slimcompat) is harness.raised_by(
      bad_multiplier, harness.reference()) is ValueError


def test_unknown_endpoint_leaves_graph_empty():
  with tf.Graph().as_default() as graph:
    images = tf.zeros([1, 107, 107, 3])
    before = graph.get_operations()
    with pytest.raises(ValueError, match='Mixed_7c'):
      inception.inception_v3_base(images, final_endpoint='Mixed_9z')
    assert graph.get_operations() == before


def _save(slim, net, path, num_classes, values=None):
  graph = tf.Graph()
  with graph.as_default():
    _builder(net, num_classes=num_classes, is_training=False)(slim)
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      if values:
        for var in tf.global_variables():
          var.load(values[var.op.name], sess)
      tf.train.Saver().save(sess, path)


def _restore_and_run(slim, net, path, num_classes, exclude=None):
  graph = tf.Graph()
  with graph.as_default():
    logits, end_points, images = _builder(
        net, num_classes=num_classes, is_training=False)(slim)
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      if exclude:
        restore = slim.get_variables_to_restore(exclude=exclude)
        slim.assign_from_checkpoint_fn(path, restore)(sess)
        return sess.run([logits, end_points.get("PreLogits", logits)],
                        {images: _images(net)})
      tf.train.Saver().restore(sess, path)
      return sess.run(logits, {images: _images(net)})


@pytest.mark.parametrize('net', NETS)
def test_checkpoints_interchange_both_ways(net, tmp_path):
  ref = harness.reference()
  for writer, reader in ((ref, slimcompat), (slimcompat, ref)):
    path = os.path.join(str(tmp_path), writer.__name__, 'model.ckpt')
    _save(writer, net, path, num_classes=4)
    want = _restore_and_run(writer, net, path, num_classes=4)
    got = _restore_and_run(reader, net, path, num_classes=4)
    np.testing.assert_allclose(got, want, atol=1e-5)


@pytest.mark.parametrize('net', NETS)
def test_fine_tuning_recipe_with_other_num_classes(net, tmp_path):
  ref = harness.reference()
  scope = SCOPES[net]
  exclude = [scope + '/Logits'] + (
      [scope + '/AuxLogits'] if net == 'inception_v3' else [])
  path = os.path.join(str(tmp_path), 'model.ckpt')
  _save(ref, net, path, num_classes=6)
  ours = _restore_and_run(slimcompat, net, path, 3, exclude=exclude)
  theirs = _restore_and_run(ref, net, path, 3, exclude=exclude)
  assert ours[0].shape == (2, 3)
  if net == 'inception_v3':
    # The trunk was restored, so what feeds the new logits is the checkpoint's.
    np.testing.assert_allclose(ours[1], theirs[1], atol=1e-5)
