"""tf_slim.nets.resnet_utils: the parts that ResNet v1 and v2 share.

A ResNet is a list of `Block`s; a block is a scope name, a unit function and
one keyword dict (depth, depth_bottleneck, stride) per unit.
`stack_blocks_dense` walks that list, switching to atrous (dilated)
convolution once the requested `output_stride` is reached.  The standard
depths (50, 101, 152, 200) are one table, `_STANDARD_UNITS`, that both
versions read through `_standard_blocks` and `_standard_network`.

He et al., "Deep Residual Learning for Image Recognition" (arXiv:1512.03385)
and "Identity Mappings in Deep Residual Networks" (arXiv:1603.05027).
"""

import collections

from slimcompat._compat import tf
from slimcompat.layers import initializers
from slimcompat.layers import regularizers
from slimcompat.layers import utils
from slimcompat.layers.activations import softmax
from slimcompat.layers.batch_normalization import batch_norm
from slimcompat.layers.conv import conv2d
from slimcompat.layers.pooling import max_pool2d
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
  return max_pool2d(inputs, [1, 1], stride=factor, scope=scope)


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
  if stride == 1:
    return conv2d(inputs, num_outputs, kernel_size, stride=1, rate=rate,
                  padding='SAME', scope=scope)
  extent = kernel_size + (kernel_size - 1) * (rate - 1)
  before = (extent - 1) // 2
  after = extent - 1 - before
  inputs = tf.pad(inputs, [[0, 0], [before, after], [before, after], [0, 0]])
  return conv2d(inputs, num_outputs, kernel_size, stride=stride, rate=rate,
                padding='VALID', scope=scope)


def _unit_plan(blocks, output_stride):
  """Plans `stack_blocks_dense`: [(block, [(unit kwargs, rate), ...]), ...].

  Once the stride so far equals `output_stride`, later units get stride 1 and
  the atrous rate grows by the stride they would have used instead.

  Raises:
    ValueError: if `output_stride` is not the product of the unit strides up
      to some unit (checked for the whole plan before anything is built).
  """
  unreachable = ValueError(
      'The target output_stride cannot be reached: output_stride=%r must be '
      'None or a product of the unit strides from the first unit on.' %
      (output_stride,))
  plan = []
  current_stride, rate = 1, 1
  for block in blocks:
    units = []
    for unit in block.args:
      if output_stride is not None and current_stride > output_stride:
        raise unreachable
      stride = unit.get('stride', 1)
      if output_stride is not None and current_stride == output_stride:
        # Past the target stride: keep the resolution, dilate instead.
        units.append((dict(unit, stride=1), rate))
        rate *= stride
      else:
        units.append((unit, 1))
        current_stride *= stride
    plan.append((block, units))
  if output_stride is not None and current_stride != output_stride:
    raise unreachable
  return plan


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
  for block, units in _unit_plan(blocks, output_stride):
    with tf.variable_scope(block.scope, 'block', [net]) as sc:
      for index, (unit, rate) in enumerate(units, 1):
        with tf.variable_scope('unit_%d' % index, values=[net]):
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
      'updates_collections': tf.GraphKeys.UPDATE_OPS,
  }
  with arg_scope(
      [conv2d],
      weights_regularizer=regularizers.l2_regularizer(weight_decay),
      weights_initializer=initializers.variance_scaling_initializer(),
      activation_fn=tf.nn.relu,
      normalizer_fn=batch_norm,
      normalizer_params=batch_norm_params):
    with arg_scope([batch_norm], **batch_norm_params):
      with arg_scope([max_pool2d], padding='SAME') as scope:
        return scope


# The standard networks: units per block.  Every network has four blocks of
# bottleneck depth 64, 128, 256, 512 (output depth four times that), each
# block downsampling by its last unit's stride.
_STANDARD_UNITS = {
    50: (3, 4, 6, 3),
    101: (3, 4, 23, 3),
    152: (3, 8, 36, 3),
    200: (3, 24, 36, 3),
}
_STANDARD_BASE_DEPTHS = (64, 128, 256, 512)
_STANDARD_STRIDES = (2, 2, 2, 1)


def _bottleneck_block(unit_fn, scope, base_depth, num_units, stride):
  """A block of `num_units` bottleneck units; only the last one strides."""
  unit = {'depth': base_depth * 4, 'depth_bottleneck': base_depth}
  return Block(scope, unit_fn,
               [dict(unit, stride=1)] * (num_units - 1) +
               [dict(unit, stride=stride)])


def _standard_blocks(block_fn, layers):
  """The blocks of the standard `layers`-deep network, built by `block_fn`."""
  return [
      block_fn('block%d' % index, base_depth=depth, num_units=units,
               stride=stride)
      for index, (depth, units, stride) in enumerate(
          zip(_STANDARD_BASE_DEPTHS, _STANDARD_UNITS[layers],
              _STANDARD_STRIDES), 1)
  ]


def _standard_network(generator, block_fn, layers, name, paper):
  """Returns the function `name` (e.g. resnet_v1_50) built by `generator`."""

  def network(inputs, num_classes=None, is_training=True, global_pool=True,
              output_stride=None, reuse=None, scope=name):
    return generator(inputs, _standard_blocks(block_fn, layers), num_classes,
                     is_training, global_pool, output_stride,
                     include_root_block=True, reuse=reuse, scope=scope)

  network.__name__ = network.__qualname__ = name
  network.__module__ = generator.__module__
  network.__doc__ = (
      'ResNet-%d of %s; see `%s` for the arguments and the return value.' %
      (layers, paper, generator.__name__))
  return network


def _network(inputs, blocks, unit_fn, num_classes, is_training, global_pool,
             output_stride, include_root_block, reuse, scope, default_scope,
             preactivation):
  """The body of `resnet_v1.resnet_v1` and (`preactivation`) `resnet_v2`.

  The root block strides by 4 (conv1 7x7/2, pool1 3x3/2); v2 leaves batch
  norm and ReLU out of conv1 (its units start with them) and adds them once
  after the last block ('postnorm', its units end without them).
  """
  block_stride = output_stride
  if output_stride is not None and include_root_block:
    if output_stride % 4 != 0:
      raise ValueError('The output_stride needs to be a multiple of 4 (the '
                       'root block alone strides by 4); got %r.' %
                       (output_stride,))
    block_stride = output_stride // 4
  _unit_plan(blocks, block_stride)  # raises before any scope or variable exists
  with tf.variable_scope(scope, default_scope, [inputs], reuse=reuse) as sc:
    collection = sc.original_name_scope + '_end_points'
    with arg_scope([conv2d, unit_fn, stack_blocks_dense],
                   outputs_collections=collection), \
         arg_scope([batch_norm], is_training=is_training):
      net = inputs
      if include_root_block:
        root_defaults = ({'activation_fn': None, 'normalizer_fn': None}
                         if preactivation else {})
        with arg_scope([conv2d], **root_defaults):
          net = conv2d_same(net, 64, 7, stride=2, scope='conv1')
        net = max_pool2d(net, [3, 3], stride=2, scope='pool1')
      net = stack_blocks_dense(net, blocks, block_stride)
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
