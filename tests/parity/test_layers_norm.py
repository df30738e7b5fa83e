"""Parity of the normalization layers with the reference tf-slim.

For each case both packages build the same model in a fresh graph; the test
compares variables (names, shapes, dtypes, collections, ...), the standard
collections (UPDATE_OPS, REGULARIZATION_LOSSES, ...), the graph's ops, the
output names and aliases, and, in a session: the outputs, their gradients,
the output after one training step (the update ops, or the in-place updates,
run once) and every variable's value after it.  Bad inputs must raise the
same exception class.

tf-slim sends the default `batch_norm` (and renorm / adjustment) through the
legacy Keras BatchNormalization layer; with Keras 3 and no tf_keras
(TF >= 2.16) the reference cannot build those at all.  Such cases are strict
xfails there, and run normally where the reference can build them (TF 2.12).

Unit twins: tests/layers/test_batch_norm.py, tests/layers/test_norms.py.
"""

import collections
import importlib
import re

import numpy as np
import pytest

from slimcompat._compat import tf
from tests.parity import harness

RNG = np.random.RandomState(3)
IMAGES = (RNG.rand(5, 3, 3, 4) * 3 + 1).astype(np.float32)
VOLUMES = (RNG.rand(4, 2, 3, 3, 4) * 2 - 0.5).astype(np.float32)
SEQUENCES = (RNG.rand(5, 6, 4) * 2).astype(np.float32)
FEATURES = (RNG.rand(6, 5) * 4 - 1).astype(np.float32)
WIDE = (RNG.rand(3, 4, 4, 16) * 2 - 1).astype(np.float32)


NEEDS_KERAS = harness.needs_reference_layer_path('this batch_norm call')

# A case: build(slim) -> dict of tensors to compare; feeds: dicts fed in turn
# ({} = no feed); updates: extra update collections to run in the step.
Case = collections.namedtuple('Case', 'build feeds updates keras')


def _case(build, feeds=({},), updates=(), keras=False):
  return Case(build, feeds, updates, keras)


def _bn(data=IMAGES, dtype=tf.float32, placeholder_training=False,
        outputs_collections=None, **kwargs):
  """A batch_norm model: output, gradients w.r.t. input and trainables."""
  def build(slim):
    x = tf.placeholder(dtype, data.shape, name='x')
    if placeholder_training:
      kwargs['is_training'] = tf.placeholder(tf.bool, (), name='is_training')
    out = slim.batch_norm(x, outputs_collections=outputs_collections,
                          **kwargs)
    return _with_gradients(out, x)
  return build


def _with_gradients(out, x):
  # Distinct weights per element, so each output's gradient counts.
  weights = tf.reshape(tf.cos(tf.cast(tf.range(tf.size(out)), out.dtype)),
                       tf.shape(out))
  loss = tf.reduce_sum(tf.cast(out * weights, tf.float32))
  wrt = [x] + tf.trainable_variables()
  return {'out': out, 'grads': tf.gradients(loss, wrt)}


def _feeds(data, dtype=np.float32, training=None):
  if training is None:
    return ({'x:0': data.astype(dtype)},)
  return tuple({'x:0': data.astype(dtype), 'is_training:0': value}
               for value in training)


def _initializers(channels):
  return {
      'beta': tf.constant_initializer(np.linspace(-0.5, 0.5, channels)),
      'gamma': tf.constant_initializer(np.linspace(0.5, 1.5, channels)),
      'moving_mean': tf.constant_initializer(np.linspace(0.1, 0.9, channels)),
      'moving_variance': tf.constant_initializer(
          np.linspace(0.5, 2.0, channels)),
  }


def _l2(weight):
  return lambda t: tf.multiply(weight, tf.nn.l2_loss(t), name='l2')


