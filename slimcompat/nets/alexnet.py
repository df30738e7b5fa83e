"""tf_slim.nets.alexnet: AlexNet v2 ("One weird trick", arXiv:1404.5997).

Without the LRN layers; fc6..fc8 are convolutions, so larger inputs give a
spatial map of logits (use `spatial_squeeze=False`). The layers are the table
`_BODY` and the head `_head()`, built by `_common.classifier_net`, as `vgg` is.

Usage::

    with slim.arg_scope(alexnet.alexnet_v2_arg_scope()):
      logits, end_points = alexnet.alexnet_v2(images)
"""

from slimcompat._compat import tf as _tf
from slimcompat._own_arguments import own_arguments as _own_arguments
from slimcompat.layers import regularizers
from slimcompat.layers.layers import conv2d as _conv2d
from slimcompat.layers.layers import fully_connected as _fully_connected
from slimcompat.layers.layers import max_pool2d as _max_pool2d
from slimcompat.nets import _common
from slimcompat.nets._common import trunc_normal
from slimcompat.ops.arg_scope import arg_scope


_BODY = (
    _common.conv('conv1', 64, [11, 11], stride=4, padding='VALID'),
    _common.pool('pool1', [3, 3], 2),
    _common.conv('conv2', 192, [5, 5]),
    _common.pool('pool2', [3, 3], 2),
    _common.conv('conv3', 384, [3, 3]),
    _common.conv('conv4', 384, [3, 3]),
    _common.conv('conv5', 256, [3, 3]),
    _common.pool('pool5', [3, 3], 2),
)


def _head():
  # Built per call: the initializers are fresh objects each time, as a user's
  # arg_scope would see them.
  return _common.Head(
      fc6_depth=4096, fc6_kernel=[5, 5], fc7_depth=4096,
      head_defaults={'weights_initializer': trunc_normal(0.005),
                     'biases_initializer': _tf.constant_initializer(0.1)},
      logits_args={'biases_initializer': _tf.zeros_initializer()})


def alexnet_v2_arg_scope(weight_decay=0.0005):
  """Defaults for AlexNet v2: ReLU, L2 decay, 0.1 biases, SAME convs, VALID pools.

  Args:
    weight_decay: scale of the L2 regularizer on the weights.

  Returns:
    An arg_scope dict for `slim.arg_scope`.
  """
  with arg_scope([_conv2d, _fully_connected], activation_fn=_tf.nn.relu,
                 biases_initializer=_tf.constant_initializer(0.1),
                 weights_regularizer=regularizers.l2_regularizer(weight_decay)):
    with arg_scope([_conv2d], padding='SAME'):
      with arg_scope([_max_pool2d], padding='VALID') as scope_dict:
        return scope_dict


def alexnet_v2(inputs,
               num_classes=1000,
               is_training=True,
               dropout_keep_prob=0.5,
               spatial_squeeze=True,
               scope='alexnet_v2'):
  """AlexNet v2; expects 224x224 inputs for classification.

  Args:
    inputs: a float tensor [batch, height, width, channels].
    num_classes: number of logits per position.
    is_training: whether the dropout layers are active.
    dropout_keep_prob: the probability of keeping an activation in dropout.
    spatial_squeeze: if True, the logits' 1x1 spatial dimensions are squeezed
      away (op '<scope>/fc8/squeezed').
    scope: the variable scope of the net.

  Returns:
    (logits, end_points): the logits and an OrderedDict from layer names to
    their outputs.
  """
  return _common.classifier_net(**_own_arguments(locals()), body=_BODY,
                                head=_head(),
                                collection_from=_common.BY_NAME_SCOPE,
                                default_scope='alexnet_v2')


alexnet_v2.default_image_size = 224
