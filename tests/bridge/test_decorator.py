"""The decorator's promises on small models: create-once per instance,
isolation, tracking order, fresh differentiable losses, clean collections,
nested modules, plain objects and the graph-mode pass-through."""

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf, tf2
from tests.bridge import _harness

IMAGES = np.random.RandomState(0).rand(2, 8, 8, 3).astype(np.float32)


def small_net(images, training=True):
  with slim.arg_scope([slim.conv2d, slim.fully_connected],
                      weights_regularizer=slim.l2_regularizer(0.01)):
    net = slim.conv2d(images, 4, [3, 3], scope='conv1',
                      normalizer_fn=slim.batch_norm,
                      normalizer_params={'is_training': training})
    net = slim.conv2d(net, 4, [3, 3])          # auto-named: Conv
    net = slim.conv2d(net, 4, [3, 3])          # auto-named: Conv_1
    net = slim.flatten(net)
    return slim.fully_connected(net, 3, activation_fn=None, scope='logits')


GRAPH_NAMES = ['conv1/weights', 'conv1/BatchNorm/beta',
               'conv1/BatchNorm/moving_mean', 'conv1/BatchNorm/moving_variance',
               'Conv/weights', 'Conv/biases', 'Conv_1/weights', 'Conv_1/biases',
               'logits/weights', 'logits/biases']


def test_graph_mode_names_are_what_this_file_expects():
  expected, losses = _harness.graph_variables(small_net, IMAGES)
  assert [name for name, _, _, _ in expected] == GRAPH_NAMES
  assert losses == 4


def test_variables_created_once_eager_and_in_function():
  module = slim.SlimModule(small_net)
  with _harness.count_creations() as created:
    first = module(IMAGES, training=False)
    second = module(IMAGES, training=False)
    traced = tf2.function(module)
    third = traced(IMAGES, training=False)
    traced(IMAGES[:1], training=False)         # retrace, new batch size
  assert created[0] == len(GRAPH_NAMES)
  assert list(module.variables_by_name) == GRAPH_NAMES
  # tf.Module tracks them in creation order.
  assert [v.name.split(':')[0] for v in module.variables] == GRAPH_NAMES
  assert len(module.trainable_variables) == 8
  np.testing.assert_allclose(first.numpy(), second.numpy())
  np.testing.assert_allclose(first.numpy(), third.numpy(), rtol=1e-6,
                             atol=1e-6)


def test_two_instances_never_share():
  one, two = slim.SlimModule(small_net), slim.SlimModule(small_net)
  one(IMAGES)
  tf2.function(two)(IMAGES)
  assert list(one.variables_by_name) == list(two.variables_by_name)
  assert not set(map(id, one.variables)) & set(map(id, two.variables))
  for var in two.trainable_variables:
    var.assign(tf2.zeros_like(var))
  assert np.abs(one(IMAGES, training=False).numpy()).sum() > 0
  assert np.abs(two(IMAGES, training=False).numpy()).sum() == 0


def test_losses_fresh_each_call_and_differentiable():
  module = slim.SlimModule(small_net)
  module(IMAGES)
  assert len(module.losses) == 4
  with tf2.GradientTape() as tape:
    module(IMAGES)
    total = tf2.add_n(module.losses)
  grads = tape.gradient(total, module.trainable_variables)
  with_gradient = [v.name for v, g in zip(module.trainable_variables, grads)
                   if g is not None]
  assert with_gradient == ['conv1/weights:0', 'Conv/weights:0',
                           'Conv_1/weights:0', 'logits/weights:0']
  weights = module.variables_by_name['logits/weights']
  expected = 0.01 * 0.5 * np.sum(np.square(weights.numpy()))
  weights.assign(weights * 2.0)
  module(IMAGES)
  np.testing.assert_allclose(module.losses[-1].numpy(), 4 * expected,
                             rtol=1e-5)


def test_losses_in_function_are_the_traced_ones():
  module = slim.SlimModule(small_net)
  module(IMAGES)

  @tf2.function
  def regularization():
    module(IMAGES)
    return tf2.add_n(module.losses)

  eager_total = tf2.add_n(module.losses).numpy()
  np.testing.assert_allclose(regularization().numpy(), eager_total,
                             rtol=1e-6)


