"""Raw tf.compat.v1 builders: the physical limit for building a slim net graph.

Each builder makes the same graph as the slim network under its training
arg_scope -- the same variables (names, shapes, trainability, collections),
the same kind of ops (convolutions, fused batch norm with its moving-average
updates in UPDATE_OPS, L2 regularization losses, dropout, pools) -- but with
plain `get_variable` / `tf.nn` calls and no wrapper machinery (no arg_scope,
no end-points collections, no layer objects).

The bench times these against slimcompat and the reference tf-slim; the test
`tests/bench/test_raw_builders.py` checks that the variables really match.
"""

import tensorflow as tf2

tf = tf2.compat.v1

_MODEL_COLLECTIONS = (tf.GraphKeys.GLOBAL_VARIABLES,
                      tf.GraphKeys.MODEL_VARIABLES)


def _l2(scale):
  """An L2 weight regularizer: scale * sum(w**2) / 2."""
  def regularize(weights):
    with tf.name_scope('l2_regularizer'):
      return tf.multiply(tf.constant(scale, weights.dtype.base_dtype,
                                     name='scale'),
                         tf.nn.l2_loss(weights))
  return regularize


def _variable(name, shape, initializer, regularizer=None, trainable=True):
  var = tf.get_variable(name, shape=shape, initializer=initializer,
                        trainable=trainable,
                        collections=list(_MODEL_COLLECTIONS))
  if regularizer is not None:
    # Applied once here: get_variable(regularizer=...) builds the loss twice
    # on resource variables.
    with tf.name_scope(name + '/Regularizer'):
      tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES,
                           regularizer(var))
  return var


def _batch_norm(x, decay, epsilon):
  """Fused training-mode batch norm with scale, moving averages updated."""
  depth = x.shape[-1]
  with tf.variable_scope('BatchNorm'):
    beta = _variable('beta', [depth], tf.zeros_initializer())
    gamma = _variable('gamma', [depth], tf.ones_initializer())
    mean_var = _variable('moving_mean', [depth], tf.zeros_initializer(),
                         trainable=False)
    var_var = _variable('moving_variance', [depth], tf.ones_initializer(),
                        trainable=False)
    y, mean, variance = tf.nn.fused_batch_norm(x, gamma, beta,
                                               epsilon=epsilon,
                                               is_training=True)
    momentum = tf.convert_to_tensor(decay)
    for target, value in ((mean_var, mean), (var_var, variance)):
      with tf.name_scope('AssignMovingAvg'):
        rate = tf.subtract(1.0, momentum, name='decay')
        update = tf.assign_sub(target, (target - value) * rate)
      tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, update)
  return y


def _conv(x, depth, kernel, stride=1, padding='SAME', scope=None,
          initializer=None, regularizer=None, bn=None, bias=False,
          activation=tf.nn.relu):
  """conv2d [+ batch norm | + bias] [+ activation] under `scope`."""
  with tf.variable_scope(scope):
    weights = _variable('weights', [kernel, kernel, x.shape[-1], depth],
                        initializer, regularizer)
    y = tf.nn.conv2d(x, weights, [1, stride, stride, 1], padding)
    if bn is not None:
      y = _batch_norm(y, *bn)
    if bias:
      biases = _variable('biases', [depth], tf.zeros_initializer())
      y = tf.nn.bias_add(y, biases)
    if activation is not None:
      y = activation(y)
  return y


# ---------------------------------------------------------------- ResNet v1
_RESNET_DEPTHS = {
    'resnet_v1_50': (3, 4, 6, 3),
    'resnet_v1_101': (3, 4, 23, 3),
    'resnet_v1_152': (3, 8, 36, 3),
    'resnet_v1_200': (3, 24, 36, 3),
}


def _conv_same(x, depth, kernel, stride, scope, **conv_args):
  """A strided conv with explicit symmetric padding, as resnet_utils does."""
  if stride == 1:
    return _conv(x, depth, kernel, 1, 'SAME', scope, **conv_args)
  pad = kernel - 1
  begin, end = pad // 2, pad - pad // 2
  x = tf.pad(x, [[0, 0], [begin, end], [begin, end], [0, 0]])
  return _conv(x, depth, kernel, stride, 'VALID', scope, **conv_args)


