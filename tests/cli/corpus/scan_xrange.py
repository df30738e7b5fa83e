# Python 2's xrange in a training loop: the script loads, starts, and dies when
# the loop runs.
import tensorflow as tf


def train(steps):
  total = tf.Variable(0.0)
  step = tf.assign_add(total, 1.0)
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in xrange(steps):
      sess.run(step)
    return sess.run(total)


def main(_):
  print('OUT started')
  train(3)


if __name__ == '__main__':
  tf.app.run()
