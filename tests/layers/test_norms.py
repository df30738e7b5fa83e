"""Unit tests of layers/_layer_norm.py, _unit_norm.py, _gdn.py (layer_norm,
unit_norm, GDN, gdn) and normalization.py (instance_norm, group_norm) against
NumPy.  Parity twin: tests/parity/test_layers_norm.py."""

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf
from slimcompat.layers import normalization

RNG = np.random.RandomState(13)
IMAGES = (RNG.rand(3, 4, 5, 6) * 4 - 1).astype(np.float32)
VOLUMES = (RNG.rand(2, 3, 4, 2, 5) * 2).astype(np.float32)
SEQUENCES = (RNG.rand(3, 7, 4) * 2 - 1).astype(np.float32)


def _standardize(data, axes, epsilon):
  mean = data.mean(axis=axes, keepdims=True)
  variance = data.var(axis=axes, keepdims=True)
  return (data - mean) / np.sqrt(variance + epsilon)


# ---- layer_norm ---------------------------------------------------------------


@pytest.mark.parametrize('begin_norm_axis,begin_params_axis', [
    (1, -1), (-1, -1), (2, 1), (3, -2)])
def test_layer_norm_values_and_parameter_shapes(graph, begin_norm_axis,
                                                begin_params_axis):
  out = slim.layer_norm(IMAGES, begin_norm_axis=begin_norm_axis,
                        begin_params_axis=begin_params_axis)
  assert out.op.name == 'LayerNorm/batchnorm/add_1'
  params_shape = list(IMAGES.shape[begin_params_axis:])
  beta = slim.get_variables_by_name('beta')[0]
  gamma = slim.get_variables_by_name('gamma')[0]
  assert beta.shape.as_list() == gamma.shape.as_list() == params_shape
  beta_value = RNG.rand(*params_shape).astype(np.float32)
  gamma_value = RNG.rand(*params_shape).astype(np.float32)
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    beta.load(beta_value, sess)
    gamma.load(gamma_value, sess)
    got = sess.run(out)
  axes = tuple(range(begin_norm_axis % 4, 4))
  np.testing.assert_allclose(
      got, _standardize(IMAGES, axes, 1e-12) * gamma_value + beta_value,
      atol=1e-4)


def test_layer_norm_float16_uses_a_representable_epsilon(graph, run):
  constant = np.full((2, 8), 3.0, np.float16)
  out = slim.layer_norm(constant, center=False, scale=False)
  assert tf.global_variables() == []
  got = run(out)
  assert out.dtype == tf.float16
  assert np.isfinite(got).all()
  np.testing.assert_allclose(got, 0)


def test_layer_norm_variables_collections_and_alias(graph):
  out = slim.layer_norm(IMAGES, activation_fn=tf.nn.relu, trainable=False,
                        variables_collections={'beta': ['betas']},
                        outputs_collections='outputs', scope='ln')
  assert out.op.name == 'ln/Relu'
  assert out.aliases == ['ln']
  assert [v.op.name for v in slim.get_model_variables()] == ['ln/beta',
                                                            'ln/gamma']
  assert [v.op.name for v in tf.get_collection('betas')] == ['ln/beta']
  assert tf.trainable_variables() == []


def test_layer_norm_reuse(graph, run):
  first = slim.layer_norm(IMAGES, scope='ln')
  second = slim.layer_norm(IMAGES, scope='ln', reuse=True)
  assert len(tf.global_variables()) == 2
  a, b = run([first, second])
  np.testing.assert_allclose(a, b)


@pytest.mark.parametrize('shape,kwargs,message', [
    (None, {}, 'undefined rank'),
    ((3, 4, None), {}, 'is not fully defined'),
    ((3, 4), {'begin_norm_axis': 2}, r'must be < rank\(inputs\)'),
    ((3, 4), {'begin_params_axis': 2}, r'must be < rank\(inputs\)'),
])
def test_layer_norm_bad_inputs(graph, shape, kwargs, message):
  with pytest.raises(ValueError, match=message):
    slim.layer_norm(tf.placeholder(tf.float32, shape), **kwargs)
  assert tf.global_variables() == []


