# The 2021 image-classifier trainer pattern: contrib.quantize imported at the
# top, unguarded, and called only when quantization-aware training is on.
import numpy as np
import tensorflow as tf
from tensorflow.contrib import quantize as contrib_quantize

slim = tf.contrib.slim
tf.set_random_seed(0)

tf.app.flags.DEFINE_boolean('quantize', False, 'quantization-aware training')
FLAGS = tf.app.flags.FLAGS


def main(_):
  rng = np.random.RandomState(0)
  images = tf.constant(rng.rand(8, 6).astype(np.float32))
  labels = tf.constant(rng.randint(0, 2, size=8))
  logits = slim.fully_connected(images, 2, activation_fn=None, scope='logits')
  slim.losses.sparse_softmax_cross_entropy(logits, labels)
  if FLAGS.quantize:
    contrib_quantize.create_training_graph(quant_delay=0)
  loss = slim.losses.get_total_loss()
  train_op = slim.learning.create_train_op(
      loss, tf.train.GradientDescentOptimizer(0.5))
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    losses = [float(sess.run(train_op)) for _ in range(5)]
  print('OUT', losses[-1] < losses[0], len(tf.get_default_graph().get_operations()) > 0)


if __name__ == '__main__':
  tf.app.run()
