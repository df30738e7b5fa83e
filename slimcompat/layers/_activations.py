"""Activation-like layers: softmax, spatial_softmax, maxout, scale_gradient."""

from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat.layers import _dry_run
from slimcompat.layers import utils
from slimcompat.layers._argcheck import DATA_FORMAT_NCHW
from slimcompat.layers._argcheck import DATA_FORMAT_NHWC
from slimcompat.ops import variables
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = ['maxout', 'scale_gradient', 'softmax', 'spatial_softmax']


@add_arg_scope
def softmax(logits, scope=None):
  """Softmax over the last dimension of an N-d (N >= 2) logits tensor.

  Args:
    logits: a tensor of rank >= 2 whose last dimension (the classes) is known.
    scope: variable scope (default 'softmax').

  Returns:
    A tensor of the logits' shape and dtype.

  Raises:
    ValueError: if the rank is unknown or below 2, or the last dimension is
      unknown.
  """
  with tf.variable_scope(scope, 'softmax', [logits]):
    static_shape = logits.get_shape()
    classes = utils.last_dimension(static_shape, min_rank=2)
    # parity: the reference's op sequence (Reshape, Softmax, Shape, Reshape_1):
    # a softmax over the rows of a [-1, classes] matrix, reshaped back.
    rows = tf.nn.softmax(tf.reshape(logits, [-1, classes]))
    probabilities = tf.reshape(rows, tf.shape(logits))
    if not tf.executing_eagerly():
      probabilities.set_shape(static_shape)
    return probabilities


@add_arg_scope
def spatial_softmax(features,
                    temperature=None,
                    name=None,
                    variables_collections=None,
                    trainable=True,
                    data_format='NHWC'):
  """Expected image position of each channel's activation ("soft argmax").

  A softmax over the height x width locations of every channel, divided by a
  temperature, weights a grid of coordinates in [-1, 1]; the result is each
  channel's expected (row, column) position (Finn et al., "Deep Spatial
  Autoencoders for Visuomotor Learning", arXiv:1509.06113).

  Args:
    features: a `[batch, height, width, channels]` ('NHWC') or
      `[batch, channels, height, width]` ('NCHW') tensor with known channels.
    temperature: the softmax temperature; None creates a learnable scalar
      model variable 'temperature' initialised to 1.
    name: variable scope (default 'spatial_softmax').
    variables_collections: collections (a list, or a dict keyed by
      'temperature') for the temperature variable.
    trainable: whether the temperature variable is trainable; when False it
      joins no extra collections.
    data_format: 'NHWC' (default) or 'NCHW'.

  Returns:
    A `[batch, channels * 2]` tensor `[row_1, col_1, ..., row_C, col_C]`.

  Raises:
    ValueError: for another `data_format`, or if the channel count is unknown.
  """
  with tf.variable_scope(name, 'spatial_softmax'):
    runtime_shape = tf.shape(features)
    static_shape = features.shape
    if data_format == DATA_FORMAT_NHWC:
      height, width = runtime_shape[1], runtime_shape[2]
      channels = static_shape[3]
    elif data_format == DATA_FORMAT_NCHW:
      channels = static_shape[1]
      height, width = runtime_shape[2], runtime_shape[3]
    else:
      raise ValueError('data_format has to be either NCHW or NHWC. Got %r; '
                       'pass one of those two strings.' % (data_format,))
    channels = tf.dimension_value(channels)
    if channels is None:
      raise ValueError('The num_channels dimension of the inputs to '
                       '`spatial_softmax` should be defined. Found `None`.')

    with tf.name_scope('spatial_softmax_op', 'spatial_softmax_op', [features]):
      rows, cols = tf.meshgrid(
          tf.raw_ops.LinSpace(start=-1., stop=1., num=height),
          tf.raw_ops.LinSpace(start=-1., stop=1., num=width),
          indexing='ij')
      rows = tf.reshape(rows, [height * width])
      cols = tf.reshape(cols, [height * width])

      if temperature is None:
        init = tf.ones_initializer()
      else:
        init = tf.constant_initializer(temperature)
      collections = (utils.get_variable_collections(variables_collections,
                                                    'temperature')
                     if trainable else None)
      temperature = variables.model_variable(
          'temperature', shape=(), dtype=tf.float32, initializer=init,
          collections=collections, trainable=trainable)

      if data_format == 'NCHW':
        features = tf.reshape(features, [-1, height * width])
      else:
        features = tf.reshape(tf.transpose(features, [0, 3, 1, 2]),
                              [-1, height * width])
      attention = tf.nn.softmax(features / temperature)
      expected_row = tf.reduce_sum(rows * attention, [1], keepdims=True)
      expected_col = tf.reduce_sum(cols * attention, [1], keepdims=True)
      expected = tf.concat([expected_row, expected_col], 1)
      keypoints = tf.reshape(expected, [-1, channels * 2])
      keypoints.set_shape([None, channels * 2])
  return keypoints


@add_arg_scope
def maxout(inputs, num_units, axis=-1, scope=None):
  """Maxout (Goodfellow et al., arXiv:1302.4389): the max over groups of
  features along `axis`, leaving `num_units` features there.

  Args:
    inputs: a tensor whose size along `axis` is known.
    num_units: features left along `axis`; must divide its size.
    axis: the axis to reduce (default: the last, usually channels).
    scope: variable scope (default 'MaxOut').

  Returns:
    A tensor with `num_units` entries along `axis`.

  Raises:
    ValueError: if the size along `axis` is not a multiple of `num_units`.
  """
  with tf.variable_scope(scope, 'MaxOut', [inputs]):
    inputs = tf.convert_to_tensor(inputs)
    groups = tf.reshape(inputs, _maxout_groups_shape(inputs, num_units, axis))
    return tf.reduce_max(groups, -1, keepdims=False)


def _maxout_groups_shape(inputs, num_units, axis):
  """`inputs`' shape with `axis` cut into `num_units` groups on a new last axis.

  Sizes unknown statically (the batch, usually) are read at run time, one
  `tf.shape(inputs)[i]` each.

  Raises:
    ValueError: if the size along `axis` is not a multiple of `num_units`.
  """
  dims = inputs.get_shape().as_list()
  features = dims[axis]
  if features % num_units:
    raise ValueError('number of features({}) is not a multiple of '
                     'num_units({}); pick num_units that divides it.'.format(
                         features, num_units))
  dims[axis] = num_units
  dims.append(features // num_units)
  return [tf.shape(inputs)[index] if size is None else size
          for index, size in enumerate(dims)]


@tf2.custom_gradient
def scale_gradient(inputs, gradient_multiplier):
  """Identity on the forward pass; the gradient is multiplied by
  `gradient_multiplier` on the way back.

  Args:
    inputs: the tensor to pass through.
    gradient_multiplier: a tensor broadcastable to `inputs`' shape.

  Returns:
    A tensor equal to `inputs`.
  """

  def grad(dy):
    return [dy * gradient_multiplier, None]

  return inputs, grad


_dry_run.keeps_shape(softmax)