def _batch_norm_cases():
  img = _feeds(IMAGES)
  both = _feeds(IMAGES, training=(True, False))
  cases = {
      # slim's own fused path (rank 2, zero-debias, custom updates).
      'fused_rank2': _case(_bn(FEATURES), _feeds(FEATURES)),
      'fused_rank2_nchw': _case(_bn(FEATURES, data_format='NCHW',
                                    scale=True), _feeds(FEATURES)),
      'fused_rank2_training_placeholder': _case(
          _bn(FEATURES, placeholder_training=True),
          _feeds(FEATURES, training=(True, False))),
      'fused_updates_in_place': _case(
          _bn(updates_collections=None, scale=True, decay=0.5), img),
      'fused_updates_in_place_placeholder': _case(
          _bn(updates_collections=None, placeholder_training=True), both),
      'fused_custom_updates': _case(
          _bn(updates_collections='my_updates', decay=0.9,
              param_initializers=_initializers(4)), img, ('my_updates',)),
      'fused_zero_debias': _case(
          _bn(zero_debias_moving_mean=True, decay=0.8), img),
      'fused_zero_debias_in_place': _case(
          _bn(zero_debias_moving_mean=True, updates_collections=None,
              scale=True), img),
      'fused_eval': _case(
          _bn(is_training=False, updates_collections=None,
              param_initializers=_initializers(4), scale=True), img),
      'fused_regularizers_collections': _case(
          _bn(scale=True, updates_collections=None,
              param_regularizers={'beta': _l2(0.1), 'gamma': _l2(0.2)},
              variables_collections={'beta': ['betas'],
                                     'moving_mean': ['means']},
              outputs_collections='outputs', scope='bn1'), img),
      'fused_float16': _case(_bn(FEATURES, dtype=tf.float16),
                             _feeds(FEATURES, np.float16)),
      'fused_activation_center_false': _case(
          _bn(center=False, scale=True, activation_fn=tf.nn.relu,
              updates_collections=None), img),
      # The moments path (batch_weights, custom updates without fusing).
      'moments_custom_updates': _case(
          _bn(fused=False, updates_collections='my_updates', decay=0.7),
          img, ('my_updates',)),
      'moments_in_place': _case(
          _bn(fused=False, updates_collections=None, scale=True), img),
      'moments_in_place_nchw': _case(
          _bn(fused=False, updates_collections=None, data_format='NCHW',
              scale=True, param_initializers=_initializers(3)), img),
      'moments_in_place_placeholder': _case(
          _bn(fused=False, updates_collections=None,
              placeholder_training=True), both),
      'moments_custom_updates_placeholder': _case(
          _bn(fused=False, updates_collections='my_updates',
              placeholder_training=True), both, ('my_updates',)),
      'moments_zero_debias': _case(
          _bn(fused=False, zero_debias_moving_mean=True, decay=0.6), img),
      'moments_batch_weights': _case(
          _bn(batch_weights=np.array([1.0, 2.0, 0.5, 1.0, 3.0], np.float32),
              scale=True, variables_collections=['norm_vars']), img),
      'moments_rank3_nchw_eval': _case(
          _bn(SEQUENCES, fused=False, data_format='NCHW', is_training=False,
              updates_collections=None,
              param_initializers=_initializers(6)),
          _feeds(SEQUENCES)),
      # What the reference delegates to the Keras layer.
      'layer_fused_default': _case(_bn(), img, keras=True),
      'layer_fused_scale_relu': _case(
          _bn(scale=True, activation_fn=tf.nn.relu, decay=0.9,
              param_initializers=_initializers(4)), img, keras=True),
      'layer_fused_placeholder': _case(
          _bn(placeholder_training=True), both, keras=True),
      'layer_fused_eval': _case(
          _bn(is_training=False, param_initializers=_initializers(4)), img,
          keras=True),
      'layer_fused_rank5': _case(_bn(VOLUMES), _feeds(VOLUMES), keras=True),
      'layer_fused_float16': _case(_bn(dtype=tf.float16),
                                   _feeds(IMAGES, np.float16), keras=True),
      'layer_moments': _case(_bn(fused=False, scale=True), img, keras=True),
      'layer_moments_nchw': _case(
          _bn(fused=False, data_format='NCHW', scale=True,
              param_initializers=_initializers(3)), img, keras=True),
      'layer_moments_rank3': _case(_bn(SEQUENCES), _feeds(SEQUENCES),
                                   keras=True),
      'layer_moments_placeholder': _case(
          _bn(fused=False, placeholder_training=True), both, keras=True),
      'layer_moments_eval': _case(
          _bn(fused=False, is_training=False,
              param_initializers=_initializers(4)), img, keras=True),
      'layer_moments_float16': _case(
          _bn(fused=False, dtype=tf.float16), _feeds(IMAGES, np.float16),
          keras=True),
      'layer_moments_float64': _case(
          _bn(dtype=tf.float64), _feeds(IMAGES, np.float64), keras=True),
      'layer_regularizers_collections': _case(
          _bn(scale=True, param_regularizers={'beta': _l2(0.1),
                                              'gamma': _l2(0.3)},
              variables_collections=['norm_vars'],
              outputs_collections='outputs', scope='block/bn'), img,
          keras=True),
      'layer_trainable_false': _case(
          _bn(scale=True, trainable=False, fused=False), img, keras=True),
      'layer_renorm': _case(
          _bn(renorm=True, scale=True, decay=0.9, renorm_decay=0.8), img,
          keras=True),
      'layer_renorm_clipping': _case(
          _bn(renorm=True, scale=True, renorm_clipping={
              'rmax': 1.2, 'rmin': 0.9, 'dmax': 0.1},
              param_initializers=_initializers(4)), img, keras=True),
      'layer_renorm_placeholder': _case(
          _bn(renorm=True, placeholder_training=True), both, keras=True),
      'layer_fused_learning_phase': _case(
          _bn(is_training=None), img + ({'x:0': IMAGES,
                                          'keras_learning_phase:0': True},),
          keras=True),
      'layer_moments_learning_phase': _case(
          _bn(is_training=None, fused=False, scope='bn'),
          img + ({'x:0': IMAGES, 'keras_learning_phase:0': True},),
          keras=True),
      'layer_adjustment': _case(
          _bn(adjustment=lambda shape: (tf.fill(shape[-1:], 1.05),
                                        tf.fill(shape[-1:], -0.1)),
              scale=True), img, keras=True),
  }
  return cases


