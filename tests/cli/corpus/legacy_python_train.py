# 2018 style: flags, tf.app.run, a data-generator thread feeding a Python 2
# `Queue`, NumPy's old aliases (np.int, np.bool, np.float), xrange, and a
# Keras regularizer on a slim model variable, trained by slim.learning.train.
import threading

import Queue
import numpy as np
import tensorflow as tf

slim = tf.contrib.slim

tf.app.flags.DEFINE_string('logdir', '/tmp/legacy_python_train', 'where to save')
tf.app.flags.DEFINE_integer('max_steps', 20, 'training steps')
tf.app.flags.DEFINE_integer('batch_size', 16, 'examples per batch')
FLAGS = tf.app.flags.FLAGS

TRUE_WEIGHTS = [[1.0], [-2.0], [3.0], [0.5]]


def generate(batches, steps, batch_size):
  """Makes one batch per training step, as the model's reader thread."""
  rng = np.random.RandomState(0)
  weights = np.array(TRUE_WEIGHTS)
  for _ in xrange(steps):
    features = rng.randn(batch_size, 4).astype(np.float)
    keep = np.ones(batch_size, dtype=np.bool)
    order = rng.permutation(batch_size).astype(np.int)
    features = features[order][keep]
    batches.put((features.astype(np.float32),
                 features.dot(weights).astype(np.float32)))


def next_batch(batches):
  def pull():
    return batches.get(timeout=60)
  features, targets = tf.py_func(pull, [], [tf.float32, tf.float32],
                                 stateful=True)
  features.set_shape([FLAGS.batch_size, 4])
  targets.set_shape([FLAGS.batch_size, 1])
  return features, targets


def main(_):
  tf.logging.set_verbosity(tf.logging.INFO)
  batches = Queue.Queue()
  reader = threading.Thread(target=generate,
                            args=(batches, FLAGS.max_steps, FLAGS.batch_size))
  reader.daemon = True
  reader.start()
  features, targets = next_batch(batches)
  weights = slim.model_variable(
      'weights', shape=[4, 1], initializer=tf.zeros_initializer(),
      regularizer=tf.keras.regularizers.l2(1e-3))
  tf.losses.mean_squared_error(targets, tf.matmul(features, weights))
  total_loss = tf.losses.get_total_loss()
  train_op = slim.learning.create_train_op(
      total_loss, tf.train.GradientDescentOptimizer(0.1))
  final_loss = slim.learning.train(train_op, FLAGS.logdir,
                                   number_of_steps=FLAGS.max_steps,
                                   log_every_n_steps=1, save_summaries_secs=0,
                                   save_interval_secs=0)
  reader.join()
  print('REG %s' % [l.name for l in tf.losses.get_regularization_losses()])
  print('FINAL %.4f' % final_loss)


if __name__ == '__main__':
  tf.app.run()
