"""tf_slim.nets.resnet_utils: the parts that ResNet v1 and v2 share.

A ResNet is a list of `Block`s; a block is a scope name, a unit function and
one keyword dict (depth, depth_bottleneck, stride) per unit.
`stack_blocks_dense` walks that list, switching to atrous (dilated)
convolution once the requested `output_stride` is reached.  What only the
network files need (the bottleneck unit, the standard depths, the network
body) lives in `_resnet_common`.

He et al., "Deep Residual Learning for Image Recognition" (arXiv:1512.03385)
and "Identity Mappings in Deep Residual Networks" (arXiv:1603.05027).
"""

import collections

from slimcompat._compat import tf as _tf
from slimcompat.layers import initializers
from slimcompat.layers import regularizers
from slimcompat.layers import utils
from slimcompat.layers.layers import batch_norm as _batch_norm
from slimcompat.layers.layers import conv2d as _conv2d
from slimcompat.layers.layers import max_pool2d as _max_pool2d
from slimcompat.nets import _resnet_plan
from slimcompat.ops.arg_scope import add_arg_scope
from slimcompat.ops.arg_scope import arg_scope


class Block(collections.namedtuple('Block', ['scope', 'unit_fn', 'args'])):
  """One ResNet block: `scope` (its name), `unit_fn` (builds one unit from a
  tensor and keyword arguments) and `args` (one dict of keyword arguments for
  `unit_fn` per unit, e.g. ``{'depth': 256, 'depth_bottleneck': 64,
  'stride': 1}``)."""


def subsample(inputs, factor, scope=None):
  """Keeps every `factor`-th row and column of an NHWC tensor.

  Args:
    inputs: a [batch, height, width, channels] tensor.
    factor: the subsampling factor; 1 returns `inputs` itself.
    scope: optional scope of the 1x1 max pool that does the subsampling.

  Returns:
    The subsampled tensor.
  """
  if factor == 1:
    return inputs
  return _max_pool2d(inputs, [1, 1], stride=factor, scope=scope)


def conv2d_same(inputs, num_outputs, kernel_size, stride, rate=1, scope=None):
  """A 2-D convolution whose output grid does not depend on the input parity.

  With stride 1 this is a 'SAME' convolution.  With a larger stride the input
  is zero-padded explicitly by the (dilated) kernel's extent and convolved
  with 'VALID' padding, which gives the same result as a stride-1 'SAME'
  convolution followed by `subsample` (a strided 'SAME' convolution does not
  when the input size is even).

  Args:
    inputs: a [batch, height, width, channels] tensor.
    num_outputs: number of output channels.
    kernel_size: the (square) kernel size, an int.
    stride: the output stride, an int.
    rate: the atrous rate, an int.
    scope: the convolution's scope.

  Returns:
    The convolution's output.
  """
  padding = 'SAME'
  if stride != 1:
    # parity: the reference pads with an explicit Pad op, then convolves
    # 'VALID'; its checkpoints and frozen graphs name that op.
    inputs = _tf.pad(inputs, _symmetric_spatial_padding(kernel_size, rate))
    padding = 'VALID'
  return _conv2d(inputs, num_outputs, kernel_size, stride=stride, rate=rate,
                padding=padding, scope=scope)


def _symmetric_spatial_padding(kernel_size, rate):
  """NHWC paddings that add the dilated kernel's extent minus one to H and W.

  The extra row / column, for an even extent, goes after the input.
  """
  reach = (kernel_size - 1) * rate  # the dilated kernel's extent, minus one
  before = reach // 2
  spatial = [before, reach - before]
  return [[0, 0], spatial, spatial, [0, 0]]


@add_arg_scope
def stack_blocks_dense(net, blocks, output_stride=None,
                       outputs_collections=None):
  """Builds `blocks` one after the other, units scoped 'block/unit_N'.

  Args:
    net: a [batch, height, width, channels] tensor.
    blocks: a list of `Block`s.
    output_stride: None for the nominal stride, else the wanted ratio of input
      to output resolution; it must be the product of the unit strides up to
      some unit, after which the units use atrous convolution instead.
    outputs_collections: collections to add each block's output to.

  Returns:
    The last block's output.

  Raises:
    ValueError: if `output_stride` cannot be reached.
  """
  for block, units in _resnet_plan.unit_plan(blocks, output_stride):
    with _tf.variable_scope(block.scope, 'block', [net]) as sc:
      for index, (unit, rate) in enumerate(units, 1):
        with _tf.variable_scope('unit_%d' % index, values=[net]):
          net = block.unit_fn(net, rate=rate, **unit)
      net = utils.collect_named_outputs(outputs_collections, sc.name, net)
  return net


def resnet_arg_scope(weight_decay=0.0001,
                     batch_norm_decay=0.997,
                     batch_norm_epsilon=1e-5,
                     batch_norm_scale=True):
  """The default arg_scope of the ResNets (batch norm after every conv2d).

  Args:
    weight_decay: L2 weight decay of the convolution weights.
    batch_norm_decay: decay of the batch-norm moving averages.
    batch_norm_epsilon: batch norm's variance epsilon.
    batch_norm_scale: whether batch norm learns a gamma.

  Returns:
    An arg_scope dict for conv2d, batch_norm and max_pool2d ('SAME' padding).
  """
  batch_norm_params = {
      'decay': batch_norm_decay,
      'epsilon': batch_norm_epsilon,
      'scale': batch_norm_scale,
      'updates_collections': _tf.GraphKeys.UPDATE_OPS,
  }
  with arg_scope(
      [_conv2d],
      weights_regularizer=regularizers.l2_regularizer(weight_decay),
      weights_initializer=initializers.variance_scaling_initializer(),
      activation_fn=_tf.nn.relu,
      normalizer_fn=_batch_norm,
      normalizer_params=batch_norm_params):
    with arg_scope([_batch_norm], **batch_norm_params):
      with arg_scope([_max_pool2d], padding='SAME') as scope:
        return scope
