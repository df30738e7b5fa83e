# TF1 style: `tf.contrib.layers` initializers / regularizers and contrib.framework.
import tensorflow as tf
from tensorflow.contrib.framework.python.ops import variables as contrib_variables

init = tf.contrib.layers.xavier_initializer(seed=1)
reg = tf.contrib.layers.l2_regularizer(0.5)
w = tf.get_variable('w', shape=[2, 2], initializer=tf.ones_initializer(),
                    regularizer=reg)
step = contrib_variables.get_or_create_global_step()
with tf.Session() as sess:
  sess.run(tf.global_variables_initializer())
  losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
  print('OUT', [float(l) for l in sess.run(losses)], step.op.name, callable(init))
