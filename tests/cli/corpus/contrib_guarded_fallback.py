# Guarded imports of contrib modules slimcompat refuses take their fallback.
import numpy as np
import tensorflow as tf

try:
  from tensorflow.contrib import image as contrib_image
except ImportError as error:
  contrib_image = None
  message = str(error)
try:
  import tensorflow.contrib.seq2seq as seq2seq
except ImportError:
  seq2seq = None
signal = getattr(tf.contrib, 'signal', None) or tf.signal

slim = tf.contrib.slim
tf.set_random_seed(0)
images = tf.constant(np.random.RandomState(5).rand(2, 4, 4, 1),
                     dtype=tf.float32)
flipped = (contrib_image or tf.image).flip_left_right(images)
logits = slim.fully_connected(slim.flatten(flipped), 2, scope='fc')
loss = tf.reduce_mean(tf.square(logits))
train_op = slim.learning.create_train_op(
    loss, tf.train.GradientDescentOptimizer(0.1))
with tf.Session() as sess:
  sess.run(tf.global_variables_initializer())
  first, second = sess.run(train_op), sess.run(train_op)
print('OUT', contrib_image is None, seq2seq is None, signal is tf.signal,
      'tf.image' in message, second <= first)
