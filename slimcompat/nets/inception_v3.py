"""Inception v3 (Szegedy et al., "Rethinking the Inception Architecture for
Computer Vision", arXiv:1512.00567), with tf_slim's variable and end-point names.
"""

from slimcompat._compat import tf as _tf
from slimcompat import layers
from slimcompat.nets import _inception_utils as _iu
from slimcompat.nets._common import trunc_normal
from slimcompat.nets._inception_utils import avg_pool as _avg_pool
from slimcompat.nets._inception_utils import conv as _conv
from slimcompat.nets._inception_utils import fork as _fork
from slimcompat.nets._inception_utils import max_pool as _max_pool
from slimcompat.ops.arg_scope import arg_scope


_POOLS_AND_CONV = [layers.conv2d, layers.max_pool2d, layers.avg_pool2d]
_VALID = dict(stride=1, padding='VALID')
_SAME = dict(stride=1, padding='SAME')


def _block_35(pool_width, b1_names=('Conv2d_0a_1x1', 'Conv2d_0b_5x5')):
  return [
      [_conv(64, [1, 1], 'Conv2d_0a_1x1')],
      [_conv(48, [1, 1], b1_names[0]), _conv(64, [5, 5], b1_names[1])],
      [_conv(64, [1, 1], 'Conv2d_0a_1x1'), _conv(96, [3, 3], 'Conv2d_0b_3x3'),
       _conv(96, [3, 3], 'Conv2d_0c_3x3')],
      [_avg_pool([3, 3], 'AvgPool_0a_3x3'),
       _conv(pool_width, [1, 1], 'Conv2d_0b_1x1')],
  ]


def _block_17(mid):
  """17x17 block with factorized 7x7 convolutions of `mid` channels."""
  return [
      [_conv(192, [1, 1], 'Conv2d_0a_1x1')],
      [_conv(mid, [1, 1], 'Conv2d_0a_1x1'), _conv(mid, [1, 7], 'Conv2d_0b_1x7'),
       _conv(192, [7, 1], 'Conv2d_0c_7x1')],
      [_conv(mid, [1, 1], 'Conv2d_0a_1x1'), _conv(mid, [7, 1], 'Conv2d_0b_7x1'),
       _conv(mid, [1, 7], 'Conv2d_0c_1x7'), _conv(mid, [7, 1], 'Conv2d_0d_7x1'),
       _conv(192, [1, 7], 'Conv2d_0e_1x7')],
      [_avg_pool([3, 3], 'AvgPool_0a_3x3'),
       _conv(192, [1, 1], 'Conv2d_0b_1x1')],
  ]


def _block_8(b1_second_name):
  """8x8 block whose 1x3/3x1 pairs run side by side."""
  return [
      [_conv(320, [1, 1], 'Conv2d_0a_1x1')],
      [_conv(384, [1, 1], 'Conv2d_0a_1x1'),
       _fork(_conv(384, [1, 3], 'Conv2d_0b_1x3'),
            _conv(384, [3, 1], b1_second_name))],
      [_conv(448, [1, 1], 'Conv2d_0a_1x1'), _conv(384, [3, 3], 'Conv2d_0b_3x3'),
       _fork(_conv(384, [1, 3], 'Conv2d_0c_1x3'),
            _conv(384, [3, 1], 'Conv2d_0d_3x1'))],
      [_avg_pool([3, 3], 'AvgPool_0a_3x3'),
       _conv(192, [1, 1], 'Conv2d_0b_1x1')],
  ]


_STRIDE2_VALID = dict(stride=2, padding='VALID')

_STAGES = [
    _iu.Stage(_POOLS_AND_CONV, _VALID, [
        ('Conv2d_1a_3x3', _conv(32, [3, 3], 'Conv2d_1a_3x3', stride=2)),
        ('Conv2d_2a_3x3', _conv(32, [3, 3], 'Conv2d_2a_3x3')),
        ('Conv2d_2b_3x3', _conv(64, [3, 3], 'Conv2d_2b_3x3', padding='SAME')),
        ('MaxPool_3a_3x3', _max_pool([3, 3], 'MaxPool_3a_3x3', stride=2)),
        ('Conv2d_3b_1x1', _conv(80, [1, 1], 'Conv2d_3b_1x1')),
        ('Conv2d_4a_3x3', _conv(192, [3, 3], 'Conv2d_4a_3x3')),
        ('MaxPool_5a_3x3', _max_pool([3, 3], 'MaxPool_5a_3x3', stride=2)),
    ]),
    _iu.Stage(_POOLS_AND_CONV, _SAME, [
        ('Mixed_5b', _block_35(32)),
        # Names in Mixed_5c's second branch are as published checkpoints have them.
        ('Mixed_5c', _block_35(64, ('Conv2d_0b_1x1', 'Conv_1_0c_5x5'))),
        ('Mixed_5d', _block_35(64)),
        ('Mixed_6a', [
            [_conv(384, [3, 3], 'Conv2d_1a_1x1', **_STRIDE2_VALID)],
            [_conv(64, [1, 1], 'Conv2d_0a_1x1'),
             _conv(96, [3, 3], 'Conv2d_0b_3x3'),
             _conv(96, [3, 3], 'Conv2d_1a_1x1', **_STRIDE2_VALID)],
            [_max_pool([3, 3], 'MaxPool_1a_3x3', **_STRIDE2_VALID)],
        ]),
        ('Mixed_6b', _block_17(128)),
        ('Mixed_6c', _block_17(160)),
        ('Mixed_6d', _block_17(160)),
        ('Mixed_6e', _block_17(192)),
        ('Mixed_7a', [
            [_conv(192, [1, 1], 'Conv2d_0a_1x1'),
             _conv(320, [3, 3], 'Conv2d_1a_3x3', **_STRIDE2_VALID)],
            [_conv(192, [1, 1], 'Conv2d_0a_1x1'),
             _conv(192, [1, 7], 'Conv2d_0b_1x7'),
             _conv(192, [7, 1], 'Conv2d_0c_7x1'),
             _conv(192, [3, 3], 'Conv2d_1a_3x3', **_STRIDE2_VALID)],
            [_max_pool([3, 3], 'MaxPool_1a_3x3', **_STRIDE2_VALID)],
        ]),
        ('Mixed_7b', _block_8('Conv2d_0b_3x1')),
        ('Mixed_7c', _block_8('Conv2d_0c_3x1')),
    ]),
]


