"""What resnet_v1 and resnet_v2 share beyond `resnet_utils`' public parts.

The two versions differ in three places only, all chosen by `preactivation`:
where batch norm and ReLU sit in a unit (after each convolution in v1, once
before the unit in v2), whether conv1 of the root block has them, and v2's
extra 'postnorm' after the last block.  The unit, the block builder, the
standard depths and the network body are written once here.
"""

from slimcompat._compat import tf
from slimcompat.layers import utils
from slimcompat.layers.layers import batch_norm
from slimcompat.layers.layers import conv2d
from slimcompat.layers.layers import max_pool2d
from slimcompat.layers.layers import softmax
from slimcompat.nets import _resnet_plan
from slimcompat.nets import resnet_utils
from slimcompat.ops.arg_scope import arg_scope

# Units per block of the standard networks.  All have four blocks of
# bottleneck depth 64, 128, 256 and 512 (outputs four times as deep); the
# last unit of each of the first three blocks strides by 2.
_UNITS_PER_BLOCK = {
    50: (3, 4, 6, 3),
    101: (3, 4, 23, 3),
    152: (3, 8, 36, 3),
    200: (3, 24, 36, 3),
}
_BASE_DEPTHS = (64, 128, 256, 512)
_LAST_UNIT_STRIDES = (2, 2, 2, 1)


def bottleneck_unit(inputs, *, depth, depth_bottleneck, stride, rate,
                    outputs_collections, scope, preactivation):
  """A 1x1 / 3x3 / 1x1 bottleneck unit with its shortcut.

  v1 (`preactivation` False): ``relu(shortcut + residual)``, batch norm and
  ReLU coming from the conv2d arg_scope.  v2: the input is normalized and
  rectified once ('preact'), the last convolution and a projection shortcut
  are left linear, and the sum is returned as it is.  An identity shortcut
  (`depth` equal to the input depth) subsamples the raw input.
  """
  default_scope = 'bottleneck_v2' if preactivation else 'bottleneck_v1'
  with tf.variable_scope(scope, default_scope, [inputs]) as sc:
    input_depth = utils.last_dimension(inputs.get_shape(), min_rank=4)
    if preactivation:
      unit_input = batch_norm(inputs, activation_fn=tf.nn.relu,
                              scope='preact')
      linear = {'normalizer_fn': None, 'activation_fn': None}
    else:
      unit_input = inputs
      linear = {'activation_fn': None}
    if depth == input_depth:
      shortcut = resnet_utils.subsample(inputs, stride, 'shortcut')
    else:
      shortcut = conv2d(unit_input, depth, [1, 1], stride=stride,
                        scope='shortcut', **linear)
    residual = conv2d(unit_input, depth_bottleneck, [1, 1], stride=1,
                      scope='conv1')
    residual = resnet_utils.conv2d_same(residual, depth_bottleneck, 3, stride,
                                        rate=rate, scope='conv2')
    residual = conv2d(residual, depth, [1, 1], stride=1, scope='conv3',
                      **linear)
    output = shortcut + residual
    if not preactivation:
      output = tf.nn.relu(output)
    return utils.collect_named_outputs(outputs_collections, sc.name, output)


def bottleneck_block(unit_fn, scope, base_depth, num_units, stride):
  """A `Block` of `num_units` bottlenecks; only the last one strides."""
  unit = {'depth': base_depth * 4, 'depth_bottleneck': base_depth}
  strides = [1] * (num_units - 1) + [stride]
  return resnet_utils.Block(scope, unit_fn,
                            [dict(unit, stride=s) for s in strides])


def standard_blocks(block_fn, layers):
  """The four blocks of the standard `layers`-deep net, made by `block_fn`."""
  rows = zip(_BASE_DEPTHS, _UNITS_PER_BLOCK[layers], _LAST_UNIT_STRIDES)
  return [
      block_fn('block%d' % number, base_depth=depth, num_units=units,
               stride=stride)
      for number, (depth, units, stride) in enumerate(rows, 1)
  ]


def standard_net(network, block_fn, layers, arguments):
  """`network` (resnet_v1 or resnet_v2) over the standard blocks of a
  `layers`-deep ResNet, root block included; `arguments` are the public
  resnet_vX_N function's own (its `locals()` on entry)."""
  # parity: the same call convention as tf-slim (positional up to
  # output_stride), for code that patches resnet_vX with its own function.
  return network(arguments['inputs'], standard_blocks(block_fn, layers),
                 arguments['num_classes'], arguments['is_training'],
                 arguments['global_pool'], arguments['output_stride'],
                 include_root_block=True, reuse=arguments['reuse'],
                 scope=arguments['scope'])


def _root_block(net, preactivation):
  """conv1 (7x7, stride 2) and pool1 (3x3, stride 2): a stride of 4."""
  plain = {'activation_fn': None, 'normalizer_fn': None}
  with arg_scope([conv2d], **(plain if preactivation else {})):
    net = resnet_utils.conv2d_same(net, 64, 7, stride=2, scope='conv1')
  return max_pool2d(net, [3, 3], stride=2, scope='pool1')


def _blocks_stride(output_stride, include_root_block):
  """The output stride the blocks alone must reach."""
  if output_stride is None or not include_root_block:
    return output_stride
  if output_stride % 4 != 0:
    raise ValueError('The output_stride needs to be a multiple of 4 (the '
                     'root block alone strides by 4); got %r.' %
                     (output_stride,))
  return output_stride // 4


def network(inputs, *, blocks, unit_fn, num_classes, is_training,
            global_pool, output_stride, include_root_block, reuse, scope,
            default_scope, preactivation):
  """The body of `resnet_v1.resnet_v1` and (`preactivation`) `resnet_v2`.

  Arguments as in those functions; `unit_fn` is the version's bottleneck,
  `default_scope` its scope name.  A bad `output_stride` raises before any
  scope or variable exists.
  """
  blocks_stride = _blocks_stride(output_stride, include_root_block)
  _resnet_plan.unit_plan(blocks, blocks_stride)  # raises for a bad stride
  with tf.variable_scope(scope, default_scope, [inputs], reuse=reuse) as sc:
    collection = sc.original_name_scope + '_end_points'
    with arg_scope([conv2d, unit_fn, resnet_utils.stack_blocks_dense],
                   outputs_collections=collection), \
         arg_scope([batch_norm], is_training=is_training):
      net = inputs
      if include_root_block:
        net = _root_block(net, preactivation)
      net = resnet_utils.stack_blocks_dense(net, blocks, blocks_stride)
      if preactivation:
        net = batch_norm(net, activation_fn=tf.nn.relu, scope='postnorm')
      if global_pool:
        net = tf.reduce_mean(net, [1, 2], name='pool5', keepdims=True)
      if num_classes is not None:
        net = conv2d(net, num_classes, [1, 1], activation_fn=None,
                     normalizer_fn=None, scope='logits')
      end_points = utils.convert_collection_to_dict(collection)
      if num_classes is not None:
        end_points['predictions'] = softmax(net, scope='predictions')
      return net, end_points