# ---- unit_norm ----------------------------------------------------------------


@pytest.mark.parametrize('dim', [0, 1, 3])
def test_unit_norm_values(graph, dim, run):
  x = tf.placeholder(tf.float32, (None, None, 5, 6))
  out = slim.unit_norm(x, dim=dim, epsilon=1e-3)
  assert out.op.name == 'UnitNorm/div'
  expected = IMAGES / np.sqrt(1e-3 + (IMAGES**2).sum(axis=dim, keepdims=True))
  np.testing.assert_allclose(run(out, {x: IMAGES}), expected, rtol=1e-5)


@pytest.mark.parametrize('shape,dim', [(None, 0), ((2, 3), 2), ((2, 3), -1)])
def test_unit_norm_bad_inputs(graph, shape, dim):
  with pytest.raises(ValueError):
    slim.unit_norm(tf.placeholder(tf.float32, shape), dim=dim)


# ---- poincare_normalize ------------------------------------------------------


@pytest.mark.parametrize('axis', [0, 1, 2, [1, 2]])
def test_poincare_normalize_projects_long_slices_only(graph, axis, run):
  data = np.concatenate([SEQUENCES, SEQUENCES * 0.05], axis=0)
  out = slim.layers.layers.poincare_normalize(data, axis, epsilon=0.01)
  assert out.op.name == 'poincare_normalize'
  norms = np.sqrt((data**2).sum(axis=tuple(np.atleast_1d(axis)),
                                keepdims=True))
  expected = np.where(norms > 0.99, data * 0.99 / norms, data)
  np.testing.assert_allclose(run(out), expected, rtol=1e-5)


def test_poincare_normalize_name_and_gradient(graph):
  # Slices well outside and well inside the ball (away from the kink).
  data = SEQUENCES * np.array([3.0, 0.1, 3.0])[:, None, None]
  x = tf.constant(data)
  out = slim.layers.layers.poincare_normalize(x, axis=2, name='ball')
  assert out.op.name == 'ball'
  with tf.Session():
    # x_init_value pins the point: left out, TF draws a random one, which may
    # land on the kink at norm 1 - epsilon.
    error = tf.test.compute_gradient_error(x, SEQUENCES.shape, out,
                                           SEQUENCES.shape, x_init_value=data)
  assert error < 1e-6


# ---- GDN ------------------------------------------------------------------------


def _gdn_numpy(data, channel_axis, beta, gamma, inverse=False):
  moved = np.moveaxis(data, channel_axis, -1)
  pool = np.sqrt(beta + np.tensordot(moved**2, gamma, axes=[[-1], [0]]))
  out = moved * pool if inverse else moved / pool
  return np.moveaxis(out, -1, channel_axis)


@pytest.mark.parametrize('data', [SEQUENCES, IMAGES, VOLUMES],
                         ids=['rank3', 'rank4', 'rank5'])
@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('inverse', [False, True])
def test_gdn_values_with_trained_parameters(graph, data, data_format,
                                            inverse):
  channel_axis = -1 if data_format == 'channels_last' else 1
  channels = data.shape[channel_axis]
  out = slim.layers.gdn(data, inverse=inverse, data_format=data_format)
  assert out.op.name == 'gdn/' + ('mul' if inverse else 'truediv')
  reparam_beta, reparam_gamma = tf.global_variables()
  assert reparam_beta.op.name == 'gdn/reparam_beta'
  assert reparam_gamma.shape.as_list() == [channels, channels]
  beta_value = RNG.rand(channels).astype(np.float32) + 0.5
  gamma_value = RNG.rand(channels, channels).astype(np.float32) * 0.3
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    # At initialisation gamma is 0.1 * identity and beta is 1.
    np.testing.assert_allclose(
        sess.run(out), _gdn_numpy(data, channel_axis, 1.0,
                                  0.1 * np.eye(channels), inverse),
        atol=1e-5)
    reparam_beta.load(np.sqrt(beta_value + 2.0**-36), sess)
    reparam_gamma.load(np.sqrt(gamma_value + 2.0**-36), sess)
    got = sess.run(out)
  np.testing.assert_allclose(
      got, _gdn_numpy(data, channel_axis, beta_value, gamma_value, inverse),
      atol=1e-5)


