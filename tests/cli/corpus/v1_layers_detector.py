# TF1 style: a slim backbone with a `tf.layers` detector head, trained with
# the UPDATE_OPS idiom of TF1-era detectors (run under `slimcompat run --tf1`).
import numpy as np
import tensorflow as tf

slim = tf.contrib.slim

NUM_CLASSES = 3


def backbone(images, is_training):
  with slim.arg_scope([slim.conv2d], normalizer_fn=slim.batch_norm,
                      normalizer_params={'is_training': is_training},
                      weights_regularizer=slim.l2_regularizer(1e-4)):
    net = slim.conv2d(images, 8, [3, 3], scope='conv1')
    net = slim.max_pool2d(net, [2, 2], scope='pool1')
    net = slim.conv2d(net, 16, [3, 3], scope='conv2')
  return net


def detector_head(features, is_training):
  with tf.variable_scope('head'):
    net = tf.layers.conv2d(features, 16, 3, padding='same', use_bias=False,
                           kernel_regularizer=tf.nn.l2_loss)
    net = tf.layers.batch_normalization(net, training=is_training)
    net = tf.nn.relu(net)
    net = tf.layers.separable_conv2d(net, 16, 3, padding='same',
                                     activation=tf.nn.relu)
    net = tf.layers.max_pooling2d(net, 2, 2)
    net = tf.layers.dropout(tf.layers.flatten(net), 0.2, training=is_training)
    logits = tf.layers.dense(net, NUM_CLASSES, name='class_logits')
    boxes = tf.layers.dense(net, 4, activation=tf.sigmoid, name='box')
  return logits, boxes


def main(_):
  rng = np.random.RandomState(0)
  images = rng.rand(16, 16, 16, 3).astype(np.float32)
  labels = (images.mean(axis=(1, 2, 3)) * 10).astype(np.int64) % NUM_CLASSES
  targets = rng.rand(16, 4).astype(np.float32)

  x = tf.placeholder(tf.float32, [None, 16, 16, 3])
  y = tf.placeholder(tf.int64, [None])
  t = tf.placeholder(tf.float32, [None, 4])
  is_training = tf.placeholder_with_default(True, [])
  logits, boxes = detector_head(backbone(x, is_training), is_training)
  tf.losses.sparse_softmax_cross_entropy(y, logits)
  tf.losses.mean_squared_error(t, boxes)
  loss = tf.losses.get_total_loss()
  with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
  feed = {x: images, y: labels, t: targets}
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    first = sess.run(loss, feed)
    for _ in range(30):
      sess.run(train_op, feed)
    last = sess.run(loss, feed)
  head_vars = sorted(v.op.name for v in tf.global_variables()
                     if v.op.name.startswith('head/') and 'Adam' not in
                     v.op.name)
  print('OUT', logits.op.name, boxes.op.name,
        len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)), last < first)
  print('HEAD', head_vars)


if __name__ == '__main__':
  tf.app.run()
