"""tf_slim.nets.vgg: the Oxford VGG networks (configurations A, D and E).

Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
Recognition" (arXiv:1409.1556). The classifier layers fc6..fc8 are
convolutions, so the nets also run fully convolutionally on larger images.

Each network is a row of `_VGG_NETS`: how many 3x3 convolutions each of the five
blocks repeats. `_classifier_net` walks a table of layers and the conv head; it
is shared with `alexnet` and `overfeat`, which have the same shape of network.

Usage::

    with slim.arg_scope(vgg.vgg_arg_scope()):
      logits, end_points = vgg.vgg_16(images, num_classes=1000)
"""

import collections

from slimcompat._compat import tf
from slimcompat.layers import regularizers
from slimcompat.layers import utils
from slimcompat.layers.composition import repeat
from slimcompat.layers.conv import conv2d
from slimcompat.layers.dense import fully_connected
from slimcompat.layers.dropout_layer import dropout
from slimcompat.layers.pooling import max_pool2d
from slimcompat.ops.arg_scope import arg_scope

# One entry of a network's body: a convolution ('conv', applied `times` times
# under one scope when `times` is set), or a max pool ('pool').
_Layer = collections.namedtuple(
    'Layer', 'kind scope depth kernel stride padding times')


def _conv(scope, depth, kernel, stride=1, padding=None, times=None):
  return _Layer('conv', scope, depth, kernel, stride, padding, times)


def _pool(scope, kernel, stride=2):
  return _Layer('pool', scope, None, kernel, stride, None, None)


# The conv head: fc6 (its depth and kernel, VALID padding), fc7 (its depth, 1x1)
# and the fc8 logits; `head_defaults` are extra conv2d defaults for fc6..fc8,
# `logits_args` extra arguments for fc8 alone.
_Head = collections.namedtuple(
    'Head', 'fc6_depth fc6_kernel fc7_depth head_defaults logits_args')

# The end-points collection's name is derived from the scope's name scope
# ('vgg_16/' + '_end_points') for most nets, from the variable scope's name
# ('vgg_19' + '_end_points') for vgg_19 and overfeat; a second call under the
# same scope then shares (name) or does not share (name scope) the collection.
_BY_NAME_SCOPE, _BY_SCOPE_NAME = 'name_scope', 'scope_name'


def _apply(net, layer):
  if layer.kind == 'pool':
    return max_pool2d(net, layer.kernel, layer.stride, scope=layer.scope)
  extra = {} if layer.padding is None else {'padding': layer.padding}
  if layer.times:
    return repeat(net, layer.times, conv2d, layer.depth, layer.kernel,
                  scope=layer.scope, **extra)
  return conv2d(net, layer.depth, layer.kernel, layer.stride,
                scope=layer.scope, **extra)


def _classifier_net(inputs, body, head, collection_from, num_classes,
                    is_training, dropout_keep_prob, spatial_squeeze, scope,
                    default_scope):
  """Builds `body` then `head` under `scope`; returns (logits, end_points)."""
  with tf.variable_scope(scope, default_scope, [inputs]) as sc:
    if collection_from == _BY_NAME_SCOPE:
      collection = sc.original_name_scope + '_end_points'
    else:
      collection = sc.name + '_end_points'
    with arg_scope([conv2d, fully_connected, max_pool2d],
                   outputs_collections=collection):
      net = inputs
      for layer in body:
        net = _apply(net, layer)
      with arg_scope([conv2d], **head.head_defaults):
        net = conv2d(net, head.fc6_depth, head.fc6_kernel, padding='VALID',
                     scope='fc6')
        net = dropout(net, dropout_keep_prob, is_training=is_training,
                      scope='dropout6')
        net = conv2d(net, head.fc7_depth, [1, 1], scope='fc7')
        net = dropout(net, dropout_keep_prob, is_training=is_training,
                      scope='dropout7')
        net = conv2d(net, num_classes, [1, 1], activation_fn=None,
                     normalizer_fn=None, scope='fc8', **head.logits_args)
      end_points = utils.convert_collection_to_dict(collection)
      if spatial_squeeze:
        net = tf.squeeze(net, [1, 2], name='fc8/squeezed')
        end_points[sc.name + '/fc8'] = net
      return net, end_points