def _reuse_case(slim):
  x = tf.placeholder(tf.float32, IMAGES.shape, name='x')
  train = slim.batch_norm(x, scope='BN', updates_collections=None,
                          decay=0.5)
  evaluate = slim.batch_norm(x, scope='BN', reuse=True, is_training=False,
                             updates_collections=None)
  return {'train': train, 'eval': evaluate}


def _reuse_layer_case(slim):
  x = tf.placeholder(tf.float32, IMAGES.shape, name='x')
  train = slim.batch_norm(x, scope='BN', fused=False)
  evaluate = slim.batch_norm(x, scope='BN', reuse=True, is_training=False)
  fused = slim.batch_norm(x, scope='BN', reuse=True)
  return {'train': train, 'eval': evaluate, 'fused': fused}


def _partitioned_case(slim):
  x = tf.placeholder(tf.float32, IMAGES.shape, name='x')
  partitioner = tf.fixed_size_partitioner(2, axis=0)
  with tf.variable_scope(tf.get_variable_scope(), partitioner=partitioner):
    out = slim.batch_norm(x, is_training=False, scale=True,
                          variables_collections=['norm_vars'])
  return {'out': out}


def _arg_scope_case(slim):
  x = tf.placeholder(tf.float32, IMAGES.shape, name='x')
  with slim.arg_scope([slim.batch_norm], decay=0.5, scale=True,
                      updates_collections=None):
    with slim.arg_scope([slim.model_variable], device='/cpu:0'):
      out = slim.batch_norm(x)
  return _with_gradients(out, x)


def _model_variable_regularizer_case(layer_path):
  """An arg_scope regularizer on model_variable reaches exactly the
  variables tf-slim creates without passing a regularizer itself."""
  def build(slim):
    x = tf.placeholder(tf.float32, IMAGES.shape, name='x')
    outputs = []
    with slim.arg_scope([slim.model_variable], regularizer=_l2(0.5)):
      if layer_path:
        outputs.append(slim.batch_norm(x, scale=True, scope='layer'))
      outputs.append(slim.batch_norm(x, scale=True, scope='fused',
                                     updates_collections=None))
      outputs.append(slim.batch_norm(x, scale=True, scope='moments',
                                     fused=False, updates_collections=None,
                                     zero_debias_moving_mean=True))
      outputs.append(slim.layer_norm(x))
      outputs.append(slim.instance_norm(x))
      outputs.append(slim.group_norm(x, groups=2))
    return {'out': outputs}
  return build


