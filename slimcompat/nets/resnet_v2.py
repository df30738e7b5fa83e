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

from slimcompat._compat import tf
from slimcompat.layers import utils
from slimcompat.layers.batch_normalization import batch_norm
from slimcompat.layers.conv import conv2d
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
  with tf.variable_scope(scope, 'bottleneck_v2', [inputs]) as sc:
    depth_in = utils.last_dimension(inputs.get_shape(), min_rank=4)
    preact = batch_norm(inputs, activation_fn=tf.nn.relu, scope='preact')
    if depth == depth_in:
      # An identity shortcut takes the raw input, a projection the normalized.
      shortcut = resnet_utils.subsample(inputs, stride, 'shortcut')
    else:
      shortcut = conv2d(preact, depth, [1, 1], stride=stride,
                        normalizer_fn=None, activation_fn=None,
                        scope='shortcut')
    residual = conv2d(preact, depth_bottleneck, [1, 1], stride=1,
                      scope='conv1')
    residual = resnet_utils.conv2d_same(residual, depth_bottleneck, 3, stride,
                                        rate=rate, scope='conv2')
    residual = conv2d(residual, depth, [1, 1], stride=1, normalizer_fn=None,
                      activation_fn=None, scope='conv3')
    output = shortcut + residual
    return utils.collect_named_outputs(outputs_collections, sc.name, output)


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

  Args:
    inputs: a [batch, height, width, channels] tensor; without the root block
      it should come from a convolution without activation.
    blocks: a list of `resnet_utils.Block`s.
    num_classes: number of logits; None returns the features instead.
    is_training: whether batch norm is in training mode.
    global_pool: whether to average the last block's output over space.
    output_stride: None, or the wanted input/output resolution ratio.
    include_root_block: whether to start with conv1 (7x7/2) and pool1 (3x3/2).
    reuse: whether to reuse the variables (`scope` must then be given).
    scope: optional variable scope (default 'resnet_v2').

  Returns:
    (net, end_points): the logits ([batch, 1, 1, num_classes] with global
    pooling) or features, and a dict of the named activations, with
    'predictions' (softmax) when `num_classes` is set.

  Raises:
    ValueError: if `output_stride` cannot be reached (with the root block it
      must be a multiple of 4).
  """
  return resnet_utils._network(  # pylint: disable=protected-access
      inputs, blocks, bottleneck, num_classes, is_training, global_pool,
      output_stride, include_root_block, reuse, scope, 'resnet_v2',
      preactivation=True)


resnet_v2.default_image_size = 224


def resnet_v2_block(scope, base_depth, num_units, stride):
  """A block of `num_units` v2 bottlenecks; only the last unit strides.

  Args:
    scope: the block's scope name.
    base_depth: the bottleneck depth (the unit output is 4x deeper).
    num_units: number of units.
    stride: the last unit's stride.

  Returns:
    A `resnet_utils.Block`.
  """
  return resnet_utils._bottleneck_block(  # pylint: disable=protected-access
      bottleneck, scope, base_depth, num_units, stride)


# pylint: disable=protected-access
resnet_v2_50 = resnet_utils._standard_network(
    resnet_v2, resnet_v2_block, 50, 'resnet_v2_50', '[He et al. 2016]')
resnet_v2_101 = resnet_utils._standard_network(
    resnet_v2, resnet_v2_block, 101, 'resnet_v2_101', '[He et al. 2016]')
resnet_v2_152 = resnet_utils._standard_network(
    resnet_v2, resnet_v2_block, 152, 'resnet_v2_152', '[He et al. 2016]')
resnet_v2_200 = resnet_utils._standard_network(
    resnet_v2, resnet_v2_block, 200, 'resnet_v2_200', '[He et al. 2016]')
# pylint: enable=protected-access
