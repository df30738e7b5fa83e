"""A ResNet-50-shaped network written with the TF1 layers API, and its raw
tf.compat.v1 twin, for the bench's "tf.layers" rows.

`build(layers, images)` takes the layers module to time: slimcompat's
(`slimcompat.v1_layers`) or TensorFlow's own (Keras 2's legacy layers: on
TF 2.12-2.15, or tf_keras).  `build_raw(images)` makes the same variables
(names, shapes, collections) and the same kind of ops with plain
`get_variable` / `tf.nn` calls: the physical limit of graph building.
"""

import importlib

import tensorflow as tf2

tf = tf2.compat.v1

BLOCKS = (3, 4, 6, 3)  # bottleneck units per stage, as resnet_v1_50
DEPTHS = (256, 512, 1024, 2048)


def tensorflow_layers():
  """TensorFlow's own TF1 layers module, or a string saying why none."""
  try:
    module = tf.layers
    module.conv2d
    return module
  except (AttributeError, ImportError) as err:
    reason = '%s: %s' % (type(err).__name__, str(err)[:60])
  try:  # TF >= 2.16: tf_keras carries the legacy layers
    return importlib.import_module(
        'tf_keras.api._v1.keras.__internal__.legacy.layers')
  except ImportError:
    return 'not available (%s; no tf_keras)' % reason


def _unit(layers, x, depth, stride, training):
  bottleneck = depth // 4
  if x.shape[-1] == depth and stride == 1:
    shortcut = x
  else:
    shortcut = layers.conv2d(x, depth, 1, strides=stride, use_bias=False)
    shortcut = layers.batch_normalization(shortcut, training=training)
  net = layers.conv2d(x, bottleneck, 1, use_bias=False)
  net = tf.nn.relu(layers.batch_normalization(net, training=training))
  net = layers.conv2d(net, bottleneck, 3, strides=stride, padding='same',
                      use_bias=False)
  net = tf.nn.relu(layers.batch_normalization(net, training=training))
  net = layers.conv2d(net, depth, 1, use_bias=False)
  net = layers.batch_normalization(net, training=training)
  return tf.nn.relu(net + shortcut)


def build(layers, images, num_classes=1000, training=True, blocks=BLOCKS):
  """The network on `images` with `layers`; returns the logits."""
  with tf.variable_scope('resnet'):
    net = layers.conv2d(images, 64, 7, strides=2, padding='same',
                        use_bias=False)
    net = tf.nn.relu(layers.batch_normalization(net, training=training))
    net = layers.max_pooling2d(net, 3, 2, padding='same')
    for stage, (units, depth) in enumerate(zip(blocks, DEPTHS)):
      for unit in range(units):
        stride = 2 if unit == 0 and stage > 0 else 1
        net = _unit(layers, net, depth, stride, training)
    net = tf.reduce_mean(net, [1, 2])
    return layers.dense(net, num_classes)


# ------------------------------------------------------------------- raw
def _raw_conv(x, depth, kernel, stride=1, padding='VALID'):
  with tf.variable_scope(None, default_name='conv2d'):
    weights = tf.get_variable(
        'kernel', [kernel, kernel, int(x.shape[-1]), depth])
    return tf.nn.conv2d(x, weights, [1, stride, stride, 1], padding,
                        name='Conv2D')


def _raw_bn(x):
  with tf.variable_scope(None, default_name='batch_normalization'):
    size = [int(x.shape[-1])]
    gamma = tf.get_variable('gamma', size, initializer=tf.ones_initializer())
    beta = tf.get_variable('beta', size, initializer=tf.zeros_initializer())
    stats = [tf.get_variable(name, size, initializer=init, trainable=False)
             for name, init in (('moving_mean', tf.zeros_initializer()),
                                ('moving_variance', tf.ones_initializer()))]
    out, mean, variance = tf.nn.fused_batch_norm(
        x, gamma, beta, mean=stats[0], variance=stats[1], epsilon=1e-3,
        is_training=True)
    for variable, value in zip(stats, (mean, variance)):
      with tf.name_scope('AssignMovingAvg'):
        update = tf.assign_sub(variable, (variable - value) * 0.01)
      tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, update.op)
    return out


def _raw_unit(x, depth, stride):
  if x.shape[-1] == depth and stride == 1:
    shortcut = x
  else:
    shortcut = _raw_bn(_raw_conv(x, depth, 1, stride))
  net = tf.nn.relu(_raw_bn(_raw_conv(x, depth // 4, 1)))
  net = tf.nn.relu(_raw_bn(_raw_conv(net, depth // 4, 3, stride, 'SAME')))
  net = _raw_bn(_raw_conv(net, depth, 1))
  return tf.nn.relu(net + shortcut)


def build_raw(images, num_classes=1000, blocks=BLOCKS):
  """`build` with plain get_variable / tf.nn calls."""
  with tf.variable_scope('resnet'):
    net = tf.nn.relu(_raw_bn(_raw_conv(images, 64, 7, 2, 'SAME')))
    net = tf.nn.max_pool(net, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME')
    for stage, (units, depth) in enumerate(zip(blocks, DEPTHS)):
      for unit in range(units):
        net = _raw_unit(net, depth, 2 if unit == 0 and stage > 0 else 1)
    net = tf.reduce_mean(net, [1, 2])
    with tf.variable_scope('dense'):
      kernel = tf.get_variable('kernel', [int(net.shape[-1]), num_classes])
      bias = tf.get_variable('bias', [num_classes],
                             initializer=tf.zeros_initializer())
      return tf.nn.bias_add(tf.matmul(net, kernel), bias)