def inception_v3_base(inputs,
                      final_endpoint='Mixed_7c',
                      min_depth=16,
                      depth_multiplier=1.0,
                      scope=None):
  """Builds Inception v3 from `inputs` up to `final_endpoint`.

  Args:
    inputs: a `[batch, height, width, channels]` tensor.
    final_endpoint: last end point to build, from 'Conv2d_1a_3x3' through
      'Mixed_7c' (see the stage table in this module).
    min_depth: lower bound on every conv's channel count after scaling.
    depth_multiplier: positive factor applied to every conv's channel count.
    scope: optional variable scope (default 'InceptionV3').

  Returns:
    (output of `final_endpoint`, dict of end point name -> tensor).

  Raises:
    ValueError: if `final_endpoint` is unknown or `depth_multiplier <= 0`.
  """
  depth = _iu.depth_rule(depth_multiplier, min_depth)
  _iu.check_final_endpoint(final_endpoint, _STAGES)
  with _tf.variable_scope(scope, 'InceptionV3', [inputs]):
    return _iu.build_trunk(inputs, _STAGES, final_endpoint, depth)


def _aux_logits(net, num_classes, depth, spatial_squeeze):
  with arg_scope(_POOLS_AND_CONV, **_SAME):
    with _tf.variable_scope('AuxLogits'):
      net = layers.avg_pool2d(net, [5, 5], stride=3, padding='VALID',
                              scope='AvgPool_1a_5x5')
      net = layers.conv2d(net, depth(128), [1, 1], scope='Conv2d_1b_1x1')
      kernel = _iu.reduced_kernel_size(net, [5, 5])
      net = layers.conv2d(net, depth(768), kernel,
                          weights_initializer=trunc_normal(0.01),
                          padding='VALID',
                          scope='Conv2d_2a_{}x{}'.format(*kernel))
      net = layers.conv2d(net, num_classes, [1, 1], activation_fn=None,
                          normalizer_fn=None,
                          weights_initializer=trunc_normal(0.001),
                          scope='Conv2d_2b_1x1')
      if spatial_squeeze:
        net = _iu.squeeze_spatial(net)
      return net


def inception_v3(inputs,
                 num_classes=1000,
                 is_training=True,
                 dropout_keep_prob=0.8,
                 min_depth=16,
                 depth_multiplier=1.0,
                 prediction_fn=layers.softmax,
                 spatial_squeeze=True,
                 reuse=None,
                 create_aux_logits=True,
                 scope='InceptionV3'):
  """Inception v3 classifier (default input 299x299).

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
    create_aux_logits: whether to add the auxiliary head on 'Mixed_6e'.
    scope: variable scope.

  Returns:
    (logits, dict of end point name -> tensor).

  Raises:
    ValueError: if `depth_multiplier <= 0`.
  """
  depth = _iu.depth_rule(depth_multiplier, min_depth)
  with _iu.classifier_scope(inputs, num_classes, is_training, reuse, scope,
                           'InceptionV3') as net_scope:
    features, end_points = inception_v3_base(
        inputs, scope=net_scope, min_depth=min_depth,
        depth_multiplier=depth_multiplier)
    if create_aux_logits and num_classes:
      end_points['AuxLogits'] = _aux_logits(
          end_points['Mixed_6e'], num_classes, depth, spatial_squeeze)
    with _tf.variable_scope('Logits'):
      pooled = _iu.average_pool_all(features, [8, 8])
      kept = layers.dropout(pooled, keep_prob=dropout_keep_prob,
                            scope='Dropout_1b')
      end_points['PreLogits'] = kept
      logits = _iu.logits_layer(kept, num_classes, 'Conv2d_1c_1x1',
                               spatial_squeeze)
    _iu.add_predictions(end_points, logits, prediction_fn)
  return logits, end_points


inception_v3.default_image_size = 299

_reduced_kernel_size_for_small_input = _iu.reduced_kernel_size


def inception_v3_arg_scope(weight_decay=0.00004,
                           batch_norm_var_collection='moving_vars',
                           batch_norm_decay=0.9997,
                           batch_norm_epsilon=0.001,
                           updates_collections=_tf.GraphKeys.UPDATE_OPS,
                           use_fused_batchnorm=True):
  """The default arg_scope of Inception v3.

  Args:
    weight_decay: L2 weight decay of conv/fully_connected weights.
    batch_norm_var_collection: extra collection for the moving statistics.
    batch_norm_decay: moving-average decay of batch_norm.
    batch_norm_epsilon: batch_norm's variance epsilon.
    updates_collections: where batch_norm puts its update ops.
    use_fused_batchnorm: whether batch_norm uses the fused kernel.

  Returns:
    An arg_scope dict.
  """
  params = _iu.batch_norm_params(batch_norm_decay, batch_norm_epsilon,
                                batch_norm_var_collection,
                                fused=use_fused_batchnorm)
  params['updates_collections'] = updates_collections
  return _iu.inception_arg_scope(weight_decay, params)
