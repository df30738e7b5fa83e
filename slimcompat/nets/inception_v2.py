"""Inception v2 (Ioffe & Szegedy, "Batch Normalization", arXiv:1502.03167),
with tf_slim's variable and end-point names.
"""

from slimcompat._compat import tf as _tf
from slimcompat import layers
from slimcompat.nets import _inception_utils as _iu
from slimcompat.nets._common import trunc_normal
from slimcompat.nets._inception_utils import avg_pool as _avg_pool
from slimcompat.nets._inception_utils import conv as _conv
from slimcompat.nets._inception_utils import max_pool as _max_pool
from slimcompat.nets._inception_utils import sep_conv as _sep_conv


# The 1x1 "reduce" convs feeding 3x3s start from a narrower initializer, the
# pool projections from a wider one.
_REDUCE = dict(weights_initializer=trunc_normal(0.09))
_PROJECT = dict(weights_initializer=trunc_normal(0.1))


def _block(d0, d1a, d1b, d2a, d2b, d3, pool=_avg_pool,
           pool_name='AvgPool_0a_3x3'):
  """1x1 | 1x1->3x3 | 1x1->3x3->3x3 | pool->1x1."""
  return [
      [_conv(d0, [1, 1], 'Conv2d_0a_1x1')],
      [_conv(d1a, [1, 1], 'Conv2d_0a_1x1', **_REDUCE),
       _conv(d1b, [3, 3], 'Conv2d_0b_3x3')],
      [_conv(d2a, [1, 1], 'Conv2d_0a_1x1', **_REDUCE),
       _conv(d2b, [3, 3], 'Conv2d_0b_3x3'),
       _conv(d2b, [3, 3], 'Conv2d_0c_3x3')],
      [pool([3, 3], pool_name), _conv(d3, [1, 1], 'Conv2d_0b_1x1', **_PROJECT)],
  ]


def _reduction(d0a, d0b, d1a, d1b):
  """Grid reduction: 1x1->3x3/2 | 1x1->3x3->3x3/2 | maxpool/2."""
  return [
      [_conv(d0a, [1, 1], 'Conv2d_0a_1x1', **_REDUCE),
       _conv(d0b, [3, 3], 'Conv2d_1a_3x3', stride=2)],
      [_conv(d1a, [1, 1], 'Conv2d_0a_1x1', **_REDUCE),
       _conv(d1b, [3, 3], 'Conv2d_0b_3x3'),
       _conv(d1b, [3, 3], 'Conv2d_1a_3x3', stride=2)],
      [_max_pool([3, 3], 'MaxPool_1a_3x3', stride=2)],
  ]


def _stages(depth):
  # The stem's depthwise multiplier depends on the scaled width.
  stem_multiplier = min(int(depth(64) / 3), 8)
  return [
      _iu.Stage([layers.conv2d, layers.max_pool2d, layers.avg_pool2d,
                layers.separable_conv2d], dict(stride=1, padding='SAME'), [
                    ('Conv2d_1a_7x7', _sep_conv(
                        64, [7, 7], 'Conv2d_1a_7x7',
                        depth_multiplier=stem_multiplier, stride=2,
                        weights_initializer=trunc_normal(1.0))),
                    ('MaxPool_2a_3x3', _max_pool([3, 3], 'MaxPool_2a_3x3',
                                                stride=2)),
                    ('Conv2d_2b_1x1', _conv(64, [1, 1], 'Conv2d_2b_1x1',
                                           **_PROJECT)),
                    ('Conv2d_2c_3x3', _conv(192, [3, 3], 'Conv2d_2c_3x3')),
                    ('MaxPool_3a_3x3', _max_pool([3, 3], 'MaxPool_3a_3x3',
                                                stride=2)),
                    ('Mixed_3b', _block(64, 64, 64, 64, 96, 32)),
                    ('Mixed_3c', _block(64, 64, 96, 64, 96, 64)),
                    ('Mixed_4a', _reduction(128, 160, 64, 96)),
                    ('Mixed_4b', _block(224, 64, 96, 96, 128, 128)),
                    ('Mixed_4c', _block(192, 96, 128, 96, 128, 128)),
                    ('Mixed_4d', _block(160, 128, 160, 128, 160, 96)),
                    ('Mixed_4e', _block(96, 128, 192, 160, 192, 96)),
                    ('Mixed_5a', _reduction(128, 192, 192, 256)),
                    ('Mixed_5b', _block(352, 192, 320, 160, 224, 128)),
                    ('Mixed_5c', _block(352, 192, 320, 192, 224, 128,
                                        pool=_max_pool,
                                        pool_name='MaxPool_0a_3x3')),
                ]),
  ]