def test_gdn_parameters_are_bounded_below(graph):
  layer = slim.layers.GDN(beta_min=0.25)
  layer(SEQUENCES)
  reparam_beta, reparam_gamma = layer.variables
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    reparam_beta.load(np.zeros(4), sess)
    reparam_gamma.load(-np.ones((4, 4)), sess)
    beta, gamma = sess.run([layer.beta, layer.gamma])
  np.testing.assert_allclose(beta, 0.25, rtol=1e-5)
  np.testing.assert_allclose(gamma, 0, atol=1e-10)


def test_gdn_gradient_matches_finite_differences(graph):
  data = SEQUENCES[:1, :3].astype(np.float64)
  x = tf.placeholder(tf.float64, data.shape)
  out = slim.layers.gdn(x, gamma_init=0.3)
  weights = RNG.rand(*data.shape)
  loss = tf.reduce_sum(out * weights)
  reparam_beta, reparam_gamma = tf.trainable_variables()
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    theoretical, numerical = tf.test.compute_gradient(
        x, data.shape, out, data.shape, x_init_value=data)
    np.testing.assert_allclose(theoretical, numerical, atol=1e-6)
    # Parameters above their bounds: central differences, entry by entry.
    for var in (reparam_beta, reparam_gamma):
      value = sess.run(var)
      grad = sess.run(tf.gradients(loss, var)[0], {x: data})
      for index in [(0,), (3,)] if value.ndim == 1 else [(0, 0), (2, 2)]:
        shifted = []
        for step in (1e-6, -1e-6):
          moved = value.copy()
          moved[index] += step
          var.load(moved, sess)
          shifted.append(sess.run(loss, {x: data}))
        var.load(value, sess)
        np.testing.assert_allclose(grad[index],
                                   (shifted[0] - shifted[1]) / 2e-6,
                                   rtol=1e-5)


def test_gdn_lower_bound_gradient_only_pushes_up(graph):
  layer = slim.layers.GDN()
  out = layer(np.abs(SEQUENCES) + 0.1)
  reparam_beta = layer.variables[0]
  # With positive inputs the output falls as beta grows: descent on
  # sum(out) pushes beta up, descent on -sum(out) would push it down.
  raise_beta, lower_beta = [
      tf.gradients(sign * tf.reduce_sum(out), reparam_beta)[0]
      for sign in (1.0, -1.0)]
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    above = sess.run([raise_beta, lower_beta])
    reparam_beta.load(np.zeros(4), sess)  # below the bound
    below = sess.run([raise_beta, lower_beta])
  assert (above[0] < 0).all() and (above[1] > 0).all()
  assert (below[0] < 0).all()
  np.testing.assert_array_equal(below[1], 0)


def test_gdn_layer_object_reuses_scope_and_regularizes(graph, run):
  layer = slim.layers.GDN(name='g', activity_regularizer=tf.reduce_sum)
  first = layer(SEQUENCES)
  second = layer.apply(SEQUENCES * 2)
  assert (first.op.name, second.op.name) == ('g/truediv', 'g/truediv_1')
  assert len(tf.global_variables()) == 2
  assert layer.trainable_variables == tf.trainable_variables()
  losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
  assert [l.op.name for l in losses] == [
      'g/ActivityRegularizer/truediv', 'g/ActivityRegularizer_1/truediv']
  assert layer.losses == losses
  values, outputs = run([losses, [first, second]])
  np.testing.assert_allclose(values, [o.sum() / 3 for o in outputs],
                             rtol=1e-5)
  with pytest.raises(ValueError, match='expected axis'):
    layer(tf.zeros([3, 7, 5]))


