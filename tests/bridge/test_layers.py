"""Single layers bridged against their graph-mode build: conv2d,
fully_connected, separable_conv2d and batch_norm (fused, non-fused,
zero-debias, updates_collections=None, tensor is_training)."""

import functools

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf, tf2
from tests.bridge import _harness

IMAGES = np.random.RandomState(0).rand(2, 6, 6, 3).astype(np.float32)
L2 = slim.l2_regularizer(0.05)


def conv(images, training=False):
  del training
  return slim.conv2d(images, 4, [3, 3], weights_regularizer=L2,
                     biases_regularizer=L2, scope='conv')


def dense(images, training=False):
  del training
  net = slim.flatten(images)
  net = slim.fully_connected(net, 5, weights_regularizer=L2,
                             biases_regularizer=L2)
  return slim.fully_connected(net, 2, weights_regularizer=L2)


def separable(images, training=False):
  del training
  net = slim.separable_conv2d(images, 4, [3, 3], depth_multiplier=2,
                              weights_regularizer=L2)
  return slim.separable_conv2d(net, None, [3, 3], depth_multiplier=1,
                               weights_regularizer=L2, scope='depthwise')


def batch_norm(images, training=False, **params):
  net = slim.conv2d(images, 4, [1, 1], weights_regularizer=L2)
  return slim.batch_norm(net, is_training=training, scale=True,
                         param_regularizers={'gamma': L2}, **params)


LAYERS = {
    'conv2d': conv,
    'fully_connected': dense,
    'separable_conv2d': separable,
    'batch_norm_fused': functools.partial(batch_norm, fused=True),
    'batch_norm_not_fused': functools.partial(batch_norm, fused=False),
    'batch_norm_zero_debias': functools.partial(
        batch_norm, zero_debias_moving_mean=True),
    'batch_norm_updates_in_place': functools.partial(
        batch_norm, updates_collections=None),
}
BATCH_NORMS = [name for name in LAYERS if name.startswith('batch_norm')]


@pytest.mark.parametrize('name', sorted(LAYERS))
def test_layer_matches_graph_mode(name, tmp_path):
  model_fn = LAYERS[name]
  reference = _harness.graph_build(model_fn, IMAGES, str(tmp_path))
  module = slim.SlimModule(model_fn)
  traced = tf2.function(module)
  with _harness.count_creations() as created:
    traced(IMAGES[:1])
    traced(IMAGES)
    module(IMAGES)
    module(IMAGES)
  assert created[0] == len(reference.variables)
  assert _harness.bridged_description(module) == reference.variables
  report = slim.load_tf1_checkpoint(module, reference.checkpoint)
  assert (report.missing, report.unexpected, report.mismatched) == ([], [], [])
  for call in (module, traced):
    np.testing.assert_allclose(call(IMAGES).numpy(), reference.outputs,
                               rtol=1e-5, atol=1e-5)
    losses = sorted(loss.numpy() for loss in module.losses)
    assert len(losses) == len(reference.losses) > 0
    np.testing.assert_allclose(losses, sorted(reference.losses), rtol=1e-5)


def _graph_training_step(model_fn, directory):
  """Moving statistics after one graph-mode training step (update ops run
  as the layer asks: UPDATE_OPS or in place)."""
  with tf.Graph().as_default():
    outputs = model_fn(tf.constant(IMAGES), training=True)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    saver = tf.train.Saver()
    statistics = [v for v in tf.global_variables() if 'moving' in v.op.name]
    with tf.Session() as session:
      session.run(tf.global_variables_initializer())
      path = saver.save(session, directory + '/bn.ckpt',
                        write_meta_graph=False)
      session.run([outputs, updates])
      return path, {v.op.name: session.run(v) for v in statistics}, len(
          updates)


@pytest.mark.parametrize('name', BATCH_NORMS)
def test_batch_norm_updates_eager_and_in_function(name, tmp_path):
  model_fn = LAYERS[name]
  path, expected, update_count = _graph_training_step(model_fn, str(tmp_path))
  assert update_count == (0 if 'in_place' in name else 2)
  for compiled in (False, True):
    module = slim.SlimModule(model_fn)
    call = tf2.function(module) if compiled else module
    # The first call trains: zero-debias shadow variables exist only on the
    # training path, and a tf.function may create variables on its first
    # trace only.
    call(IMAGES, training=True)
    slim.load_tf1_checkpoint(module, path)
    call(IMAGES, training=True)
    by_name = module.variables_by_name
    assert sorted(expected) == sorted(n for n in by_name if 'moving' in n)
    for key, value in expected.items():
      np.testing.assert_allclose(by_name[key].numpy(), value, rtol=1e-5,
                                 atol=1e-6, err_msg=key)


def test_batch_norm_tensor_is_training_in_function():
  module = slim.SlimModule(LAYERS['batch_norm_fused'])
  traced = tf2.function(module)
  traced(IMAGES, tf2.constant(False))
  mean = module.variables_by_name['BatchNorm/moving_mean']
  assert not np.any(mean.numpy())
  traced(IMAGES, tf2.constant(False))
  assert not np.any(mean.numpy())
  traced(IMAGES, tf2.constant(True))
  assert np.any(mean.numpy() != 0)


def test_training_steps_eager_and_function_agree(tmp_path):
  def model_fn(images, training=True):
    net = batch_norm(images, training=training)
    net = slim.flatten(net)
    return slim.fully_connected(net, 2, activation_fn=None,
                                weights_regularizer=L2)

  labels = np.array([[1.0, 0.0], [0.0, 1.0]], np.float32)
  reference = _harness.graph_build(model_fn, IMAGES, str(tmp_path))
  histories = []
  for compiled in (False, True):
    module = slim.SlimModule(model_fn)
    module(IMAGES)
    slim.load_tf1_checkpoint(module, reference.checkpoint)
    optimizer = tf.train.GradientDescentOptimizer(0.1)

    def step():
      with tf2.GradientTape() as tape:
        logits = module(IMAGES, training=True)
        loss = tf.losses.softmax_cross_entropy(
            labels, logits, reduction=tf.losses.Reduction.MEAN)
        loss += tf2.add_n(module.losses)
      grads = tape.gradient(loss, module.trainable_variables)
      optimizer.apply_gradients(zip(grads, module.trainable_variables))
      return loss

    run = tf2.function(step) if compiled else step
    histories.append([float(run()) for _ in range(4)])
  eager, traced = histories
  assert eager[-1] < eager[0]
  np.testing.assert_allclose(eager, traced, rtol=1e-4)
