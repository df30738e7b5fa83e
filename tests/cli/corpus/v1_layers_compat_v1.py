# TF2-era script on the v1 API: `tf.compat.v1.layers` (run with `slimcompat run`).
import numpy as np
import tensorflow as tf
import tensorflow.compat.v1 as v1
# (`from tensorflow.compat.v1.layers import max_pooling2d` fails on TF 2.12's own
# lazily loaded module; importing the module works on every TensorFlow.)
import tensorflow.compat.v1.layers as v1_layers

x = v1.placeholder(tf.float32, [None, 4, 4, 1])
net = v1.layers.conv2d(x, 2, 2, kernel_initializer=v1.ones_initializer(),
                       name='conv')
net = tf.compat.v1.layers.flatten(v1_layers.max_pooling2d(net, 2, 2))
with v1.Session() as sess:
  sess.run(v1.global_variables_initializer())
  out = sess.run(net, {x: np.ones([1, 4, 4, 1], np.float32)})
# A 2x2 all-ones kernel over ones: 4 everywhere; the pool keeps 4.
print('OUT', net.op.name, out.tolist(),
      [v.op.name for v in v1.trainable_variables()])
