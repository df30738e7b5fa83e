"""Pieces shared by the Inception networks (v1, v2, v3).

Each network is written as a table: a list of stages, each stage a list of
``(end_point, layer_or_block)`` rows run under one arg_scope. A row is either a
single layer spec or a *block*: a list of branches (each a list of layer specs)
whose outputs are concatenated on the channel axis. The code here walks such
tables; the network files only hold the facts.
"""

import collections
import contextlib

from slimcompat._compat import tf
from slimcompat import layers
from slimcompat.ops.arg_scope import arg_scope

# One layer of a table. ``kind`` is 'conv', 'sep_conv', 'max', 'avg' or 'fork';
# ``depth`` is the unscaled channel count (convs only), ``opts`` extra keywords.
Layer = collections.namedtuple('Layer', 'kind depth kernel name opts')

# A stage: rows that share one arg_scope over ``ops`` with ``defaults``.
Stage = collections.namedtuple('Stage', 'ops defaults rows')


def conv(depth, kernel, name, **opts):
  """A conv2d row: `depth` channels (scaled by the net's depth rule)."""
  return Layer('conv', depth, kernel, name, opts)


def sep_conv(depth, kernel, name, **opts):
  """A separable_conv2d row; `opts` must carry `depth_multiplier`."""
  return Layer('sep_conv', depth, kernel, name, opts)


def max_pool(kernel, name, **opts):
  """A max_pool2d row."""
  return Layer('max', None, kernel, name, opts)


def avg_pool(kernel, name, **opts):
  """An avg_pool2d row."""
  return Layer('avg', None, kernel, name, opts)


def fork(*convs):
  """Several layers fed the same input, their outputs concatenated (axis 3)."""
  return Layer('fork', None, None, None, {'layers': convs})


def depth_rule(depth_multiplier, min_depth):
  """Returns the channel scaling function `d -> max(int(d * m), min_depth)`.

  Raises:
    ValueError: if `depth_multiplier` is not positive.
  """
  if depth_multiplier <= 0:
    raise ValueError('depth_multiplier is not greater than zero.')
  return lambda d: max(int(d * depth_multiplier), min_depth)


def _apply(net, layer, depth):
  if layer.kind == 'conv':
    return layers.conv2d(net, depth(layer.depth), layer.kernel,
                         scope=layer.name, **layer.opts)
  if layer.kind == 'sep_conv':
    return layers.separable_conv2d(net, depth(layer.depth), layer.kernel,
                                   scope=layer.name, **layer.opts)
  if layer.kind == 'max':
    return layers.max_pool2d(net, layer.kernel, scope=layer.name, **layer.opts)
  if layer.kind == 'avg':
    return layers.avg_pool2d(net, layer.kernel, scope=layer.name, **layer.opts)
  # 'fork': parallel layers on the same input.
  outs = [_apply(net, sub, depth) for sub in layer.opts['layers']]
  return tf.concat(outs, 3)


def _block(net, branches, depth):
  outs = []
  for index, branch in enumerate(branches):
    with tf.variable_scope('Branch_%d' % index):
      out = net
      for layer in branch:
        out = _apply(out, layer, depth)
      outs.append(out)
  return tf.concat(outs, 3)


def end_point_names(stages):
  """All end-point names of a table, in build order."""
  return [name for stage in stages for name, _ in stage.rows]


def build_trunk(inputs, stages, final_endpoint, depth):
  """Builds the rows of `stages` up to and including `final_endpoint`.

  Must be called inside the network's variable scope.

  Args:
    inputs: a 4-D NHWC tensor.
    stages: list of `Stage`.
    final_endpoint: name of the last end point to build.
    depth: channel scaling function (see `depth_rule`).

  Returns:
    (output tensor of `final_endpoint`, dict of end points built so far).
  """
  end_points = {}
  net = inputs
  for stage in stages:
    with arg_scope(stage.ops, **stage.defaults):
      for name, row in stage.rows:
        if isinstance(row, Layer):
          net = _apply(net, row, depth)
        else:
          with tf.variable_scope(name):
            net = _block(net, row, depth)
        end_points[name] = net
        if name == final_endpoint:
          return net, end_points
  raise AssertionError('final_endpoint was checked before building')