def test_no_global_collection_growth_over_20_eager_calls():
  module = slim.SlimModule(small_net)
  before = _harness.collection_sizes()
  for _ in range(20):
    module(IMAGES)
  assert _harness.collection_sizes() == before
  assert len(module.variables) == len(GRAPH_NAMES)


class Outer(tf2.Module):

  def __init__(self):
    super().__init__()
    self.inner = Inner()

  @slim.track_tf1_style_variables
  def __call__(self, images):
    with tf.variable_scope('outer'):
      net = slim.conv2d(images, 2, [1, 1],
                        weights_regularizer=slim.l2_regularizer(1.0))
      net = self.inner(net)
      return self.inner(net)      # called twice: its variables are reused


class Inner(tf2.Module):

  @slim.track_tf1_style_variables
  def __call__(self, images):
    return slim.conv2d(images, 2, [1, 1], scope='inner',
                       weights_regularizer=slim.l2_regularizer(1.0))


def test_nested_modules_pass_losses_up_and_own_their_variables():
  outer = Outer()
  for call in (outer, tf2.function(outer)):
    call(IMAGES)
    # outer's conv and the inner's (called twice: two losses of one weight)
    assert len(outer.losses) == 3
    assert len(outer.inner.losses) == 1
  # pylint: disable=protected-access
  own = [v.name for v in outer._slim_variables]
  inner = [v.name for v in outer.inner._slim_variables]
  assert own == ['outer/Conv/weights:0', 'outer/Conv/biases:0']
  assert inner == ['outer/inner/weights:0', 'outer/inner/biases:0']
  assert len(outer.variables) == 4


class Plain:
  """Not a tf.Module: the store is still kept on the object."""

  @slim.track_tf1_style_variables
  def build(self, images):
    weights = slim.model_variable('w', shape=[3, 2],
                                  regularizer=slim.l2_regularizer(1.0))
    counter = tf2.Variable(0.0, trainable=False, name='counter')
    counter.assign_add(1.0)
    return tf2.tensordot(images, weights, 1), counter


def test_plain_object_and_plain_variables():
  obj = Plain()
  _, counter = obj.build(IMAGES)
  _, counter_again = obj.build(IMAGES)
  assert counter_again is counter and counter.numpy() == 2.0
  tracked = obj._slim_variables  # pylint: disable=protected-access
  assert [v.name for v in tracked] == ['w:0', 'counter:0']
  assert len(obj.losses) == 1


def test_graph_mode_is_a_pass_through():
  with tf.Graph().as_default():
    module = slim.SlimModule(small_net)
    module(tf.constant(IMAGES))
    assert [v.op.name for v in tf.global_variables()] == GRAPH_NAMES
    assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 4
    assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == 2
    assert module.variables == ()
    tf.train.Saver()   # finds every variable by its collection


def test_first_call_in_function_makes_variables_eagerly_in_one_trace():
  module = slim.SlimModule(small_net)
  traced = tf2.function(module)
  with _harness.count_creations() as created:
    traced(IMAGES, training=False)
  assert created[0] == len(GRAPH_NAMES)
  # tf.function traces once: the variables were made out of the trace, not
  # as ones it must initialize (which costs a tf.cond each and a 2nd trace).
  assert traced.experimental_get_tracing_count() == 1
  np.testing.assert_allclose(traced(IMAGES, training=False).numpy(),
                             module(IMAGES, training=False).numpy(),
                             rtol=1e-6, atol=1e-6)


class TensorInitialValues(tf2.Module):
  """Initial values that are tensors of the call (of the trace, in a
  tf.function): such variables stay tf.function's to initialize."""

  @slim.track_tf1_style_variables
  def __call__(self, images):
    scale = tf.get_variable('scale', initializer=tf.fill([3], 2.0))
    shift = tf2.Variable(tf.fill([3], 1.0), name='shift')
    return images * scale + shift


def test_variables_with_tensor_initial_values_in_function():
  module = TensorInitialValues()
  traced = tf2.function(module)
  np.testing.assert_allclose(traced(IMAGES).numpy(), IMAGES * 2.0 + 1.0)
  np.testing.assert_allclose(traced(IMAGES[:1]).numpy(),
                             IMAGES[:1] * 2.0 + 1.0)
  assert [v.name for v in module.variables] == ['scale:0', 'shift:0']
