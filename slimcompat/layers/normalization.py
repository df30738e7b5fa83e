"""tf_slim.layers.normalization: instance normalization and group normalization.

Both normalize each example on its own (no moving statistics), with the
learned `beta` / `gamma` of shape [channels].
"""

from slimcompat._compat import tf
from slimcompat.layers import _argcheck as _layer_argcheck
from slimcompat.layers import _dry_run
from slimcompat.layers import _variables
from slimcompat.layers import utils
from slimcompat.layers._argcheck import DATA_FORMAT_NCHW
from slimcompat.layers._argcheck import DATA_FORMAT_NHWC
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = [
    'group_norm',
    'instance_norm',
]


def _affine_parameters(*, center, scale, shape, dtype, param_initializers,
                       variables_collections, trainable, broadcast_shape):
  """Creates beta and gamma (None when disabled), reshaped for broadcasting."""
  initializers = param_initializers or {}
  created = []
  for name, wanted, default in (('beta', center, tf.zeros_initializer()),
                                ('gamma', scale, tf.ones_initializer())):
    variable = None
    if wanted:
      variable = _variables.given_model_variable(
          name, shape=shape, dtype=dtype,
          initializer=initializers.get(name, default), trainable=trainable,
          variables_collections=variables_collections)
      if broadcast_shape:
        variable = tf.reshape(variable, broadcast_shape)
    created.append(variable)
  return created


