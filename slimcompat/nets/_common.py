"""Helpers shared by the network files.

* `trunc_normal`: the initializer the Inception, AlexNet and OverFeat nets
  use;
* the classifier walker of VGG, AlexNet and OverFeat: the three nets are a
  table of convolutions and max pools (`conv`, `pool`) followed by the same
  convolutional head fc6 / dropout6 / fc7 / dropout7 / fc8 (`Head`); only the
  facts differ, so each net file holds its table and `classifier_net` builds
  it.
"""

import collections

from slimcompat._compat import tf
from slimcompat.layers import utils
from slimcompat.layers.layers import conv2d
from slimcompat.layers.layers import dropout
from slimcompat.layers.layers import fully_connected
from slimcompat.layers.layers import max_pool2d
from slimcompat.layers.layers import repeat
from slimcompat.ops.arg_scope import arg_scope


def trunc_normal(stddev):
  """A truncated normal initializer, mean 0 and standard deviation `stddev`."""
  return tf.truncated_normal_initializer(0.0, stddev)


# One row of a classifier table: a convolution ('conv'; applied `times` times
# under one scope when `times` is set) or a max pool ('pool').
BodyLayer = collections.namedtuple(
    'BodyLayer', 'kind scope depth kernel stride padding times')


def conv(scope, depth, kernel, stride=1, padding=None, times=None):
  """A conv2d row; `padding` None leaves it to the arg_scope."""
  return BodyLayer('conv', scope, depth, kernel, stride, padding, times)


def pool(scope, kernel, stride=2):
  """A max_pool2d row."""
  return BodyLayer('pool', scope, None, kernel, stride, None, None)


# The convolutional head: fc6 (`fc6_depth` channels, `fc6_kernel`, VALID
# padding), fc7 (`fc7_depth`, 1x1) and the fc8 logits.  `head_defaults` are
# extra conv2d defaults for all three, `logits_args` extra arguments of fc8.
Head = collections.namedtuple(
    'Head', 'fc6_depth fc6_kernel fc7_depth head_defaults logits_args')

# Where a net's end-points collection takes its name from: the name scope
# ('vgg_16/_end_points') or the variable scope's name ('vgg_19_end_points').
# The two differ when a net is built twice under one scope: a name scope is
# new each time, a scope name is not, so the second call shares the
# collection.
BY_NAME_SCOPE = 'name_scope'
BY_SCOPE_NAME = 'scope_name'


def _build_row(net, row):
  if row.kind == 'pool':
    return max_pool2d(net, row.kernel, row.stride, scope=row.scope)
  padding = {} if row.padding is None else {'padding': row.padding}
  if row.times:
    return repeat(net, row.times, conv2d, row.depth, row.kernel,
                  scope=row.scope, **padding)
  return conv2d(net, row.depth, row.kernel, row.stride, scope=row.scope,
                **padding)


def _build_head(net, head, num_classes, is_training, dropout_keep_prob):
  with arg_scope([conv2d], **head.head_defaults):
    net = conv2d(net, head.fc6_depth, head.fc6_kernel, padding='VALID',
                 scope='fc6')
    net = dropout(net, dropout_keep_prob, is_training=is_training,
                  scope='dropout6')
    net = conv2d(net, head.fc7_depth, [1, 1], scope='fc7')
    net = dropout(net, dropout_keep_prob, is_training=is_training,
                  scope='dropout7')
    return conv2d(net, num_classes, [1, 1], activation_fn=None,
                  normalizer_fn=None, scope='fc8', **head.logits_args)


def classifier_net(inputs, *, body, head, collection_from, num_classes,
                   is_training, dropout_keep_prob, spatial_squeeze, scope,
                   default_scope):
  """Builds the rows of `body`, then `head`, in a variable scope.

  Args:
    inputs: a [batch, height, width, channels] tensor.
    body: a sequence of `conv` / `pool` rows.
    head: a `Head`.
    collection_from: BY_NAME_SCOPE or BY_SCOPE_NAME.
    num_classes, is_training, dropout_keep_prob, spatial_squeeze: the net's
      arguments.
    scope: the net's `scope` argument.
    default_scope: the scope name when `scope` is None.

  Returns:
    (logits, end_points).
  """
  with tf.variable_scope(scope, default_scope, [inputs]) as sc:
    if collection_from == BY_NAME_SCOPE:
      collection = sc.original_name_scope + '_end_points'
    else:
      collection = sc.name + '_end_points'
    with arg_scope([conv2d, fully_connected, max_pool2d],
                   outputs_collections=collection):
      net = inputs
      for row in body:
        net = _build_row(net, row)
      net = _build_head(net, head, num_classes, is_training,
                        dropout_keep_prob)
      end_points = utils.convert_collection_to_dict(collection)
      if spatial_squeeze:
        net = tf.squeeze(net, [1, 2], name='fc8/squeezed')
        end_points[sc.name + '/fc8'] = net
      return net, end_points