def test_gdn_functional_names_and_reuse(graph):
  names = [slim.layers.gdn(SEQUENCES).op.name,
           slim.layers.gdn(SEQUENCES).op.name,
           slim.layers.gdn(SEQUENCES, name='foo').op.name,
           slim.layers.gdn(SEQUENCES, name='foo', reuse=True).op.name]
  assert names == ['gdn/truediv', 'gdn_1/truediv', 'foo/truediv',
                   'foo_1/truediv']
  assert [v.op.name for v in tf.global_variables()] == [
      'gdn/reparam_beta', 'gdn/reparam_gamma', 'gdn_1/reparam_beta',
      'gdn_1/reparam_gamma', 'foo/reparam_beta', 'foo/reparam_gamma']
  assert slim.get_model_variables() == []


def test_gdn_untrainable_and_float64(graph):
  out = slim.layers.gdn(SEQUENCES.astype(np.float64), trainable=False)
  assert out.dtype == tf.float64
  assert tf.trainable_variables() == []
  assert all(v.dtype.base_dtype == tf.float64 for v in tf.global_variables())


@pytest.mark.parametrize('build,error', [
    (lambda: slim.layers.gdn(tf.zeros([2, 3, 4]), data_format='NHWC'),
     ValueError),
    (lambda: slim.layers.gdn(tf.zeros([2, 3])), ValueError),
    (lambda: slim.layers.gdn(tf.zeros([1, 2, 3, 4, 3, 2])), ValueError),
    (lambda: slim.layers.gdn(tf.placeholder(tf.float32, [None] * 4)),
     ValueError),
    (lambda: slim.layers.gdn(tf.placeholder(tf.float32)), TypeError),
    (lambda: slim.layers.GDN(bogus=1), TypeError),
])
def test_gdn_bad_inputs(graph, build, error):
  with pytest.raises(error):
    build()
  assert tf.global_variables() == []


def test_gdn_compute_output_shape():
  layer = slim.layers.GDN(data_format='channels_first')
  assert layer.compute_output_shape((2, 3, 4)).as_list() == [2, 3, 4]
  with pytest.raises(ValueError):
    layer.compute_output_shape((2, 3))


# ---- instance_norm ----------------------------------------------------------------


@pytest.mark.parametrize('data', [IMAGES, VOLUMES], ids=['rank4', 'rank5'])
@pytest.mark.parametrize('data_format', ['NHWC', 'NCHW'])
def test_instance_norm_values(graph, data, data_format, run):
  channel_axis = -1 if data_format == 'NHWC' else 1
  channels = data.shape[channel_axis]
  beta = np.linspace(-1, 1, channels).astype(np.float32)
  gamma = np.linspace(0.5, 2, channels).astype(np.float32)
  out = normalization.instance_norm(
      data, data_format=data_format, epsilon=0.01, param_initializers={
          'beta': tf.constant_initializer(beta),
          'gamma': tf.constant_initializer(gamma)})
  assert out.op.name == 'InstanceNorm/instancenorm/add_1'
  axes = tuple(a for a in range(1, data.ndim) if a != channel_axis % data.ndim)
  shape = [1] * data.ndim
  shape[channel_axis] = channels
  expected = (_standardize(data, axes, 0.01) * gamma.reshape(shape) +
              beta.reshape(shape))
  np.testing.assert_allclose(run(out), expected, atol=1e-4)


def test_instance_norm_without_parameters(graph, run):
  out = slim.instance_norm(IMAGES, center=False, scale=False,
                           activation_fn=tf.nn.relu)
  assert tf.global_variables() == []
  np.testing.assert_allclose(
      run(out), np.maximum(_standardize(IMAGES, (1, 2), 1e-6), 0),
      atol=1e-4)