# name -> 3x3 convolutions per block; the blocks are 64, 128, 256, 512, 512 deep.
_BLOCK_DEPTHS = (64, 128, 256, 512, 512)
_VGG_NETS = {
    'vgg_a': ((1, 1, 2, 2, 2), _BY_NAME_SCOPE),
    'vgg_16': ((2, 2, 3, 3, 3), _BY_NAME_SCOPE),
    'vgg_19': ((2, 2, 4, 4, 4), _BY_SCOPE_NAME),
}
_VGG_HEAD = _Head(fc6_depth=4096, fc6_kernel=[7, 7], fc7_depth=4096,
                 head_defaults={}, logits_args={})


def _vgg_body(repeats):
  body = []
  for block, (times, depth) in enumerate(zip(repeats, _BLOCK_DEPTHS), 1):
    body.append(_conv('conv%d' % block, depth, [3, 3], times=times))
    body.append(_pool('pool%d' % block, [2, 2]))
  return body


def _vgg(name, inputs, num_classes, is_training, dropout_keep_prob,
         spatial_squeeze, scope):
  repeats, collection_from = _VGG_NETS[name]
  return _classifier_net(inputs, _vgg_body(repeats), _VGG_HEAD,
                         collection_from, num_classes, is_training,
                         dropout_keep_prob, spatial_squeeze, scope, name)


def vgg_arg_scope(weight_decay=0.0005):
  """Defaults for the VGG nets: ReLU, L2 weight decay, zero biases, SAME convs.

  Args:
    weight_decay: scale of the L2 regularizer on the weights.

  Returns:
    An arg_scope dict for `slim.arg_scope`.
  """
  with arg_scope([conv2d, fully_connected], activation_fn=tf.nn.relu,
                 weights_regularizer=regularizers.l2_regularizer(weight_decay),
                 biases_initializer=tf.zeros_initializer()):
    with arg_scope([conv2d], padding='SAME') as scope_dict:
      return scope_dict


_NET_DOC = """VGG configuration {config} ({layers} weight layers).

  Expects 224x224 inputs for classification (`default_image_size`); larger
  inputs give a spatial map of logits (use `spatial_squeeze=False`).

  Args:
    inputs: a float tensor [batch, height, width, channels].
    num_classes: number of logits per position.
    is_training: whether the dropout layers are active.
    dropout_keep_prob: the probability of keeping an activation in dropout.
    spatial_squeeze: if True, the logits' 1x1 spatial dimensions are squeezed
      away (op '<scope>/fc8/squeezed').
    scope: the variable scope of the net.

  Returns:
    (logits, end_points): the logits and an OrderedDict from layer names to
    their outputs.
  """


def vgg_a(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
          spatial_squeeze=True, scope='vgg_a'):
  return _vgg('vgg_a', inputs, num_classes, is_training, dropout_keep_prob,
              spatial_squeeze, scope)


def vgg_16(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
           spatial_squeeze=True, scope='vgg_16'):
  return _vgg('vgg_16', inputs, num_classes, is_training, dropout_keep_prob,
              spatial_squeeze, scope)


def vgg_19(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
           spatial_squeeze=True, scope='vgg_19'):
  return _vgg('vgg_19', inputs, num_classes, is_training, dropout_keep_prob,
              spatial_squeeze, scope)


for _net, _config, _count in ((vgg_a, 'A', 11), (vgg_16, 'D', 16),
                              (vgg_19, 'E', 19)):
  _net.__doc__ = _NET_DOC.format(config=_config, layers=_count)
  _net.default_image_size = 224
del _net, _config, _count

vgg_d = vgg_16
vgg_e = vgg_19
