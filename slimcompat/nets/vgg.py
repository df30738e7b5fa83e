"""tf_slim.nets.vgg: the Oxford VGG networks (configurations A, D and E).

Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
Recognition" (arXiv:1409.1556). The classifier layers fc6..fc8 are
convolutions, so the nets also run fully convolutionally on larger images.

Each network is a row of `_VGG_NETS`: how many 3x3 convolutions each of the
five blocks repeats.  `_common.classifier_net` builds the table and the
convolutional head, as it does for `alexnet` and `overfeat`.

Usage::

    with slim.arg_scope(vgg.vgg_arg_scope()):
      logits, end_points = vgg.vgg_16(images, num_classes=1000)
"""

from slimcompat._compat import tf as _tf
from slimcompat._own_arguments import own_arguments as _own_arguments
from slimcompat.layers import regularizers
from slimcompat.layers.layers import conv2d as _conv2d
from slimcompat.layers.layers import fully_connected as _fully_connected
from slimcompat.nets import _common
from slimcompat.ops.arg_scope import arg_scope

# The depth of the five blocks; each block ends with a 2x2 max pool.
_BLOCK_DEPTHS = (64, 128, 256, 512, 512)
# name -> (3x3 convolutions in each block, where its end points collection
# takes its name from).
_VGG_NETS = {
    'vgg_a': ((1, 1, 2, 2, 2), _common.BY_NAME_SCOPE),
    'vgg_16': ((2, 2, 3, 3, 3), _common.BY_NAME_SCOPE),
    'vgg_19': ((2, 2, 4, 4, 4), _common.BY_SCOPE_NAME),
}
_VGG_HEAD = _common.Head(fc6_depth=4096, fc6_kernel=[7, 7], fc7_depth=4096,
                         head_defaults={}, logits_args={})


def _vgg_body(repeats):
  body = []
  for block, (times, depth) in enumerate(zip(repeats, _BLOCK_DEPTHS), 1):
    body.append(_common.conv('conv%d' % block, depth, [3, 3], times=times))
    body.append(_common.pool('pool%d' % block, [2, 2]))
  return body


def _vgg(name, arguments):
  """The VGG configuration `name`; `arguments` are the public function's own
  (its `locals()` on entry)."""
  repeats, collection_from = _VGG_NETS[name]
  return _common.classifier_net(body=_vgg_body(repeats), head=_VGG_HEAD,
                                collection_from=collection_from,
                                default_scope=name, **arguments)


def vgg_arg_scope(weight_decay=0.0005):
  """Defaults for the VGG nets: ReLU, L2 weight decay, zero biases, SAME convs.

  Args:
    weight_decay: scale of the L2 regularizer on the weights.

  Returns:
    An arg_scope dict for `slim.arg_scope`.
  """
  with arg_scope([_conv2d, _fully_connected], activation_fn=_tf.nn.relu,
                 weights_regularizer=regularizers.l2_regularizer(weight_decay),
                 biases_initializer=_tf.zeros_initializer()):
    with arg_scope([_conv2d], padding='SAME') as scope_dict:
      return scope_dict


def vgg_a(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
          spatial_squeeze=True, scope='vgg_a'):
  """VGG configuration A (11 weight layers); 224x224 inputs classify.

  Larger inputs give a spatial map of logits (use `spatial_squeeze=False`).

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
  return _vgg('vgg_a', _own_arguments(locals()))


vgg_a.default_image_size = 224


def vgg_16(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
           spatial_squeeze=True, scope='vgg_16'):
  """VGG configuration D (16 weight layers); arguments as in `vgg_a`.

  Returns:
    (logits, end_points), as `vgg_a`.
  """
  return _vgg('vgg_16', _own_arguments(locals()))


vgg_16.default_image_size = 224


def vgg_19(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
           spatial_squeeze=True, scope='vgg_19'):
  """VGG configuration E (19 weight layers); arguments as in `vgg_a`.

  Its end-points collection is named after the scope, not the name scope.

  Returns:
    (logits, end_points), as `vgg_a`.
  """
  return _vgg('vgg_19', _own_arguments(locals()))


vgg_19.default_image_size = 224

vgg_d = vgg_16
vgg_e = vgg_19