@add_arg_scope
def instance_norm(inputs,
                  center=True,
                  scale=True,
                  epsilon=1e-6,
                  activation_fn=None,
                  param_initializers=None,
                  reuse=None,
                  variables_collections=None,
                  outputs_collections=None,
                  trainable=True,
                  data_format=DATA_FORMAT_NHWC,
                  scope=None):
  """Instance normalization (Ulyanov et al., 2016).

  Each example and channel is normalized over its spatial axes.

  Args:
    inputs: a tensor of rank >= 3: [batch, ..., channels] for NHWC, or
      [batch, channels, ...] for NCHW.
    center: if True, add the learned offset `beta`.
    scale: if True, multiply by the learned `gamma`.
    epsilon: added to the variance before the square root.
    activation_fn: optional activation applied to the result.
    param_initializers: optional dict of initializers for 'beta' and 'gamma'.
    reuse: whether to reuse the variables of `scope`.
    variables_collections: extra collections for the variables, as a list or
      a dict keyed by variable name.
    outputs_collections: collections to add the output to.
    trainable: whether the variables join TRAINABLE_VARIABLES.
    data_format: 'NHWC' or 'NCHW'.
    scope: optional variable scope (default 'InstanceNorm').

  Returns:
    The normalized tensor.

  Raises:
    ValueError: for an unknown data_format, or an input whose rank or
      channel dimension is unknown.
  """
  inputs = tf.convert_to_tensor(inputs)
  inputs_shape = inputs.get_shape()
  rank = _layer_argcheck.known_rank(inputs, 'instance_norm')
  if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
    raise ValueError('data_format has to be either NCHW or NHWC. Got %r.' %
                     (data_format,))
  channel_axis = 1 if data_format == DATA_FORMAT_NCHW else rank - 1
  params_shape = inputs_shape[channel_axis:channel_axis + 1]
  if not params_shape.is_fully_defined():
    raise ValueError('Inputs %s has undefined channels dimension %s; the '
                     'channel dimension must be known.' %
                     (inputs.name, params_shape))
  with tf.variable_scope(scope, 'InstanceNorm', [inputs],
                         reuse=reuse) as sc:
    broadcast_shape = None
    if data_format == DATA_FORMAT_NCHW:
      # [C] parameters would broadcast against W, not C.
      broadcast_shape = [1, tf.dimension_value(params_shape[0])] + [1] * (
          rank - 2)
    moments_axes = [axis for axis in range(1, rank) if axis != channel_axis]
    beta, gamma = _affine_parameters(
        center=center, scale=scale, shape=params_shape,
        dtype=inputs.dtype.base_dtype, param_initializers=param_initializers,
        variables_collections=variables_collections, trainable=trainable,
        broadcast_shape=broadcast_shape)
    mean, variance = tf.nn.moments(inputs, moments_axes, keep_dims=True)
    outputs = tf.nn.batch_normalization(inputs, mean, variance, beta, gamma,
                                        epsilon, name='instancenorm')
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    return utils.collect_named_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def group_norm(inputs,
               groups=32,
               channels_axis=-1,
               reduction_axes=(-3, -2),
               center=True,
               scale=True,
               epsilon=1e-6,
               activation_fn=None,
               param_initializers=None,
               reuse=None,
               variables_collections=None,
               outputs_collections=None,
               trainable=True,
               scope=None,
               mean_close_to_zero=False):
  """Group normalization (Wu & He, 2018).

  The channels are split into `groups` groups; each example and group is
  normalized over the group's channels and `reduction_axes`.

  Args:
    inputs: a tensor of rank >= 2; every dimension but the batch one that
      the statistics use must be known.
    groups: number of groups; must divide the number of channels.
    channels_axis: the channel axis (negative counts from the end, which
      works with or without a batch axis).
    reduction_axes: the other axes the statistics run over, e.g. (-3, -2)
      for NHWC or (-2, -1) for NCHW; must not contain `channels_axis`.
    center: if True, add the learned offset `beta`.
    scale: if True, multiply by the learned `gamma`.
    epsilon: added to the variance before the square root.
    activation_fn: optional activation applied to the result.
    param_initializers: optional dict of initializers for 'beta' and 'gamma'.
    reuse: whether to reuse the variables of `scope`.
    variables_collections: extra collections for the variables, as a list or
      a dict keyed by variable name.
    outputs_collections: collections to add the output to.
    trainable: whether the variables join TRAINABLE_VARIABLES.
    scope: optional variable scope (default 'GroupNorm').
    mean_close_to_zero: compute the variance in one pass
      (`tf.nn.sufficient_statistics`), which is more accurate when the mean
      is close to zero; otherwise `tf.nn.moments`.

  Returns:
    The normalized tensor, with the shape of `inputs`.

  Raises:
    ValueError: for an unknown rank, unknown channel or reduction dimensions,
      axes out of bounds or overlapping, or groups that do not divide the
      channels.
  """
  inputs = tf.convert_to_tensor(inputs)
  _layer_argcheck.known_rank(inputs, 'group_norm')  # raises for an unknown rank
  channels_axis, reduction_axes = _group_norm_axes(inputs, channels_axis,
                                                   reduction_axes)
  channels = tf.dimension_value(inputs.get_shape()[channels_axis])
  if groups > channels:
    raise ValueError('Invalid groups %d for %d channels: use at most as many '
                     'groups as channels.' % (groups, channels))
  if channels % groups != 0:
    raise ValueError('%d channels is not commensurate with %d groups. Pick a '
                     'number of groups that divides the channels.' %
                     (channels, groups))

  # Unknown dimensions (the batch) are read at run time.
  dynamic_shape = tf.shape(inputs)
  full_shape = [
      dynamic_shape[i] if tf.dimension_value(dim) is None else dim
      for i, dim in enumerate(inputs.get_shape())
  ]
  before, after = full_shape[:channels_axis], full_shape[channels_axis + 1:]
  split = [groups, channels // groups]
  broadcast_shape = [1] * len(before) + split + [1] * len(after)
  inputs = tf.reshape(inputs, before + split + after)
  # Axes of the grouped tensor: the channels axis became (group, member).
  moments_axes = [channels_axis + 1] + [
      axis + 1 if axis > channels_axis else axis for axis in reduction_axes
  ]

  with tf.variable_scope(scope, 'GroupNorm', [inputs], reuse=reuse) as sc:
    beta, gamma = _affine_parameters(
        center=center, scale=scale, shape=[channels],
        dtype=inputs.dtype.base_dtype, param_initializers=param_initializers,
        variables_collections=variables_collections, trainable=trainable,
        broadcast_shape=broadcast_shape)
    if mean_close_to_zero:
      counts, mean_ss, variance_ss, _ = tf.nn.sufficient_statistics(
          inputs, moments_axes, keep_dims=True)
      mean, variance = tf.nn.normalize_moments(counts, mean_ss, variance_ss,
                                               shift=None)
    else:
      mean, variance = tf.nn.moments(inputs, moments_axes, keep_dims=True)
    # x * gain + offset with gain = gamma / sqrt(var + eps) and
    # offset = beta - mean * gain.
    gain = tf.rsqrt(variance + epsilon)
    offset = -mean * gain
    if gamma is not None:
      gain *= gamma
      offset *= gamma
    if beta is not None:
      offset += beta
    outputs = inputs * gain + offset
    outputs = tf.reshape(outputs, full_shape)
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    return utils.collect_named_outputs(outputs_collections, sc.name, outputs)


def _group_norm_axes(inputs, channels_axis, reduction_axes):
  """Checks the axes of `group_norm` and returns them as positive indices."""
  shape = inputs.get_shape()
  rank = shape.ndims
  if channels_axis > rank - 1 or channels_axis < -rank:
    raise ValueError('Axis is out of bounds. channels_axis=%d does not exist '
                     'in an input of rank %d.' % (channels_axis, rank))
  if channels_axis < 0:
    channels_axis += rank
  if tf.dimension_value(shape[channels_axis]) is None:
    raise ValueError('Inputs %s has undefined channel dimension: %d. The '
                     'channel dimension must be known.' %
                     (inputs.name, channels_axis))
  positive = []
  for axis in reduction_axes:
    if axis < 0:
      axis += rank
    if not 0 <= axis < rank:
      raise ValueError('Axis is out of bounds. reduction_axes=%s do not all '
                       'exist in an input of rank %d.' %
                       (list(reduction_axes), rank))
    if tf.dimension_value(shape[axis]) is None:
      raise ValueError('Inputs %s has undefined dimensions %d; the reduction '
                       'dimensions must be known.' % (inputs.name, axis))
    if axis == channels_axis:
      raise ValueError('reduction_axis must be mutually exclusive with '
                       'channels_axis (both name axis %d).' % axis)
    positive.append(axis)
  return channels_axis, positive


_dry_run.keeps_shape(instance_norm)
_dry_run.keeps_shape(group_norm)
