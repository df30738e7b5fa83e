"""The small model of the checkpoint interchange test (conv + batch norm +
separable conv + dense), built with any TF1 layers module."""

import os

import numpy as np

from slimcompat._compat import tf

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE_DIR = os.path.join(HERE, 'fixtures')
CHECKPOINT = os.path.join(FIXTURE_DIR, 'tf212_layers.ckpt')
OUTPUTS = os.path.join(FIXTURE_DIR, 'tf212_layers_outputs.npz')


def images():
  return np.random.RandomState(7).rand(2, 8, 8, 3).astype(np.float32)


def build(layers, inputs, training):
  """Returns the logits of the model on `inputs`."""
  with tf.variable_scope('model'):
    net = layers.conv2d(inputs, 6, 3, padding='same', name='conv')
    net = layers.batch_normalization(net, training=training, name='bn')
    net = tf.nn.relu(net)
    net = layers.separable_conv2d(net, 5, 3, depth_multiplier=2,
                                  name='sep')
    net = layers.flatten(net)
    return layers.dense(net, 4, name='logits')
