# A model configured by tf.contrib.training.HParams, overridden from the
# command line with --hparams (the 2018 detection / segmentation pattern).
import numpy as np
import tensorflow as tf
from tensorflow.contrib import training as contrib_training

slim = tf.contrib.slim
tf.set_random_seed(0)

tf.app.flags.DEFINE_string('hparams', '', 'comma-separated name=value pairs')
FLAGS = tf.app.flags.FLAGS


def create_hparams(overrides):
  hparams = contrib_training.HParams(
      learning_rate=0.1, hidden=[8], activation='relu', use_bias=True,
      steps=3)
  return hparams.parse(overrides)


def main(_):
  hparams = create_hparams(FLAGS.hparams)
  rng = np.random.RandomState(1)
  net = tf.constant(rng.rand(4, 3).astype(np.float32))
  target = tf.constant(rng.rand(4, 1).astype(np.float32))
  activation = getattr(tf.nn, hparams.activation)
  for i, width in enumerate(hparams.hidden):
    net = slim.fully_connected(net, width, activation_fn=activation,
                               scope='hidden%d' % i)
  biases = tf.zeros_initializer() if hparams.use_bias else None
  prediction = slim.fully_connected(net, 1, activation_fn=None,
                                    biases_initializer=biases, scope='out')
  loss = tf.losses.mean_squared_error(target, prediction)
  train_op = slim.learning.create_train_op(
      loss, tf.train.GradientDescentOptimizer(hparams.learning_rate))
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    losses = [float(sess.run(train_op)) for _ in range(hparams.steps)]
  print('OUT', hparams.to_json(sort_keys=True),
        [v.op.name for v in slim.get_model_variables()],
        len(losses), losses[-1] <= losses[0])


if __name__ == '__main__':
  tf.app.run()
