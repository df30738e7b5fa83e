"""Run in fresh processes by test_distribute_keras.py (a strategy needs its
devices / cluster configured before TensorFlow starts).

``python -m tests.bridge._distribute_run mirrored OUT``: MirroredStrategy on
two logical CPUs.  ``... multiworker OUT`` (with ``TF_CONFIG`` set): one
worker of a MultiWorkerMirroredStrategy.  Each prints ``<MODE>-OK`` at the end
and writes what the test compares to ``OUT`` (an ``.npz``).
"""

import sys

import numpy as np

GLOBAL_BATCH = 4
IMAGES = np.random.RandomState(0).rand(GLOBAL_BATCH, 8, 8, 3).astype(
    np.float32)
LABELS = np.array([0, 1, 2, 1])
STEPS = 3
DECAY = 0.9   # batch-norm decay, large steps so that the check can see them
SEED = 0      # initial values fixed: "the loss falls in 3 steps" is then a
              # fact about one start, not a draw (unseeded, CI once drew a
              # start whose loss rose over the first steps)


def _nets():
  import slimcompat as slim  # pylint: disable=g-import-not-at-top

  def plain_fn(images, training=False):
    del training
    net = slim.conv2d(images, 4, [3, 3], scope='conv1')
    return slim.fully_connected(slim.flatten(net), 3, activation_fn=None,
                                scope='logits')

  def bn_fn(images, training=False):
    net = slim.conv2d(images, 4, [3, 3], scope='conv1',
                      normalizer_fn=slim.batch_norm,
                      normalizer_params={'is_training': training,
                                         'decay': DECAY})
    return slim.fully_connected(slim.flatten(net), 3, activation_fn=None,
                                scope='logits')
  return plain_fn, bn_fn


def _model(model_fn):
  import keras  # pylint: disable=g-import-not-at-top
  import slimcompat as slim  # pylint: disable=g-import-not-at-top
  inputs = keras.Input(IMAGES.shape[1:])
  layer = slim.SlimLayer(model_fn)
  model = keras.Model(inputs, layer(inputs))
  model.compile(keras.optimizers.SGD(0.1),
                keras.losses.SparseCategoricalCrossentropy(from_logits=True))
  return model, layer


def _custom_loop(tf2, strategy, model, dataset, keras_optimizer=True):
  """STEPS steps of a GradientTape loop under `strategy`; the losses.
  Plain SGD: Keras' for a Keras model, tf.compat.v1's for a SlimModule."""
  with strategy.scope():
    if keras_optimizer:
      import keras  # pylint: disable=g-import-not-at-top
      optimizer = keras.optimizers.SGD(0.1)
    else:
      optimizer = tf2.compat.v1.train.GradientDescentOptimizer(0.1)

  def replica_step(x, y):
    with tf2.GradientTape() as tape:
      logits = model(x, training=True)
      loss = tf2.reduce_sum(
          tf2.nn.sparse_softmax_cross_entropy_with_logits(y, logits))
      loss /= GLOBAL_BATCH
    variables = model.trainable_variables
    optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
    return loss

  @tf2.function
  def step(x, y):
    losses = strategy.run(replica_step, args=(x, y))
    return strategy.reduce(tf2.distribute.ReduceOp.SUM, losses, axis=None)

  batches = iter(dataset)
  return [float(step(*next(batches))) for _ in range(STEPS)]


def _replica_values(weight):
  """The per-replica copies of a Keras weight (one without a strategy)."""
  value = weight.value
  return [v.numpy() for v in getattr(value, 'values', (value,))]


def _check_replicas_equal_and_changed(model, before):
  for weight, old in zip(model.trainable_weights, before):
    copies = _replica_values(weight)
    for copy in copies[1:]:
      np.testing.assert_array_equal(copy, copies[0], err_msg=weight.path)
    assert not np.allclose(copies[0], old), weight.path


