"""tf_slim.nets.resnet_v1: ResNets with batch norm after each convolution.

He et al., "Deep Residual Learning for Image Recognition" (arXiv:1512.03385);
ResNet-200 from "Identity Mappings in Deep Residual Networks"
(arXiv:1603.05027).  Units are bottlenecks (1x1, 3x3, 1x1) with a projection
shortcut only where the depth changes; the sum goes through a ReLU.

Usage::

    with slim.arg_scope(resnet_v1.resnet_arg_scope()):
      net, end_points = resnet_v1.resnet_v1_101(images, 1000,
                                                is_training=False)

For dense prediction pass ``global_pool=False`` and e.g. ``output_stride=16``.
"""

from slimcompat._own_arguments import own_arguments as _own_arguments
from slimcompat.nets import _resnet_common
from slimcompat.nets import resnet_utils
from slimcompat.ops.arg_scope import add_arg_scope

resnet_arg_scope = resnet_utils.resnet_arg_scope


@add_arg_scope
def bottleneck(inputs,
               depth,
               depth_bottleneck,
               stride,
               rate=1,
               outputs_collections=None,
               scope=None):
  """One v1 bottleneck unit: relu(shortcut + conv3(conv2(conv1(inputs)))).

  Args:
    inputs: a [batch, height, width, channels] tensor.
    depth: the unit's output depth.
    depth_bottleneck: the depth of conv1 and conv2.
    stride: the unit's stride (applied by conv2 and the shortcut).
    rate: the atrous rate of conv2.
    outputs_collections: collections to add the unit's output to.
    scope: optional variable scope (default 'bottleneck_v1').

  Returns:
    The unit's output.
  """
  return _resnet_common.bottleneck_unit(
      inputs, depth=depth, depth_bottleneck=depth_bottleneck, stride=stride,
      rate=rate, outputs_collections=outputs_collections, scope=scope,
      preactivation=False)


def resnet_v1(inputs,
              blocks,
              num_classes=None,
              is_training=True,
              global_pool=True,
              output_stride=None,
              include_root_block=True,
              reuse=None,
              scope=None):
  """Builds a v1 ResNet from `blocks`.

  Args:
    inputs: a [batch, height, width, channels] tensor.
    blocks: a list of `resnet_utils.Block`s.
    num_classes: number of logits; None returns the features instead.
    is_training: whether batch norm is in training mode.
    global_pool: whether to average the last block's output over space.
    output_stride: None, or the wanted input/output resolution ratio.
    include_root_block: whether to start with conv1 (7x7/2) and pool1 (3x3/2).
    reuse: whether to reuse the variables (`scope` must then be given).
    scope: optional variable scope (default 'resnet_v1').

  Returns:
    (net, end_points): the logits ([batch, 1, 1, num_classes] with global
    pooling) or features, and a dict of the named activations, with
    'predictions' (softmax) when `num_classes` is set.

  Raises:
    ValueError: if `output_stride` cannot be reached (with the root block it
      must be a multiple of 4).
  """
  return _resnet_common.network(**_own_arguments(locals()), unit_fn=bottleneck,
                                default_scope='resnet_v1',
                                preactivation=False)


resnet_v1.default_image_size = 224


def resnet_v1_block(scope, base_depth, num_units, stride):
  """A block of `num_units` v1 bottlenecks; only the last unit strides.

  Args:
    scope: the block's scope name.
    base_depth: the bottleneck depth (the unit output is 4x deeper).
    num_units: number of units.
    stride: the last unit's stride.

  Returns:
    A `resnet_utils.Block`.
  """
  return _resnet_common.bottleneck_block(bottleneck, scope, base_depth,
                                         num_units, stride)


def resnet_v1_50(inputs,
                 num_classes=None,
                 is_training=True,
                 global_pool=True,
                 output_stride=None,
                 reuse=None,
                 scope='resnet_v1_50'):
  """ResNet-50 v1 [He et al. 2015]: blocks of 3, 4, 6, 3 units.

  Arguments and return value as in `resnet_v1` (with its four standard
  blocks and the root block).
  """
  return _resnet_common.standard_net(resnet_v1, resnet_v1_block, 50,
                                     _own_arguments(locals()))


def resnet_v1_101(inputs,
                  num_classes=None,
                  is_training=True,
                  global_pool=True,
                  output_stride=None,
                  reuse=None,
                  scope='resnet_v1_101'):
  """ResNet-101 v1 [He et al. 2015]: blocks of 3, 4, 23, 3 units.

  Arguments and return value as in `resnet_v1` (with its four standard
  blocks and the root block).
  """
  return _resnet_common.standard_net(resnet_v1, resnet_v1_block, 101,
                                     _own_arguments(locals()))


def resnet_v1_152(inputs,
                  num_classes=None,
                  is_training=True,
                  global_pool=True,
                  output_stride=None,
                  reuse=None,
                  scope='resnet_v1_152'):
  """ResNet-152 v1 [He et al. 2015]: blocks of 3, 8, 36, 3 units.

  Arguments and return value as in `resnet_v1` (with its four standard
  blocks and the root block).
  """
  return _resnet_common.standard_net(resnet_v1, resnet_v1_block, 152,
                                     _own_arguments(locals()))


def resnet_v1_200(inputs,
                  num_classes=None,
                  is_training=True,
                  global_pool=True,
                  output_stride=None,
                  reuse=None,
                  scope='resnet_v1_200'):
  """ResNet-200 v1 [He et al. 2016]: blocks of 3, 24, 36, 3 units.

  Arguments and return value as in `resnet_v1` (with its four standard
  blocks and the root block).
  """
  return _resnet_common.standard_net(resnet_v1, resnet_v1_block, 200,
                                     _own_arguments(locals()))