def _layer_norm(data=IMAGES, dtype=tf.float32, **kwargs):
  def build(slim):
    x = tf.placeholder(dtype, data.shape, name='x')
    return _with_gradients(slim.layer_norm(x, **kwargs), x)
  return build


def _instance_norm(data=IMAGES, dtype=tf.float32, **kwargs):
  def build(slim):
    x = tf.placeholder(dtype, data.shape, name='x')
    return _with_gradients(slim.instance_norm(x, **kwargs), x)
  return build


def _group_norm(data=WIDE, shape=None, **kwargs):
  def build(slim):
    x = tf.placeholder(tf.float32, shape or data.shape, name='x')
    return _with_gradients(slim.group_norm(x, **kwargs), x)
  return build


def _unit_norm(data=IMAGES, shape=None, **kwargs):
  def build(slim):
    x = tf.placeholder(tf.float32, shape or data.shape, name='x')
    return _with_gradients(slim.unit_norm(x, **kwargs), x)
  return build


def _poincare(axis, **kwargs):
  def build(slim):
    x = tf.placeholder(tf.float32, SEQUENCES.shape, name='x')
    # tf_slim's package binds `tf_slim.layers` to its layers.layers module,
    # so reach the module by its import path in both packages.
    layers = importlib.import_module(slim.__name__ + '.layers.layers')
    out = layers.poincare_normalize(x * 2.0, axis, **kwargs)
    return _with_gradients(out, x)
  return build


def _gdn(data=IMAGES, **kwargs):
  def build(slim):
    x = tf.placeholder(tf.float32, data.shape, name='x')
    # The reference registers no gradient for GDN: compare outputs only.
    out = slim.layers.gdn(x, **kwargs)
    return {'out': out}
  return build


def _gdn_layer_object(slim):
  x = tf.placeholder(tf.float32, SEQUENCES.shape, name='x')
  layer = slim.layers.GDN(name='g', activity_regularizer=tf.reduce_sum)
  first, second = layer(x), layer.apply(x * 2.0)
  with tf.variable_scope('outer'):
    third = slim.layers.gdn(x, inverse=True, gamma_init=0.3)
  return {'out': [first, second, third, layer.beta, layer.gamma]}


def _other_cases():
  img = _feeds(IMAGES)
  wide = _feeds(WIDE)
  return {
      'batch_norm_reuse': _case(_reuse_case, img),
      'batch_norm_reuse_layer': _case(_reuse_layer_case, img, keras=True),
      'batch_norm_partitioner': _case(_partitioned_case, img, keras=True),
      'batch_norm_arg_scope': _case(_arg_scope_case, img),
      'model_variable_regularizer': _case(
          _model_variable_regularizer_case(False), img),
      'model_variable_regularizer_layer_path': _case(
          _model_variable_regularizer_case(True), img, keras=True),
      'layer_norm': _case(_layer_norm(), img),
      'layer_norm_options': _case(
          _layer_norm(begin_norm_axis=-1, begin_params_axis=-2,
                      activation_fn=tf.nn.relu, variables_collections={
                          'gamma': ['gammas']},
                      outputs_collections='outputs', scope='ln'), img),
      'layer_norm_no_params_float16': _case(
          _layer_norm(dtype=tf.float16, center=False, scale=False),
          _feeds(IMAGES, np.float16)),
      'layer_norm_2d_float64': _case(
          _layer_norm(FEATURES, tf.float64, trainable=False),
          _feeds(FEATURES, np.float64)),
      'instance_norm': _case(_instance_norm(), img),
      'instance_norm_nchw': _case(
          _instance_norm(data_format='NCHW', activation_fn=tf.nn.relu,
                         param_initializers=_initializers(3),
                         outputs_collections='outputs'), img),
      'instance_norm_5d_no_params': _case(
          _instance_norm(VOLUMES, center=False, scale=False, epsilon=0.1),
          _feeds(VOLUMES)),
      'group_norm': _case(_group_norm(groups=4), wide),
      'group_norm_nchw': _case(
          _group_norm(groups=2, channels_axis=-3, reduction_axes=(-2, -1),
                      param_initializers=_initializers(4),
                      variables_collections=['norm_vars'],
                      outputs_collections='outputs'), wide),
      'group_norm_unknown_batch': _case(
          _group_norm(shape=(None, 4, 4, 16), groups=8,
                      mean_close_to_zero=True, activation_fn=tf.nn.relu),
          wide),
      'group_norm_one_group_float_params': _case(
          _group_norm(groups=1, center=False, trainable=False), wide),
      'unit_norm': _case(_unit_norm(dim=3), img),
      'unit_norm_dynamic': _case(
          _unit_norm(shape=(None, None, 3, 4), dim=1, epsilon=1e-3), img),
      'unit_norm_first_axis': _case(_unit_norm(dim=0, scope='un'), img),
      'poincare_normalize': _case(_poincare(1), _feeds(SEQUENCES)),
      'poincare_normalize_axes': _case(
          _poincare([0, 2], epsilon=0.1, name='ball'), _feeds(SEQUENCES)),
      'gdn_nhwc': _case(_gdn(), img),
      'gdn_rank3_inverse': _case(_gdn(SEQUENCES, inverse=True),
                                 _feeds(SEQUENCES)),
      'gdn_rank5_options': _case(
          _gdn(VOLUMES, beta_min=0.01, gamma_init=0.4, reparam_offset=0.01,
               name='g5'), _feeds(VOLUMES)),
      'gdn_layer_object': _case(_gdn_layer_object, _feeds(SEQUENCES)),
  }