def _bottleneck(x, depth, bottleneck, stride, conv_args):
  with tf.variable_scope('bottleneck_v1'):
    if x.shape[-1] == depth:
      shortcut = x if stride == 1 else tf.nn.max_pool2d(
          x, 1, stride, 'SAME', name='shortcut/MaxPool')
    else:
      shortcut = _conv(x, depth, 1, stride, scope='shortcut',
                       activation=None, **conv_args)
    r = _conv(x, bottleneck, 1, 1, scope='conv1', **conv_args)
    r = _conv_same(r, bottleneck, 3, stride, 'conv2', **conv_args)
    r = _conv(r, depth, 1, 1, scope='conv3', activation=None, **conv_args)
    return tf.nn.relu(shortcut + r)


def resnet_v1(inputs, name='resnet_v1_50', num_classes=1000,
              weight_decay=0.0001, batch_norm_decay=0.997,
              batch_norm_epsilon=1e-5):
  """ResNet v1 (`name` picks the depth) as built by
  `resnet_v1.<name>(inputs, num_classes, is_training=True)` under
  `resnet_arg_scope()`. Returns the logits [batch, 1, 1, num_classes]."""
  conv_args = dict(
      initializer=tf.variance_scaling_initializer(
          2.0, 'fan_in', 'truncated_normal'),
      regularizer=_l2(weight_decay),
      bn=(batch_norm_decay, batch_norm_epsilon))
  with tf.variable_scope(name):
    net = _conv_same(inputs, 64, 7, 2, 'conv1', **conv_args)
    net = tf.nn.max_pool2d(net, 3, 2, 'SAME', name='pool1/MaxPool')
    for b, units in enumerate(_RESNET_DEPTHS[name]):
      base = 64 * 2 ** b
      last_stride = 1 if b == 3 else 2
      with tf.variable_scope('block%d' % (b + 1)):
        for u in range(units):
          with tf.variable_scope('unit_%d' % (u + 1)):
            stride = last_stride if u == units - 1 else 1
            net = _bottleneck(net, base * 4, base, stride, conv_args)
    net = tf.reduce_mean(net, [1, 2], name='pool5', keepdims=True)
    net = _conv(net, num_classes, 1, scope='logits', activation=None,
                bias=True, initializer=conv_args['initializer'],
                regularizer=conv_args['regularizer'])
    # tf-slim 1.1.0's resnet_v1 keeps the 1x1 spatial dimensions.
    with tf.name_scope('predictions'):
      flat = tf.reshape(net, [-1, num_classes])
      tf.reshape(tf.nn.softmax(flat), tf.shape(net))
  return net


def resnet_v1_50(inputs, num_classes=1000):
  return resnet_v1(inputs, 'resnet_v1_50', num_classes)


def resnet_v1_152(inputs, num_classes=1000):
  return resnet_v1(inputs, 'resnet_v1_152', num_classes)


# ---------------------------------------------------------------------- VGG
_VGG_BLOCKS = {'vgg_a': (1, 1, 2, 2, 2), 'vgg_16': (2, 2, 3, 3, 3),
               'vgg_19': (2, 2, 4, 4, 4)}


def vgg(inputs, name='vgg_16', num_classes=1000, weight_decay=0.0005,
        keep_prob=0.5):
  """VGG as built by `vgg.<name>(inputs, num_classes, is_training=True)` under
  `vgg_arg_scope()`. Returns the logits [batch, num_classes]."""
  conv_args = dict(initializer=tf.glorot_uniform_initializer(),
                   regularizer=_l2(weight_decay), bias=True)
  with tf.variable_scope(name):
    net = inputs
    for b, times in enumerate(_VGG_BLOCKS[name]):
      block = 'conv%d' % (b + 1)
      depth = min(64 * 2 ** b, 512)
      with tf.variable_scope(block):
        for i in range(times):
          net = _conv(net, depth, 3, scope='%s_%d' % (block, i + 1),
                      **conv_args)
      net = tf.nn.max_pool2d(net, 2, 2, 'VALID',
                             name='pool%d/MaxPool' % (b + 1))
    net = _conv(net, 4096, 7, padding='VALID', scope='fc6', **conv_args)
    net = tf.nn.dropout(net, rate=1 - keep_prob, name='dropout6/dropout')
    net = _conv(net, 4096, 1, scope='fc7', **conv_args)
    net = tf.nn.dropout(net, rate=1 - keep_prob, name='dropout7/dropout')
    net = _conv(net, num_classes, 1, scope='fc8', activation=None,
                **conv_args)
    net = tf.squeeze(net, [1, 2], name='fc8/squeezed')
  return net


def vgg_16(inputs, num_classes=1000):
  return vgg(inputs, 'vgg_16', num_classes)


# Raw builders by net name; the bench and the test share this table.
BUILDERS = {
    'resnet_v1_50': resnet_v1_50,
    'resnet_v1_152': resnet_v1_152,
    'vgg_16': vgg_16,
}
