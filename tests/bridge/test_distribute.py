"""A bridged ResNet under MirroredStrategy with two logical CPU devices
trains a step that matches a single-device step on the same global batch
(batch norm frozen, as when fine-tuning: per-replica batch statistics would
differ from the global batch's by design)."""

import textwrap

from tests.test_no_private_imports import run_with_keras_blocked

SCRIPT = textwrap.dedent(r'''
    import numpy as np
    import tensorflow as tf2
    cpu = tf2.config.list_physical_devices('CPU')[0]
    tf2.config.set_logical_device_configuration(
        cpu, [tf2.config.LogicalDeviceConfiguration()] * 2)
    import slimcompat as slim
    from slimcompat._compat import tf
    from slimcompat.nets import resnet_v1

    def model_fn(images):
      blocks = [resnet_v1.resnet_v1_block('block1', base_depth=2,
                                          num_units=2, stride=2)]
      with slim.arg_scope(resnet_v1.resnet_arg_scope(weight_decay=0.01)):
        logits, _ = resnet_v1.resnet_v1(images, blocks, num_classes=3,
                                        is_training=False, scope='resnet')
      return tf.squeeze(logits, [1, 2])

    rng = np.random.RandomState(0)
    images = rng.rand(4, 16, 16, 3).astype(np.float32)
    labels = np.array([0, 1, 2, 1])
    GLOBAL_BATCH = 4

    def make_step(model, replicas):
      optimizer = tf.train.GradientDescentOptimizer(0.5)
      def step(x, y):
        with tf2.GradientTape() as tape:
          logits = model(x)
          per_example = tf2.nn.sparse_softmax_cross_entropy_with_logits(
              y, logits)
          loss = tf2.reduce_sum(per_example) / GLOBAL_BATCH
          loss += tf2.add_n(model.losses) / replicas
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss
      return step

    strategy = tf2.distribute.MirroredStrategy(['/cpu:0', '/cpu:1'])
    assert strategy.num_replicas_in_sync == 2
    with strategy.scope():
      mirrored = slim.SlimModule(model_fn)
      mirrored(images)      # distributed variables, one copy per device
      step = make_step(mirrored, 2)
    assert all(len(v.values) == 2 for v in mirrored.variables)
    single = slim.SlimModule(model_fn)
    single(images)
    for a, b in zip(single.variables, mirrored.variables):
      a.assign(b.read_value())

    dataset = tf2.data.Dataset.from_tensor_slices((images, labels)).batch(
        GLOBAL_BATCH)
    batch = next(iter(strategy.experimental_distribute_dataset(dataset)))

    @tf2.function
    def distributed_step(x, y):
      losses = strategy.run(step, args=(x, y))
      return strategy.reduce(tf2.distribute.ReduceOp.SUM, losses, axis=None)

    loss_mirrored = float(distributed_step(*batch))
    loss_single = float(tf2.function(make_step(single, 1))(images, labels))
    np.testing.assert_allclose(loss_mirrored, loss_single, rtol=1e-5)
    changed = 0
    for a, b in zip(single.variables, mirrored.variables):
      assert a.name == b.name
      for value in b.values:
        np.testing.assert_allclose(value.numpy(), a.numpy(), rtol=1e-4,
                                   atol=1e-6, err_msg=a.name)
      changed += int(a.trainable)
    print('DISTRIBUTE-OK', len(single.variables), changed)
''')


def test_mirrored_two_cpus_matches_single_device():
  result = run_with_keras_blocked(SCRIPT)
  assert 'DISTRIBUTE-OK' in result.stdout, (result.stdout[-3000:] +
                                            result.stderr[-3000:])
