"""A TF1-era TF-Slim training script, written the way such scripts were.

It is bundled with slimcompat as the `slimcompat demo` and is run UNCHANGED
(``slimcompat run --tf1 legacy_train.py``): `import tensorflow as tf`,
`slim = tf.contrib.slim`, `tf.app.flags`, `tf.app.run`, slim.learning.train
with a custom train_step_fn, slim.evaluation.  The data is made in-process:
16x16 grey images of four faint stripe patterns under heavy noise, so nothing
is downloaded and the network needs a few hundred steps to tell them apart.

Run it twice with one --logdir and the second run resumes from the latest
checkpoint and trains --number_of_steps more.
"""

import os

import numpy as np
import tensorflow as tf

slim = tf.contrib.slim

flags = tf.app.flags
flags.DEFINE_string('logdir', '/tmp/slim_demo', 'Checkpoints and events go here.')
flags.DEFINE_integer('number_of_steps', 300,
                     'Training steps in this run (on top of a restored '
                     'checkpoint).')
flags.DEFINE_integer('batch_size', 32, 'Training batch size.')
flags.DEFINE_integer('summary_every_n_steps', 10,
                     'Write the training summaries every this many steps.')
FLAGS = flags.FLAGS

NUM_CLASSES = 4
SIZE = 16
SIGNAL = 0.2  # stripe contrast, against noise of standard deviation 1
EVAL_BATCH = 250
NUM_EVAL_BATCHES = 2


def stripe_patterns():
  """Four classes: horizontal, vertical, diagonal stripes and a checkerboard."""
  rows, cols = np.mgrid[0:SIZE, 0:SIZE]
  shapes = [rows % 4 < 2, cols % 4 < 2, (rows + cols) % 4 < 2,
            (rows // 4 + cols // 4) % 2 == 0]
  return np.stack(shapes).astype(np.float32)[..., None] * 2.0 - 1.0


def inputs(batch_size, seed):
  labels = tf.random_uniform([batch_size], maxval=NUM_CLASSES, dtype=tf.int32,
                             seed=seed)
  images = SIGNAL * tf.gather(tf.constant(stripe_patterns()), labels)
  images += tf.random_normal(tf.shape(images), stddev=1.0, seed=seed)
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


def restored_step():
  """The global step of the latest checkpoint in --logdir (0 if none)."""
  checkpoint = tf.train.latest_checkpoint(FLAGS.logdir)
  if checkpoint is None:
    return 0
  print('resuming from %s' % os.path.basename(checkpoint))
  return int(checkpoint.rsplit('-', 1)[1])


def train(last_step):
  with tf.Graph().as_default():
    images, labels = inputs(FLAGS.batch_size, seed=1)
    logits = convnet(images, is_training=True)
    slim.losses.softmax_cross_entropy(
        logits, slim.one_hot_encoding(labels, NUM_CLASSES))
    total_loss = slim.losses.get_total_loss()
    tf.summary.scalar('losses/total_loss', total_loss)
    summary_op = tf.summary.merge_all()
    optimizer = tf.train.AdamOptimizer(learning_rate=0.003)
    train_op = slim.learning.create_train_op(total_loss, optimizer)

    def train_step_with_summaries(sess, train_op, global_step, kwargs):
      # The Supervisor writes summaries every N seconds; a curve wants them
      # every N steps.
      loss, should_stop = slim.learning.train_step(sess, train_op,
                                                   global_step, kwargs)
      step = sess.run(global_step)
      if step % FLAGS.summary_every_n_steps == 0:
        kwargs['summary_writer'].add_summary(sess.run(summary_op), step)
      return loss, should_stop

    return slim.learning.train(train_op, FLAGS.logdir,
                               train_step_fn=train_step_with_summaries,
                               number_of_steps=last_step,
                               log_every_n_steps=50, summary_op=None)


def evaluate(checkpoint):
  """Accuracy of the model in `checkpoint`, or of a new one if None."""
  with tf.Graph().as_default():
    images, labels = inputs(EVAL_BATCH, seed=2)
    predictions = tf.argmax(convnet(images, is_training=False), 1)
    names_to_values, names_to_updates = slim.metrics.aggregate_metric_map({
        'eval/accuracy': slim.metrics.streaming_accuracy(predictions, labels),
    })
    for name, value in names_to_values.items():
      tf.summary.scalar(name, value)
    accuracy = names_to_values['eval/accuracy']
    updates = list(names_to_updates.values())
    if checkpoint is None:
      with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(),
                  tf.local_variables_initializer()])
        for _ in range(NUM_EVAL_BATCHES):
          sess.run(updates)
        return sess.run(accuracy)
    return slim.evaluation.evaluate_once(
        '', checkpoint, os.path.join(FLAGS.logdir, 'eval'),
        num_evals=NUM_EVAL_BATCHES, eval_op=updates, final_op=accuracy)


def main(_):
  tf.logging.set_verbosity(tf.logging.INFO)
  first_step = restored_step()
  before = evaluate(tf.train.latest_checkpoint(FLAGS.logdir))
  final_loss = train(first_step + FLAGS.number_of_steps)
  after = evaluate(tf.train.latest_checkpoint(FLAGS.logdir))
  print('final training loss: %.4f' % final_loss)
  print('accuracy: %.3f before training, %.3f after (chance %.3f)' % (
      before, after, 1.0 / NUM_CLASSES))
  print('checkpoints and TensorBoard events are in %s; to see them:'
        % FLAGS.logdir)
  print('tensorboard --logdir %s' % FLAGS.logdir)


if __name__ == '__main__':
  tf.app.run()
