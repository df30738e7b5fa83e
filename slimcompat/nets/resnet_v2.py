"""tf_slim.nets.resnet_v2: full pre-activation ResNets.

He et al., "Identity Mappings in Deep Residual Networks" (arXiv:1603.05027).
Each bottleneck unit starts with batch norm and ReLU ('preact') and ends with
a plain sum, so the network adds one batch norm + ReLU after the last block
('postnorm') and conv1 has neither.

Usage::

    with slim.arg_scope(resnet_v2.resnet_arg_scope()):
      net, end_points = resnet_v2.resnet_v2_101(images, 1000,
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
  """One v2 bottleneck unit: shortcut + conv3(conv2(conv1(preact(inputs)))).

  Args:
    inputs: a [batch, height, width, channels] tensor.
    depth: the unit's output depth.
    depth_bottleneck: the depth of conv1 and conv2.
    stride: the unit's stride (applied by conv2 and the shortcut).
    rate: the atrous rate of conv2.
    outputs_collections: collections to add the unit's output to.
    scope: optional variable scope (default 'bottleneck_v2').

  Returns:
    The unit's output (not normalized, not rectified).
  """
  return _resnet_common.bottleneck_unit(
      inputs, depth=depth, depth_bottleneck=depth_bottleneck, stride=stride,
      rate=rate, outputs_collections=outputs_collections, scope=scope,
      preactivation=True)


def resnet_v2(inputs,
              blocks,
              num_classes=None,
              is_training=True,
              global_pool=True,
              output_stride=None,
              include_root_block=True,
              reuse=None,
              scope=None):
  """Builds a v2 (pre-activation) ResNet from `blocks`.

  Arguments, result and errors as in `resnet_v1.resnet_v1`; the default
  scope is 'resnet_v2', and without the root block `inputs` should come from
  a convolution without activation (each unit normalizes its own input).
  """
  return _resnet_common.network(**_own_arguments(locals()), unit_fn=bottleneck,
                                default_scope='resnet_v2',
                                preactivation=True)


resnet_v2.default_image_size = 224


def resnet_v2_block(scope, base_depth, num_units, stride):
  """A block of `num_units` v2 bottlenecks; only the last unit strides.

  Arguments and result as in `resnet_v1.resnet_v1_block`.
  """
  return _resnet_common.bottleneck_block(bottleneck, scope, base_depth,
                                         num_units, stride)


def resnet_v2_50(inputs,
                 num_classes=None,
                 is_training=True,
                 global_pool=True,
                 output_stride=None,
                 reuse=None,
                 scope='resnet_v2_50'):
  """ResNet-50 v2 [He et al. 2016]: blocks of 3, 4, 6, 3 units.

  Arguments and return value as in `resnet_v2` (with its four standard
  blocks and the root block).
  """
  return _resnet_common.standard_net(resnet_v2, resnet_v2_block, 50,
                                     _own_arguments(locals()))


def resnet_v2_101(inputs,
                  num_classes=None,
                  is_training=True,
                  global_pool=True,
                  output_stride=None,
                  reuse=None,
                  scope='resnet_v2_101'):
  """ResNet-101 v2 [He et al. 2016]: blocks of 3, 4, 23, 3 units.

  Arguments and return value as in `resnet_v2` (with its four standard
  blocks and the root block).
  """
  return _resnet_common.standard_net(resnet_v2, resnet_v2_block, 101,
                                     _own_arguments(locals()))


def resnet_v2_152(inputs,
                  num_classes=None,
                  is_training=True,
                  global_pool=True,
                  output_stride=None,
                  reuse=None,
                  scope='resnet_v2_152'):
  """ResNet-152 v2 [He et al. 2016]: blocks of 3, 8, 36, 3 units.

  Arguments and return value as in `resnet_v2` (with its four standard
  blocks and the root block).
  """
  return _resnet_common.standard_net(resnet_v2, resnet_v2_block, 152,
                                     _own_arguments(locals()))


def resnet_v2_200(inputs,
                  num_classes=None,
                  is_training=True,
                  global_pool=True,
                  output_stride=None,
                  reuse=None,
                  scope='resnet_v2_200'):
  """ResNet-200 v2 [He et al. 2016]: blocks of 3, 24, 36, 3 units.

  Arguments and return value as in `resnet_v2` (with its four standard
  blocks and the root block).
  """
  return _resnet_common.standard_net(resnet_v2, resnet_v2_block, 200,
                                     _own_arguments(locals()))