@pytest.mark.parametrize('shape,kwargs,message', [
    (None, {}, 'undefined rank'),
    ((2, 3, 4), {'data_format': 'NHCW'},
     'data_format has to be either NCHW or NHWC'),
    ((2, None, 3, 3), {'data_format': 'NCHW'}, 'undefined channels dimension'),
    ((2, 3, 3, None), {}, 'undefined channels dimension'),
])
def test_instance_norm_bad_inputs(graph, shape, kwargs, message):
  with pytest.raises(ValueError, match=message):
    slim.instance_norm(tf.placeholder(tf.float32, shape), **kwargs)
  assert tf.global_variables() == []


# ---- group_norm ---------------------------------------------------------------


def _group_norm_numpy(data, groups, channels_axis, reduction_axes, epsilon):
  channels_axis %= data.ndim
  reduction_axes = [a % data.ndim for a in reduction_axes]
  shape = list(data.shape)
  grouped_shape = (shape[:channels_axis] +
                   [groups, shape[channels_axis] // groups] +
                   shape[channels_axis + 1:])
  grouped = data.reshape(grouped_shape)
  axes = [channels_axis + 1] + [a + 1 if a > channels_axis else a
                                for a in reduction_axes]
  return _standardize(grouped, tuple(axes), epsilon).reshape(shape)


@pytest.mark.parametrize('groups,channels_axis,reduction_axes', [
    (3, -1, (-3, -2)), (2, 1, (2, 3)), (1, -3, (-2, -1)), (6, -1, (1,))])
@pytest.mark.parametrize('mean_close_to_zero', [False, True])
def test_group_norm_values(graph, groups, channels_axis, reduction_axes,
                           mean_close_to_zero, run):
  x = tf.placeholder(tf.float32, (None,) + IMAGES.shape[1:])
  out = slim.group_norm(x, groups=groups, channels_axis=channels_axis,
                        reduction_axes=reduction_axes, epsilon=0.01,
                        mean_close_to_zero=mean_close_to_zero)
  assert out.op.name == 'GroupNorm/Reshape_2'
  channels = IMAGES.shape[channels_axis]
  assert slim.get_variables_by_name('beta')[0].shape.as_list() == [channels]
  np.testing.assert_allclose(
      run(out, {x: IMAGES}),
      _group_norm_numpy(IMAGES, groups, channels_axis, reduction_axes, 0.01),
      atol=1e-4)


def test_group_norm_parameters_scale_each_channel(graph, run):
  gamma = np.arange(1, 7, dtype=np.float32)
  beta = -np.arange(6, dtype=np.float32)
  out = slim.group_norm(IMAGES, groups=2, epsilon=0.1, param_initializers={
      'beta': tf.constant_initializer(beta),
      'gamma': tf.constant_initializer(gamma)}, scope='gn')
  assert [v.op.name for v in slim.get_model_variables()] == ['gn/beta',
                                                            'gn/gamma']
  np.testing.assert_allclose(
      run(out),
      _group_norm_numpy(IMAGES, 2, -1, (-3, -2), 0.1) * gamma + beta,
      atol=1e-4)


@pytest.mark.parametrize('shape,kwargs,message', [
    (None, {}, 'undefined rank'),
    ((1, 2, 4, 5), {'channels_axis': 5}, 'Axis is out of bounds.'),
    ((1, 2, 4, 5), {'reduction_axes': [1, 5]}, 'Axis is out of bounds.'),
    ((1, 2, 4, 5), {'reduction_axes': [1, 4]}, 'Axis is out of bounds.'),
    ((2, 4, 4, 8), {'channels_axis': -2, 'reduction_axes': [-2]},
     'mutually exclusive'),
    ((5, None, 4, 8), {'groups': 2}, 'undefined dimensions'),
    ((5, 4, 4, None), {}, 'undefined channel dimension'),
    ((5, 4, 4, 8), {'groups': 10}, 'Invalid groups 10 for 8 channels'),
    ((5, 4, 4, 8), {'groups': 3},
     '8 channels is not commensurate with 3 groups.'),
])
def test_group_norm_bad_inputs(graph, shape, kwargs, message):
  with pytest.raises(ValueError, match=message):
    slim.group_norm(tf.placeholder(tf.float32, shape), **kwargs)
  assert tf.global_variables() == []