CASES = dict(_batch_norm_cases())
CASES.update(_other_cases())


def _params():
  params = []
  for name in sorted(CASES):
    marks = [NEEDS_KERAS] if CASES[name].keras else []
    params.append(pytest.param(name, marks=marks, id=name))
  return params


# Outputs of a cond that the reference's Keras layer exposes for gradients
# (TensorFlow adds them when it sees a Keras layer being built), and the
# zeros the gradient feeds into them: internal ops only.
_COND_INTERMEDIATE = re.compile(
    r'/cond(_\d+)?(_grad)?/Identity_\d+$|^gradients/zeros_like(_\d+)?$')


def _assert_same_ops(ours, theirs):
  # Devices and colocation too: moving-average updates live with their variable.
  ours_ops, theirs_ops = (harness.ops(b, devices=True, colocation=True)
                          for b in (ours, theirs))
  missing = [op for op in theirs_ops if op not in ours_ops and
             not _COND_INTERMEDIATE.search(op[0])]
  extra = [op for op in ours_ops if op not in theirs_ops]
  assert not missing and not extra, (missing, extra)


def _collections(built, names):
  graph = built.graph
  return {name: [getattr(item, 'name', repr(item))
                 for item in graph.get_collection(name)] for name in names}


def _names(result):
  # Gradient tensors are internal; their names follow the cond internals.
  visible = {key: value for key, value in result.items() if key != 'grads'}
  return tf.nest.map_structure(
      lambda t: None if t is None else t.name, visible)


def _aliases(built):
  return [(t.name, list(getattr(t, 'aliases', [])))
          for t in built.graph.get_collection('outputs')]


def _session_values(built, case):
  """Per feed: outputs before, then after one training step; variables."""
  graph = built.graph
  fetches = tf.nest.map_structure(lambda t: t, built.result)
  results = []
  with graph.as_default():
    updates = graph.get_collection(tf.GraphKeys.UPDATE_OPS)
    for name in case.updates:
      updates = updates + graph.get_collection(name)
    global_vars = graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)
    for feed in case.feeds:
      with tf.Session(graph=graph) as sess:
        sess.run(tf.global_variables_initializer())
        before = sess.run(fetches, feed)
        sess.run([fetches] + list(updates), feed)
        after = sess.run(fetches, feed)
        values = dict(zip([v.op.name for v in global_vars],
                          sess.run(global_vars)))
      results.append((before, after, values))
  return results