def inception_v2_base(inputs,
                      final_endpoint='Mixed_5c',
                      min_depth=16,
                      depth_multiplier=1.0,
                      scope=None):
  """Builds Inception v2 from `inputs` up to `final_endpoint`.

  Args:
    inputs: a `[batch, height, width, channels]` tensor.
    final_endpoint: last end point to build, from 'Conv2d_1a_7x7' through
      'Mixed_5c' (see the stage table in this module).
    min_depth: lower bound on every conv's channel count after scaling.
    depth_multiplier: positive factor applied to every conv's channel count.
    scope: optional variable scope (default 'InceptionV2').

  Returns:
    (output of `final_endpoint`, dict of end point name -> tensor).

  Raises:
    ValueError: if `final_endpoint` is unknown or `depth_multiplier <= 0`.
  """
  depth = _iu.depth_rule(depth_multiplier, min_depth)
  stages = _stages(depth)
  _iu.check_final_endpoint(final_endpoint, stages)
  with _tf.variable_scope(scope, 'InceptionV2', [inputs]):
    return _iu.build_trunk(inputs, stages, final_endpoint, depth)


def inception_v2(inputs,
                 num_classes=1000,
                 is_training=True,
                 dropout_keep_prob=0.8,
                 min_depth=16,
                 depth_multiplier=1.0,
                 prediction_fn=layers.softmax,
                 spatial_squeeze=True,
                 reuse=None,
                 scope='InceptionV2'):
  """Inception v2 classifier (default input 224x224).

  Args:
    inputs: a `[batch, height, width, channels]` tensor.
    num_classes: number of output classes.
    is_training: passed to batch_norm and dropout.
    dropout_keep_prob: keep probability of the dropout before the logits.
    min_depth: lower bound on every conv's channel count after scaling.
    depth_multiplier: positive factor applied to every conv's channel count.
    prediction_fn: maps logits to predictions (called with `scope=`).
    spatial_squeeze: if True logits are `[B, C]`, else `[B, 1, 1, C]`.
    reuse: whether to reuse the variables of `scope`.
    scope: variable scope.

  Returns:
    (logits, dict of end point name -> tensor).

  Raises:
    ValueError: if `depth_multiplier <= 0`.
  """
  _iu.depth_rule(depth_multiplier, min_depth)  # a bad multiplier fails first
  with _iu.classifier_scope(inputs, num_classes, is_training, reuse, scope,
                           'InceptionV2') as net_scope:
    features, end_points = inception_v2_base(
        inputs, scope=net_scope, min_depth=min_depth,
        depth_multiplier=depth_multiplier)
    with _tf.variable_scope('Logits'):
      pooled = _iu.average_pool_all(features, [7, 7])
      kept = layers.dropout(pooled, keep_prob=dropout_keep_prob,
                            scope='Dropout_1b')
      logits = _iu.logits_layer(kept, num_classes, 'Conv2d_1c_1x1',
                               spatial_squeeze)
    _iu.add_predictions(end_points, logits, prediction_fn)
  return logits, end_points


inception_v2.default_image_size = 224

_reduced_kernel_size_for_small_input = _iu.reduced_kernel_size


def inception_v2_arg_scope(weight_decay=0.00004,
                           batch_norm_var_collection='moving_vars'):
  """The default arg_scope of Inception v2 (batch norm after each conv).

  Args:
    weight_decay: L2 weight decay of conv/fully_connected weights.
    batch_norm_var_collection: extra collection for the moving statistics.

  Returns:
    An arg_scope dict.
  """
  params = _iu.batch_norm_params(0.9997, 0.001, batch_norm_var_collection)
  return _iu.inception_arg_scope(weight_decay, params)
