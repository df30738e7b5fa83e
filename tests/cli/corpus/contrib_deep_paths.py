# TF 1.x module paths below contrib.{framework,layers,slim,metrics} and the
# star-import leftovers real code reaches: a weight-standardised convolution
# built the 2019 way on contrib.layers' private helpers, trained one step.
import numpy as np
import tensorflow as tf
from tensorflow.contrib.framework.python.ops import add_arg_scope
from tensorflow.contrib.framework.python.ops import arg_scope
from tensorflow.contrib.framework.python.ops import get_or_create_global_step
from tensorflow.contrib.framework.python.ops import model_variable
from tensorflow.contrib.layers.python.layers import initializers
from tensorflow.contrib.layers.python.layers import layers as layers_lib
from tensorflow.contrib.layers.python.layers import utils
from tensorflow.contrib.metrics.python.ops import set_ops
from tensorflow.contrib.slim.python.slim import learning
from tensorflow.contrib.slim.python.slim.nets import vgg

slim = tf.contrib.slim
tf.set_random_seed(0)


@add_arg_scope
def ws_conv2d(inputs, num_outputs, kernel_size, scope=None,
              variables_collections=None, outputs_collections=None):
  with tf.variable_scope(
      scope, 'WsConv', [inputs],
      custom_getter=layers_lib._build_variable_getter(
          {'kernel': 'weights', 'bias': 'biases'})) as sc:
    channels = inputs.get_shape().as_list()[-1]
    kernel = tf.get_variable(
        'kernel', kernel_size + [channels, num_outputs],
        initializer=initializers.xavier_initializer(seed=1))
    layers_lib._add_variable_to_collections(kernel, variables_collections,
                                            'weights')
    mean, variance = tf.nn.moments(kernel, [0, 1, 2], keep_dims=True)
    standardised = (kernel - mean) / tf.sqrt(variance + 1e-5)
    outputs = tf.nn.conv2d(inputs, standardised, [1, 1, 1, 1], 'SAME')
    return utils.collect_named_outputs(outputs_collections, sc.name, outputs)


images = tf.constant(np.random.RandomState(4).rand(2, 5, 5, 3),
                     dtype=tf.float32)
with arg_scope([ws_conv2d], variables_collections={'weights': ['ws']}):
  net = ws_conv2d(images, 4, [3, 3], scope='conv1')
bias = model_variable('extra_bias', shape=[4],
                      initializer=slim.init_ops.zeros_initializer())
loss = tf.reduce_mean(tf.square(net + bias))
step = get_or_create_global_step()
train_op = learning.create_train_op(loss, tf.train.GradientDescentOptimizer(0.1))
sizes = set_ops.set_size(tf.SparseTensor([[0, 0], [0, 1]], [1, 2], [1, 2]))
with tf.Session() as sess:
  sess.run(tf.global_variables_initializer())
  before = sess.run(loss)
  sess.run(train_op)
  after = sess.run(loss)
  print('OUT', [v.op.name for v in slim.get_model_variables()],
        [v.op.name for v in tf.get_collection('ws')],
        sess.run(sizes).tolist(), sess.run(step), callable(vgg.vgg_16),
        after < before)