def _half_batches(tf2, strategy):
  """The global batch, each replica given its own contiguous half."""
  def per_pipeline(context):
    n = context.get_per_replica_batch_size(GLOBAL_BATCH)
    images, labels = IMAGES, LABELS
    if context.num_input_pipelines > 1:   # one worker, one replica each
      shard = slice(context.input_pipeline_id * n,
                    (context.input_pipeline_id + 1) * n)
      images, labels = IMAGES[shard], LABELS[shard]
    # One pipeline feeding two replicas hands out consecutive batches.
    return tf2.data.Dataset.from_tensor_slices((images, labels)).batch(
        n).repeat()
  return strategy.distribute_datasets_from_function(per_pipeline)


def _single_device_losses(tf2, model_fn, initial):
  model, _ = _model(model_fn)
  model.set_weights(initial)
  dataset = tf2.data.Dataset.from_tensor_slices((IMAGES, LABELS)).batch(
      GLOBAL_BATCH).repeat()
  return _custom_loop(tf2, tf2.distribute.get_strategy(), model, dataset)


def mirrored(out):
  import tensorflow as tf2  # pylint: disable=g-import-not-at-top
  cpu = tf2.config.list_physical_devices('CPU')[0]
  tf2.config.set_logical_device_configuration(
      cpu, [tf2.config.LogicalDeviceConfiguration()] * 2)
  import keras  # pylint: disable=g-import-not-at-top
  keras.utils.set_random_seed(SEED)
  plain_fn, bn_fn = _nets()
  strategy = tf2.distribute.MirroredStrategy(['/cpu:0', '/cpu:1'])
  assert strategy.num_replicas_in_sync == 2

  # Without batch norm: fit and a custom loop agree with one device.
  with strategy.scope():
    model, layer = _model(plain_fn)
  assert all(len(w.value.values) == 2 for w in layer.weights)
  initial = model.get_weights()
  single, _ = _model(plain_fn)
  single.set_weights(initial)
  fit_kwargs = dict(batch_size=GLOBAL_BATCH, epochs=STEPS, shuffle=False,
                    verbose=0)
  mirrored_fit = model.fit(IMAGES, LABELS, **fit_kwargs).history['loss']
  single_fit = single.fit(IMAGES, LABELS, **fit_kwargs).history['loss']
  np.testing.assert_allclose(mirrored_fit, single_fit, rtol=1e-4)
  for a, b in zip(single.get_weights(), model.get_weights()):
    np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)

  with strategy.scope():
    model, layer = _model(plain_fn)
  initial = model.get_weights()
  loop = _custom_loop(tf2, strategy, model, _half_batches(tf2, strategy))
  np.testing.assert_allclose(
      loop, _single_device_losses(tf2, plain_fn, initial), rtol=1e-4)

  # With batch norm: fit and a custom loop train every weight, the replicas
  # stay equal, and each replica's moving mean follows its own half batch,
  # as TensorFlow's Keras BatchNormalization's does under the strategy.
  with strategy.scope():
    model, layer = _model(bn_fn)
    keras_bn = keras.Sequential([
        keras.Input(IMAGES.shape[1:]),
        keras.layers.Conv2D(4, 3, padding='same', use_bias=False),
        keras.layers.BatchNormalization(momentum=DECAY, epsilon=0.001,
                                        scale=False)])
    keras_bn.compile('sgd', 'mse')
  before = model.get_weights()
  model.fit(IMAGES, LABELS, batch_size=GLOBAL_BATCH, epochs=1, shuffle=False,
            verbose=0)
  keras_bn.layers[0].set_weights([before[0]])
  keras_bn.fit(IMAGES, np.zeros([GLOBAL_BATCH, 8, 8, 4], np.float32),
               batch_size=GLOBAL_BATCH, epochs=1, shuffle=False, verbose=0)
  mean = [w for w in layer.non_trainable_weights
          if w.path.endswith('moving_mean')][0]
  ours, theirs = _replica_values(mean), _replica_values(
      keras_bn.layers[1].moving_mean)
  assert not np.allclose(ours[0], ours[1]), 'replicas saw the same batch?'
  for a, b in zip(ours, theirs):
    np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
  model.fit(IMAGES, LABELS, batch_size=GLOBAL_BATCH, epochs=STEPS - 1,
            shuffle=False, verbose=0)
  _check_replicas_equal_and_changed(model, [
      b for b, w in zip(before, layer.weights) if w.trainable])

  with strategy.scope():
    model, layer = _model(bn_fn)
  before = [w.numpy() for w in layer.trainable_weights]
  _custom_loop(tf2, strategy, model, _half_batches(tf2, strategy))
  _check_replicas_equal_and_changed(model, before)

  # A checkpoint written under the strategy restores into one device.
  path = out + '.weights.h5'
  model.save_weights(path)
  restored, _ = _model(bn_fn)
  restored.load_weights(path)
  np.testing.assert_allclose(restored(IMAGES, training=False).numpy(),
                             model(IMAGES, training=False).numpy(),
                             rtol=1e-5, atol=1e-6)
  np.savez(out, fit=np.array(mirrored_fit), loop=np.array(loop))
  print('MIRRORED-OK')


