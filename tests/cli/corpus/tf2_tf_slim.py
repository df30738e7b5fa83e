# TF2-era style: `import tensorflow.compat.v1 as tf; import tf_slim as slim`.
import numpy as np
import tensorflow.compat.v1 as tf
import tf_slim as slim
from tf_slim.ops import variables as slim_variables

tf.disable_eager_execution()

images = tf.placeholder(tf.float32, [2, 8, 8, 1])
net = slim.conv2d(images, 4, [3, 3], weights_initializer=tf.ones_initializer(),
                  scope='conv1')
net = slim.max_pool2d(net, [2, 2], scope='pool1')
with tf.Session() as sess:
  sess.run(tf.global_variables_initializer())
  out = sess.run(net, {images: np.ones([2, 8, 8, 1], np.float32)})
print('OUT', net.op.name, out.shape, float(out.max()),
      [v.op.name for v in slim_variables.get_model_variables()])
