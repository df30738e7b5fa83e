"""Inception v1 / GoogLeNet (Szegedy et al., "Going deeper with convolutions",
arXiv:1409.4842), with tf_slim's variable and end-point names.
"""

from slimcompat._compat import tf as _tf
from slimcompat import layers
from slimcompat.nets import _inception_utils as _iu
from slimcompat.nets._common import trunc_normal
from slimcompat.nets._inception_utils import conv as _conv
from slimcompat.nets._inception_utils import max_pool as _max_pool
from slimcompat.ops.arg_scope import arg_scope


def _block(d0, d1a, d1b, d2a, d2b, d3, b2_second='Conv2d_0b_3x3'):
  """1x1 | 1x1->3x3 | 1x1->3x3 | maxpool->1x1, with the given widths."""
  return [
      [_conv(d0, [1, 1], 'Conv2d_0a_1x1')],
      [_conv(d1a, [1, 1], 'Conv2d_0a_1x1'),
       _conv(d1b, [3, 3], 'Conv2d_0b_3x3')],
      [_conv(d2a, [1, 1], 'Conv2d_0a_1x1'), _conv(d2b, [3, 3], b2_second)],
      [_max_pool([3, 3], 'MaxPool_0a_3x3'), _conv(d3, [1, 1], 'Conv2d_0b_1x1')],
  ]


_STAGES = [
    _iu.Stage([layers.conv2d, layers.max_pool2d],
             dict(stride=1, padding='SAME'), [
                 ('Conv2d_1a_7x7',
                  _conv(64, [7, 7], 'Conv2d_1a_7x7', stride=2)),
                 ('MaxPool_2a_3x3', _max_pool([3, 3], 'MaxPool_2a_3x3',
                                             stride=2)),
                 ('Conv2d_2b_1x1', _conv(64, [1, 1], 'Conv2d_2b_1x1')),
                 ('Conv2d_2c_3x3', _conv(192, [3, 3], 'Conv2d_2c_3x3')),
                 ('MaxPool_3a_3x3', _max_pool([3, 3], 'MaxPool_3a_3x3',
                                             stride=2)),
                 ('Mixed_3b', _block(64, 96, 128, 16, 32, 32)),
                 ('Mixed_3c', _block(128, 128, 192, 32, 96, 64)),
                 ('MaxPool_4a_3x3', _max_pool([3, 3], 'MaxPool_4a_3x3',
                                             stride=2)),
                 ('Mixed_4b', _block(192, 96, 208, 16, 48, 64)),
                 ('Mixed_4c', _block(160, 112, 224, 24, 64, 64)),
                 ('Mixed_4d', _block(128, 128, 256, 24, 64, 64)),
                 ('Mixed_4e', _block(112, 144, 288, 32, 64, 64)),
                 ('Mixed_4f', _block(256, 160, 320, 32, 128, 128)),
                 ('MaxPool_5a_2x2', _max_pool([2, 2], 'MaxPool_5a_2x2',
                                             stride=2)),
                 # Published checkpoints name this layer 0a, not 0b.
                 ('Mixed_5b', _block(256, 160, 320, 32, 128, 128,
                                     b2_second='Conv2d_0a_3x3')),
                 ('Mixed_5c', _block(384, 192, 384, 48, 128, 128)),
             ]),
]


def _same_depth(d):
  return d


def inception_v1_base(inputs, final_endpoint='Mixed_5c', scope='InceptionV1'):
  """Builds Inception v1 from `inputs` up to `final_endpoint`.

  Args:
    inputs: a `[batch, height, width, channels]` tensor.
    final_endpoint: last end point to build, from 'Conv2d_1a_7x7' through
      'Mixed_5c' (see the stage table in this module).
    scope: variable scope.

  Returns:
    (output of `final_endpoint`, dict of end point name -> tensor).

  Raises:
    ValueError: if `final_endpoint` is unknown.
  """
  _iu.check_final_endpoint(final_endpoint, _STAGES)
  with _tf.variable_scope(scope, 'InceptionV1', [inputs]):
    with arg_scope([layers.conv2d, layers.fully_connected],
                   weights_initializer=trunc_normal(0.01)):
      return _iu.build_trunk(inputs, _STAGES, final_endpoint, _same_depth)


def inception_v1(inputs,
                 num_classes=1000,
                 is_training=True,
                 dropout_keep_prob=0.8,
                 prediction_fn=layers.softmax,
                 spatial_squeeze=True,
                 reuse=None,
                 scope='InceptionV1'):
  """Inception v1 classifier (default input 224x224).

  Args:
    inputs: a `[batch, height, width, channels]` tensor.
    num_classes: number of output classes.
    is_training: passed to batch_norm and dropout.
    dropout_keep_prob: keep probability of the dropout before the logits.
    prediction_fn: maps logits to predictions (called with `scope=`).
    spatial_squeeze: if True logits are `[B, C]`, else `[B, 1, 1, C]`.
    reuse: whether to reuse the variables of `scope`.
    scope: variable scope.

  Returns:
    (logits, dict of end point name -> tensor).
  """
  with _iu.classifier_scope(inputs, num_classes, is_training, reuse, scope,
                           'InceptionV1') as net_scope:
    features, end_points = inception_v1_base(inputs, scope=net_scope)
    # Unlike v2 and v3, v1 builds its whole head, Predictions included, in
    # the 'Logits' scope (and names its average pool 'MaxPool_0a_7x7').
    with _tf.variable_scope('Logits'):
      pooled = layers.avg_pool2d(features, [7, 7], stride=1,
                                 scope='MaxPool_0a_7x7')
      kept = layers.dropout(pooled, dropout_keep_prob, scope='Dropout_0b')
      logits = _iu.logits_layer(kept, num_classes, 'Conv2d_0c_1x1',
                               spatial_squeeze)
      _iu.add_predictions(end_points, logits, prediction_fn)
  return logits, end_points


inception_v1.default_image_size = 224


def inception_v1_arg_scope(weight_decay=0.00004,
                           use_batch_norm=True,
                           batch_norm_var_collection='moving_vars'):
  """The default arg_scope of Inception v1 (batch norm after each conv).

  Args:
    weight_decay: L2 weight decay of conv/fully_connected weights.
    use_batch_norm: whether conv2d is followed by batch_norm.
    batch_norm_var_collection: extra collection for the moving statistics.

  Returns:
    An arg_scope dict.
  """
  params = _iu.batch_norm_params(0.9997, 0.001, batch_norm_var_collection)
  return _iu.inception_arg_scope(weight_decay, params, use_batch_norm)