@pytest.mark.parametrize('name', _params())
def test_graph_and_values_match_reference(name):
  case = CASES[name]
  ours, theirs = harness.build_both(case.build)
  assert ours.variables == theirs.variables
  assert ours.collections == theirs.collections
  extra = ('my_updates', 'betas', 'means', 'gammas', 'norm_vars', 'outputs')
  assert _collections(ours, extra) == _collections(theirs, extra)
  assert _aliases(ours) == _aliases(theirs)
  assert _names(ours.result) == _names(theirs.result)
  _assert_same_ops(ours, theirs)
  for (ours_before, ours_after, ours_vars), (
      theirs_before, theirs_after, theirs_vars) in zip(
          _session_values(ours, case), _session_values(theirs, case)):
    atol = 2e-3 if 'float16' in name else 1e-5
    harness.assert_close(ours_before, theirs_before, atol=atol)
    harness.assert_close(ours_after, theirs_after, atol=atol)
    assert sorted(ours_vars) == sorted(theirs_vars)
    for key in ours_vars:
      harness.assert_close(ours_vars[key], theirs_vars[key], atol=atol)


def _placeholder(shape, dtype=tf.float32):
  return tf.placeholder(dtype, shape, name='x')


# name -> (build(slim) expected to raise, whether it needs the Keras path)
BAD_INPUTS = {
    'bn_unknown_rank_fused_path': (
        lambda s: s.batch_norm(_placeholder(None),
                               zero_debias_moving_mean=True), False),
    'bn_unknown_rank_moments_path': (
        lambda s: s.batch_norm(_placeholder(None), updates_collections=None,
                               fused=False), False),
    'bn_bad_data_format': (
        lambda s: s.batch_norm(_placeholder(None), data_format='CHWN'),
        False),
    'bn_bad_data_format_fused_path': (
        lambda s: s.batch_norm(_placeholder((2, 3)), data_format='NCWH'),
        False),
    'bn_rank2_unknown_channels': (
        lambda s: s.batch_norm(_placeholder((5, None))), False),
    'bn_unknown_channels_custom_updates': (
        lambda s: s.batch_norm(_placeholder((5, 3, 3, None)),
                               updates_collections='my_updates'), False),
    'bn_unknown_channels_moments': (
        lambda s: s.batch_norm(_placeholder((5, 3, None)),
                               zero_debias_moving_mean=True), False),
    'bn_renorm_with_batch_weights': (
        lambda s: s.batch_norm(_placeholder((5, 3, 3, 4)), renorm=True,
                               batch_weights=tf.ones([5])), False),
    'bn_batch_weights_wrong_size': (
        lambda s: s.batch_norm(_placeholder((5, 3, 3, 4)),
                               batch_weights=tf.ones([4])), False),
    'bn_fused_float64_rank2': (
        lambda s: s.batch_norm(_placeholder((5, 3), tf.float64)), False),
    'bn_training_none_outside_layer_path': (
        lambda s: s.batch_norm(_placeholder((5, 3)), is_training=None),
        False),
    'bn_unknown_rank_layer_path': (
        lambda s: s.batch_norm(_placeholder(None)), True),
    'bn_unknown_channels_layer_path': (
        lambda s: s.batch_norm(_placeholder((5, 3, None))), True),
    'bn_renorm_bad_clipping_keys': (
        lambda s: s.batch_norm(_placeholder((5, 3, 3, 4)), renorm=True,
                               renorm_clipping={'r_max': 1.0}), True),
    'ln_unknown_rank': (lambda s: s.layer_norm(_placeholder(None)), False),
    'ln_params_not_defined': (
        lambda s: s.layer_norm(_placeholder((5, 3, None))), False),
    'ln_norm_axis_too_big': (
        lambda s: s.layer_norm(_placeholder((5, 3)), begin_norm_axis=2),
        False),
    'in_unknown_rank': (lambda s: s.instance_norm(_placeholder(None)), False),
    'in_bad_data_format': (
        lambda s: s.instance_norm(_placeholder((2, 3, 4)),
                                  data_format='NHCW'), False),
    'in_unknown_channels': (
        lambda s: s.instance_norm(_placeholder((2, None, 3, 3)),
                                  data_format='NCHW'), False),
    'gn_unknown_rank': (lambda s: s.group_norm(_placeholder(None)), False),
    'gn_channels_axis_out_of_bounds': (
        lambda s: s.group_norm(_placeholder((1, 2, 4, 8)), channels_axis=5),
        False),
    'gn_reduction_axis_out_of_bounds': (
        lambda s: s.group_norm(_placeholder((1, 2, 4, 8)),
                               reduction_axes=[1, 5]), False),
    'gn_not_mutually_exclusive': (
        lambda s: s.group_norm(_placeholder((2, 4, 4, 8)), channels_axis=1,
                               reduction_axes=[1, 3]), False),
    'gn_unknown_reduction_dim': (
        lambda s: s.group_norm(_placeholder((5, None, 4, 8)), groups=2),
        False),
    'gn_unknown_channels': (
        lambda s: s.group_norm(_placeholder((5, 4, 4, None))), False),
    'gn_too_many_groups': (
        lambda s: s.group_norm(_placeholder((5, 4, 4, 8)), groups=10),
        False),
    'gn_groups_not_dividing': (
        lambda s: s.group_norm(_placeholder((5, 4, 4, 8)), groups=3), False),
    'un_unknown_rank': (lambda s: s.unit_norm(_placeholder(None), 1), False),
    'un_dim_too_big': (
        lambda s: s.unit_norm(_placeholder((2, 3)), dim=2), False),
    'un_negative_dim': (
        lambda s: s.unit_norm(_placeholder((2, 3)), dim=-1), False),
    'gdn_bad_data_format': (
        lambda s: s.layers.gdn(_placeholder((2, 3, 4)), data_format='NHWC'),
        False),
    'gdn_rank2': (lambda s: s.layers.gdn(_placeholder((2, 3))), False),
    'gdn_rank6': (
        lambda s: s.layers.gdn(_placeholder((1, 2, 3, 4, 3, 2))), False),
    'gdn_unknown_channels': (
        lambda s: s.layers.gdn(_placeholder([None] * 4)), False),
    'gdn_unknown_rank': (lambda s: s.layers.gdn(_placeholder(None)), False),
    'gdn_layer_wrong_channels_later': (lambda s: _second_call(s), False),
}


