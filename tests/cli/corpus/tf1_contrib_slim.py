# TF1 style: `slim = tf.contrib.slim`, tf.placeholder / tf.Session / tf.app.run.
import numpy as np
import tensorflow as tf

slim = tf.contrib.slim

tf.app.flags.DEFINE_integer('units', 3, 'width of the layer')
FLAGS = tf.app.flags.FLAGS


def main(_):
  x = tf.placeholder(tf.float32, [None, 4])
  with slim.arg_scope([slim.fully_connected],
                      weights_initializer=tf.ones_initializer(),
                      biases_initializer=tf.constant_initializer(0.5)):
    y = slim.fully_connected(x, FLAGS.units, activation_fn=None, scope='fc')
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out = sess.run(y, {x: np.arange(8, dtype=np.float32).reshape(2, 4)})
  print('OUT', y.op.name, out.tolist())
  print('VARS', [v.op.name for v in slim.get_model_variables()])


if __name__ == '__main__':
  tf.app.run()