def check_final_endpoint(final_endpoint, stages):
  """Raises ValueError (before anything is built) for an unknown end point."""
  names = end_point_names(stages)
  if final_endpoint not in names:
    raise ValueError('Unknown final endpoint %s; expected one of %s.'
                     % (final_endpoint, ', '.join(names)))


def reduced_kernel_size(tensor, kernel_size):
  """Clips `kernel_size` to the static spatial size of `tensor` when known."""
  shape = tensor.get_shape().as_list()
  if shape[1] is None or shape[2] is None:
    return kernel_size
  return [min(shape[1], kernel_size[0]), min(shape[2], kernel_size[1])]


def squeeze_spatial(logits):
  """Drops the 1x1 spatial axes of `[B, 1, 1, C]` logits (op `SpatialSqueeze`)."""
  return tf.squeeze(logits, [1, 2], name='SpatialSqueeze')


@contextlib.contextmanager
def classifier_scope(inputs, num_classes, is_training, reuse, scope,
                     default_scope):
  """The variable scope of a classifier, with `is_training` set for batch
  norm and dropout; yields the scope."""
  with tf.variable_scope(scope, default_scope, [inputs, num_classes],
                         reuse=reuse) as net_scope:
    with arg_scope([layers.batch_norm, layers.dropout],
                   is_training=is_training):
      yield net_scope


def average_pool_all(net, kernel_size):
  """A VALID average pool over the whole feature map ('AvgPool_1a_HxW').

  The kernel shrinks to the map's static size for inputs smaller than the
  default image size.
  """
  kernel = reduced_kernel_size(net, kernel_size)
  return layers.avg_pool2d(net, kernel, padding='VALID',
                           scope='AvgPool_1a_{}x{}'.format(*kernel))


def logits_layer(net, num_classes, scope, spatial_squeeze):
  """A linear 1x1 convolution to `num_classes` ([B, C] once squeezed)."""
  logits = layers.conv2d(net, num_classes, [1, 1], activation_fn=None,
                         normalizer_fn=None, scope=scope)
  if spatial_squeeze:
    logits = squeeze_spatial(logits)
  return logits


def add_predictions(end_points, logits, prediction_fn):
  """Records 'Logits' and 'Predictions' (`prediction_fn` in scope
  'Predictions') in `end_points`."""
  end_points['Logits'] = logits
  end_points['Predictions'] = prediction_fn(logits, scope='Predictions')


def inception_arg_scope(weight_decay, batch_norm_params, use_batch_norm=True):
  """The arg_scope all three Inception nets use, around conv2d/fully_connected.

  Args:
    weight_decay: L2 weight decay for conv2d and fully_connected weights.
    batch_norm_params: keywords for `batch_norm` after each conv2d.
    use_batch_norm: if False, conv2d gets no normalizer (and empty params).

  Returns:
    The arg_scope dict.
  """
  if use_batch_norm:
    normalizer_fn, normalizer_params = layers.batch_norm, batch_norm_params
  else:
    normalizer_fn, normalizer_params = None, {}
  with arg_scope([layers.conv2d, layers.fully_connected],
                 weights_regularizer=layers.l2_regularizer(weight_decay)):
    with arg_scope([layers.conv2d],
                   weights_initializer=layers.variance_scaling_initializer(),
                   activation_fn=tf.nn.relu,
                   normalizer_fn=normalizer_fn,
                   normalizer_params=normalizer_params) as scope:
      return scope


def batch_norm_params(decay, epsilon, moving_collection, **extra):
  """Batch-norm keywords: moving statistics also go to `moving_collection`."""
  params = {
      'decay': decay,
      'epsilon': epsilon,
      'updates_collections': tf.GraphKeys.UPDATE_OPS,
      'variables_collections': {
          'beta': None,
          'gamma': None,
          'moving_mean': [moving_collection],
          'moving_variance': [moving_collection],
      },
  }
  params.update(extra)
  return params
