"""A TF1-era TF-Slim training script, written the way such scripts were.

It is bundled with slimcompat as the `slimcompat demo` and is run UNCHANGED
(``slimcompat run --tf1 legacy_train.py``): `import tensorflow as tf`,
`slim = tf.contrib.slim`, `tf.app.flags`, `tf.app.run`, slim.learning.train,
slim.evaluation.  The data is made in-process: 16x16 grey images of four
stripe patterns under heavy noise, so nothing is downloaded.
"""

import numpy as np
import tensorflow as tf

slim = tf.contrib.slim

flags = tf.app.flags
flags.DEFINE_string('logdir', '/tmp/slim_demo', 'Checkpoints and events go here.')
flags.DEFINE_integer('number_of_steps', 300, 'Training steps.')
flags.DEFINE_integer('batch_size', 32, 'Training batch size.')
FLAGS = flags.FLAGS

NUM_CLASSES = 4
SIZE = 16


def stripe_patterns():
  """Four classes: horizontal, vertical, diagonal stripes and a checkerboard."""
  rows, cols = np.mgrid[0:SIZE, 0:SIZE]
  shapes = [rows % 4 < 2, cols % 4 < 2, (rows + cols) % 4 < 2,
            (rows // 4 + cols // 4) % 2 == 0]
  return np.stack(shapes).astype(np.float32)[..., None] * 2.0 - 1.0


def inputs(batch_size, seed):
  labels = tf.random_uniform([batch_size], maxval=NUM_CLASSES, dtype=tf.int32,
                             seed=seed)
  images = tf.gather(tf.constant(stripe_patterns()), labels)
  images += tf.random_normal(tf.shape(images), stddev=0.8, seed=seed)
  return images, labels


def convnet(images, is_training):
  with slim.arg_scope([slim.conv2d, slim.fully_connected],
                      normalizer_fn=slim.batch_norm,
                      normalizer_params={'is_training': is_training,
                                         'decay': 0.9},
                      weights_regularizer=slim.l2_regularizer(1e-4)):
    net = slim.conv2d(images, 16, [3, 3], scope='conv1')
    net = slim.max_pool2d(net, [2, 2], scope='pool1')
    net = slim.conv2d(net, 32, [3, 3], scope='conv2')
    net = slim.max_pool2d(net, [2, 2], scope='pool2')
    net = slim.flatten(net)
    net = slim.fully_connected(net, 64, scope='fc1')
    return slim.fully_connected(net, NUM_CLASSES, activation_fn=None,
                                normalizer_fn=None, scope='logits')


def train():
  with tf.Graph().as_default():
    images, labels = inputs(FLAGS.batch_size, seed=1)
    logits = convnet(images, is_training=True)
    slim.losses.softmax_cross_entropy(
        logits, slim.one_hot_encoding(labels, NUM_CLASSES))
    total_loss = slim.losses.get_total_loss()
    tf.summary.scalar('losses/total_loss', total_loss)
    optimizer = tf.train.AdamOptimizer(learning_rate=0.01)
    train_op = slim.learning.create_train_op(total_loss, optimizer)
    return slim.learning.train(train_op, FLAGS.logdir,
                               number_of_steps=FLAGS.number_of_steps,
                               log_every_n_steps=50, save_summaries_secs=20)


def evaluate():
  with tf.Graph().as_default():
    images, labels = inputs(256, seed=2)
    predictions = tf.argmax(convnet(images, is_training=False), 1)
    names_to_values, names_to_updates = slim.metrics.aggregate_metric_map({
        'accuracy': slim.metrics.streaming_accuracy(predictions, labels),
    })
    for name, value in names_to_values.items():
      tf.summary.scalar(name, value)
    checkpoint = tf.train.latest_checkpoint(FLAGS.logdir)
    return slim.evaluation.evaluate_once(
        '', checkpoint, FLAGS.logdir + '/eval', num_evals=4,
        eval_op=list(names_to_updates.values()),
        final_op=names_to_values['accuracy'])


def main(_):
  tf.logging.set_verbosity(tf.logging.INFO)
  final_loss = train()
  accuracy = evaluate()
  print('final training loss: %.4f' % final_loss)
  print('evaluated accuracy: %.3f (chance %.3f)' % (accuracy, 1.0 / NUM_CLASSES))
  print('checkpoints and TensorBoard events: %s' % FLAGS.logdir)


if __name__ == '__main__':
  tf.app.run()
