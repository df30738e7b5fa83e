"""Checkpoints interchange with TensorFlow's own TF1 layers: the checkpoint
TF 2.12's layers wrote (`make_checkpoint_fixture.py`) restores into the
slimcompat-built model with the same outputs, on every TensorFlow; and on
Keras-2 TensorFlow a checkpoint slimcompat writes restores into TF's own
model with the same outputs."""

import numpy as np
import pytest

import slimcompat.v1_layers as v1_layers
from slimcompat._compat import tf
from tests.v1_layers import checkpoint_model, reference


def outputs_after_restore(layers, path):
  graph = tf.Graph()
  with graph.as_default():
    logits = checkpoint_model.build(
        layers, tf.constant(checkpoint_model.images()), False)
    saver = tf.train.Saver()
    with tf.Session() as session:
      saver.restore(session, path)
      return session.run(logits), sorted(
          v.op.name for v in tf.global_variables())


def test_tf212_checkpoint_restores_into_slimcompat():
  want = np.load(checkpoint_model.OUTPUTS)['logits']
  got, names = outputs_after_restore(v1_layers, checkpoint_model.CHECKPOINT)
  np.testing.assert_allclose(got, want, atol=1e-5)
  stored = sorted(name for name, _ in tf.train.list_variables(
      checkpoint_model.CHECKPOINT))
  assert names == stored


@pytest.mark.skipif(reference.native_layers() is None,
                    reason="needs TF's own TF1 layers (Keras-2 TensorFlow)")
def test_slimcompat_checkpoint_restores_into_tensorflow(tmp_path):
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(3)
    inputs = tf.constant(checkpoint_model.images())
    training = tf.placeholder_with_default(False, [])
    logits = checkpoint_model.build(v1_layers, inputs, training)
    loss = tf.reduce_mean(tf.square(logits + 0.5))
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
      step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as session:
      session.run(tf.global_variables_initializer())
      for _ in range(2):
        session.run(step, {training: True})
      want = session.run(logits)
      path = tf.train.Saver().save(session, str(tmp_path / 'ckpt'))
  got, _ = outputs_after_restore(reference.native_layers(), path)
  np.testing.assert_allclose(got, want, atol=1e-5)
