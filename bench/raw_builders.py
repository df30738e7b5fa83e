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


def _batch_norm(x, decay, epsilon, scale=True, stats_collection=None):
  """Fused training-mode batch norm, moving averages updated."""
  depth = x.shape[-1]
  with tf.variable_scope('BatchNorm'):
    beta = _variable('beta', [depth], tf.zeros_initializer())
    if scale:
      gamma = _variable('gamma', [depth], tf.ones_initializer())
    else:
      gamma = tf.ones([depth])
    mean_var = _variable('moving_mean', [depth], tf.zeros_initializer(),
                         trainable=False)
    var_var = _variable('moving_variance', [depth], tf.ones_initializer(),
                        trainable=False)
    if stats_collection:
      tf.add_to_collection(stats_collection, mean_var)
      tf.add_to_collection(stats_collection, var_var)
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
  kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
  with tf.variable_scope(scope):
    weights = _variable('weights', [kh, kw, x.shape[-1], depth],
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


# ------------------------------------------------------------- Inception v3
# A branch is a list of steps: ('conv', scope, depth, kernel[, stride, padding])
# or ('max'|'avg', scope, kernel, stride, padding).
def _c(scope, depth, kernel, stride=1, padding='SAME'):
  return ('conv', scope, depth, kernel, stride, padding)


def _pool(kind, scope, stride=1, padding='SAME'):
  return (kind, scope, 3, stride, padding)


def _mixed_5(pool_depth, second_names=('Conv2d_0a_1x1', 'Conv2d_0b_5x5')):
  return [[_c('Conv2d_0a_1x1', 64, 1)],
          [_c(second_names[0], 48, 1), _c(second_names[1], 64, 5)],
          [_c('Conv2d_0a_1x1', 64, 1), _c('Conv2d_0b_3x3', 96, 3),
           _c('Conv2d_0c_3x3', 96, 3)],
          [_pool('avg', 'AvgPool_0a_3x3'), _c('Conv2d_0b_1x1', pool_depth, 1)]]


def _mixed_6(mid):
  return [[_c('Conv2d_0a_1x1', 192, 1)],
          [_c('Conv2d_0a_1x1', mid, 1), _c('Conv2d_0b_1x7', mid, (1, 7)),
           _c('Conv2d_0c_7x1', 192, (7, 1))],
          [_c('Conv2d_0a_1x1', mid, 1), _c('Conv2d_0b_7x1', mid, (7, 1)),
           _c('Conv2d_0c_1x7', mid, (1, 7)), _c('Conv2d_0d_7x1', mid, (7, 1)),
           _c('Conv2d_0e_1x7', 192, (1, 7))],
          [_pool('avg', 'AvgPool_0a_3x3'), _c('Conv2d_0b_1x1', 192, 1)]]


def _mixed_7(b1_second):
  # A tuple step is a split: both convs on the same input, concatenated.
  return [[_c('Conv2d_0a_1x1', 320, 1)],
          [_c('Conv2d_0a_1x1', 384, 1),
           (_c('Conv2d_0b_1x3', 384, (1, 3)), _c(b1_second, 384, (3, 1)))],
          [_c('Conv2d_0a_1x1', 448, 1), _c('Conv2d_0b_3x3', 384, 3),
           (_c('Conv2d_0c_1x3', 384, (1, 3)), _c('Conv2d_0d_3x1', 384, (3, 1)))],
          [_pool('avg', 'AvgPool_0a_3x3'), _c('Conv2d_0b_1x1', 192, 1)]]


_INCEPTION_V3 = [
    _c('Conv2d_1a_3x3', 32, 3, 2, 'VALID'),
    _c('Conv2d_2a_3x3', 32, 3, 1, 'VALID'),
    _c('Conv2d_2b_3x3', 64, 3),
    _pool('max', 'MaxPool_3a_3x3', 2, 'VALID'),
    _c('Conv2d_3b_1x1', 80, 1, 1, 'VALID'),
    _c('Conv2d_4a_3x3', 192, 3, 1, 'VALID'),
    _pool('max', 'MaxPool_5a_3x3', 2, 'VALID'),
    ('Mixed_5b', _mixed_5(32)),
    ('Mixed_5c', _mixed_5(64, ('Conv2d_0b_1x1', 'Conv_1_0c_5x5'))),
    ('Mixed_5d', _mixed_5(64)),
    ('Mixed_6a', [[_c('Conv2d_1a_1x1', 384, 3, 2, 'VALID')],
                  [_c('Conv2d_0a_1x1', 64, 1), _c('Conv2d_0b_3x3', 96, 3),
                   _c('Conv2d_1a_1x1', 96, 3, 2, 'VALID')],
                  [_pool('max', 'MaxPool_1a_3x3', 2, 'VALID')]]),
    ('Mixed_6b', _mixed_6(128)),
    ('Mixed_6c', _mixed_6(160)),
    ('Mixed_6d', _mixed_6(160)),
    ('Mixed_6e', _mixed_6(192)),
    ('Mixed_7a', [[_c('Conv2d_0a_1x1', 192, 1),
                   _c('Conv2d_1a_3x3', 320, 3, 2, 'VALID')],
                  [_c('Conv2d_0a_1x1', 192, 1),
                   _c('Conv2d_0b_1x7', 192, (1, 7)),
                   _c('Conv2d_0c_7x1', 192, (7, 1)),
                   _c('Conv2d_1a_3x3', 192, 3, 2, 'VALID')],
                  [_pool('max', 'MaxPool_1a_3x3', 2, 'VALID')]]),
    ('Mixed_7b', _mixed_7('Conv2d_0b_3x1')),
    ('Mixed_7c', _mixed_7('Conv2d_0c_3x1')),
]


def _step(x, step, conv_args):
  if isinstance(step[0], tuple):
    return tf.concat([_step(x, s, conv_args) for s in step], 3)
  kind, scope = step[0], step[1]
  if kind == 'conv':
    _, _, depth, kernel, stride, padding = step
    return _conv(x, depth, kernel, stride, padding, scope, **conv_args)
  _, _, kernel, stride, padding = step
  pool = tf.nn.max_pool2d if kind == 'max' else tf.nn.avg_pool2d
  return pool(x, kernel, stride, padding, name=scope + '/' +
              ('MaxPool' if kind == 'max' else 'AvgPool'))


def inception_v3(inputs, num_classes=1000, weight_decay=0.00004, stddev=0.1,
                 keep_prob=0.8):
  """Inception v3 as built by `inception_v3(inputs, num_classes,
  is_training=True)` under `inception_v3_arg_scope()` (with aux logits).
  Returns the logits [batch, num_classes]."""
  regularizer = _l2(weight_decay)
  conv_args = dict(initializer=tf.truncated_normal_initializer(stddev=stddev),
                   regularizer=regularizer,
                   bn=(0.9997, 0.001, False, 'moving_vars'))
  with tf.variable_scope('InceptionV3'):
    net = inputs
    aux_input = None
    for entry in _INCEPTION_V3:
      if entry[0] != 'conv' and isinstance(entry[1], list):
        with tf.variable_scope(entry[0]):
          outs = []
          for b, branch in enumerate(entry[1]):
            with tf.variable_scope('Branch_%d' % b):
              y = net
              for step in branch:
                y = _step(y, step, conv_args)
              outs.append(y)
          net = tf.concat(outs, 3)
        if entry[0] == 'Mixed_6e':
          aux_input = net
      else:
        net = _step(net, entry, conv_args)
    with tf.variable_scope('AuxLogits'):
      aux = tf.nn.avg_pool2d(aux_input, 5, 3, 'VALID',
                             name='AvgPool_1a_5x5/AvgPool')
      aux = _conv(aux, 128, 1, scope='Conv2d_1b_1x1', **conv_args)
      k = aux.shape[1]
      aux = _conv(aux, 768, k, padding='VALID',
                  scope='Conv2d_2a_%dx%d' % (k, k),
                  **dict(conv_args,
                         initializer=tf.truncated_normal_initializer(
                             stddev=0.01)))
      aux = _conv(aux, num_classes, 1, scope='Conv2d_2b_1x1', activation=None,
                  bias=True, regularizer=regularizer,
                  initializer=tf.truncated_normal_initializer(stddev=0.001))
      aux = tf.squeeze(aux, [1, 2], name='SpatialSqueeze')
    with tf.variable_scope('Logits'):
      k = net.shape[1]
      net = tf.nn.avg_pool2d(net, k, 1, 'VALID',
                             name='AvgPool_1a_%dx%d/AvgPool' % (k, k))
      net = tf.nn.dropout(net, rate=1 - keep_prob, name='Dropout_1b/dropout')
      net = _conv(net, num_classes, 1, scope='Conv2d_1c_1x1', activation=None,
                  bias=True, regularizer=regularizer,
                  initializer=conv_args['initializer'])
      net = tf.squeeze(net, [1, 2], name='SpatialSqueeze')
    tf.nn.softmax(net, name='Predictions/Softmax')
  return net


# Raw builders by net name; the bench and the test share this table.
BUILDERS = {
    'resnet_v1_50': resnet_v1_50,
    'resnet_v1_152': resnet_v1_152,
    'vgg_16': vgg_16,
    'inception_v3': inception_v3,
}
