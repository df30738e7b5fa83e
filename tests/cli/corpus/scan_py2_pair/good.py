# The Python 3 half of a pair: runs, although a Python 2 file sits beside it.
import tensorflow.compat.v1 as tf
import tf_slim as slim

images = tf.placeholder(tf.float32, [1, 4, 4, 1])
net = slim.flatten(images)
print('OUT', net.shape.as_list())