def _second_call(slim):
  layer = slim.layers.GDN(name='h')
  layer(tf.zeros([2, 3, 4]))
  layer(tf.zeros([2, 3, 5]))


def _bad_input_params():
  return [pytest.param(name, marks=[NEEDS_KERAS] if keras else [], id=name)
          for name, (_, keras) in sorted(BAD_INPUTS.items())]


@pytest.mark.parametrize('name', _bad_input_params())
def test_bad_input_raises_same_class(name):
  harness.assert_raises_like_reference(BAD_INPUTS[name][0])


def test_gdn_gradient_missing_in_reference_only():
  """The reference overrides Maximum's gradient with a name it never
  registers, so its GDN cannot be trained; ours has the intended gradient."""
  def build(slim):
    x = tf.placeholder(tf.float32, (2, 3, 4), name='x')
    out = slim.layers.gdn(x)
    return tf.gradients(tf.reduce_sum(out), [x] + tf.trainable_variables())

  import slimcompat
  assert harness.raised_by(build, harness.reference()) is LookupError
  assert harness.raised_by(build, slimcompat) is None


@pytest.fixture
def ref_variables():
  """Builds with resource variables off (as after disable_v2_behavior)."""
  was_enabled = tf.resource_variables_enabled()
  tf.disable_resource_variables()
  yield
  if was_enabled:
    tf.enable_resource_variables()


@pytest.mark.parametrize('name', [
    'fused_zero_debias', 'moments_custom_updates',
    pytest.param('layer_fused_default', marks=NEEDS_KERAS),
    pytest.param('layer_renorm', marks=NEEDS_KERAS), 'layer_norm',
    'group_norm', 'gdn_nhwc'])
def test_reference_variables_match_too(ref_variables, name):
  del ref_variables  # only its effect
  case = CASES[name]
  ours, theirs = harness.build_both(case.build)
  assert not any(facts.resource for facts in theirs.variables.values())
  assert ours.variables == theirs.variables
  assert ours.collections == theirs.collections
  assert _names(ours.result) == _names(theirs.result)
  for ours_values, theirs_values in zip(_session_values(ours, case),
                                        _session_values(theirs, case)):
    harness.assert_close(ours_values[:2], theirs_values[:2])