def multiworker(out):
  import json  # pylint: disable=g-import-not-at-top
  import os  # pylint: disable=g-import-not-at-top
  import tensorflow as tf2  # pylint: disable=g-import-not-at-top
  import keras  # pylint: disable=g-import-not-at-top
  keras.utils.set_random_seed(SEED)
  plain_fn, bn_fn = _nets()
  strategy = tf2.distribute.MultiWorkerMirroredStrategy()
  assert strategy.num_replicas_in_sync == 2
  chief = json.loads(os.environ['TF_CONFIG'])['task']['index'] == 0

  # fit: Keras 3 (3.15) cannot fit even its own models under this strategy
  # (its symbolic build reduces a batch with a collective in eager mode and
  # fails with a ValueError); a SlimLayer model must do just what a plain
  # Keras model does.
  dataset = tf2.data.Dataset.from_tensor_slices((IMAGES, LABELS)).batch(
      GLOBAL_BATCH).repeat()
  with strategy.scope():
    plain_keras = keras.Sequential([keras.Input(IMAGES.shape[1:]),
                                    keras.layers.Flatten(),
                                    keras.layers.Dense(3)])
    plain_keras.compile('sgd', 'mse')
    model, layer = _model(bn_fn)
  outcomes = []
  for candidate in (plain_keras, model):
    try:
      candidate.fit(dataset, steps_per_epoch=STEPS, epochs=1, verbose=0)
      outcomes.append('trained')
    except ValueError:
      outcomes.append('ValueError')
  assert outcomes[0] == outcomes[1], outcomes
  print('fit under MultiWorkerMirroredStrategy:', outcomes)

  # A custom loop with batch norm trains every weight.
  with strategy.scope():
    model, layer = _model(bn_fn)
  before = [w.numpy() for w in layer.trainable_weights]
  _custom_loop(tf2, strategy, model, _half_batches(tf2, strategy))
  fit_weights = [w.numpy() for w in layer.trainable_weights]
  for new, old, weight in zip(fit_weights, before, layer.trainable_weights):
    assert not np.allclose(new, old), weight.path

  with strategy.scope():
    model, layer = _model(plain_fn)
  initial = model.get_weights()
  loop = _custom_loop(tf2, strategy, model, _half_batches(tf2, strategy))
  loop_weights = [w.numpy() for w in layer.trainable_weights]
  if chief:
    np.testing.assert_allclose(
        loop, _single_device_losses(tf2, plain_fn, initial), rtol=1e-4)

  # A SlimModule in a custom loop: the same losses as the SlimLayer's from
  # the same initial values.
  import slimcompat as slim  # pylint: disable=g-import-not-at-top
  with strategy.scope():
    module = slim.SlimModule(plain_fn)
    module(IMAGES[:1])
  for variable, value in zip(module.trainable_variables, initial):
    variable.assign(value)
  module_loop = _custom_loop(tf2, strategy, module,
                             _half_batches(tf2, strategy),
                             keras_optimizer=False)
  np.testing.assert_allclose(module_loop, loop, rtol=1e-4)
  np.savez(out, loop=np.array(loop), module_loop=np.array(module_loop),
           fit_outcomes=np.array(outcomes),
           **{'bn%d' % i: w for i, w in enumerate(fit_weights)},
           **{'loop%d' % i: w for i, w in enumerate(loop_weights)})
  print('MULTIWORKER-OK')


if __name__ == '__main__':
  {'mirrored': mirrored, 'multiworker': multiworker}[sys.argv[1]](sys.argv[2])
