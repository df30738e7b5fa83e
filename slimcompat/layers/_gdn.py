"""GDN / gdn: generalized divisive normalization (Balle et al., 2016)."""

from slimcompat._compat import tf

__all__ = ['GDN', 'gdn']


# The gradient of GDN's lower bound (registered once for this module; the
# name is ours so it never clashes with another library's registration).
_LOWER_BOUND_GRADIENT = 'SlimcompatGDNLowerBound'


@tf.RegisterGradient(_LOWER_BOUND_GRADIENT)
def _lower_bound_gradient(op, grad):
  """Lets the gradient through where the input is above the bound, or where
  it pushes the input up; never into the bound."""
  inputs, bound = op.inputs[0], op.inputs[1]
  passes = tf.logical_or(inputs >= bound, grad < 0)
  return [tf.cast(passes, grad.dtype) * grad, None]


def _lower_bound(inputs, bound):
  """``max(inputs, bound)`` whose gradient still moves values at the bound up."""
  with tf.name_scope(None, 'GDNLowerBound', [inputs, bound]) as scope:
    inputs = tf.convert_to_tensor(inputs, name='inputs')
    bound = tf.convert_to_tensor(bound, name='bound')
    with tf.get_default_graph().gradient_override_map(
        {'Maximum': _LOWER_BOUND_GRADIENT}):
      return tf.maximum(inputs, bound, name=scope)


_CHANNEL_AXES = {'channels_first': 1, 'channels_last': -1}
_LAYER_ARGUMENTS = ('dtype', '_scope', '_reuse')


class GDN(object):
  """Generalized divisive normalization (Ballé, Laparra & Simoncelli, 2016).

  ``y[i] = x[i] / sqrt(beta[i] + sum_j gamma[j, i] * x[j]**2)`` over the
  channels of each position (the inverse, IGDN, multiplies instead).  `beta`
  and `gamma` are stored as the square roots ``reparam_beta`` /
  ``reparam_gamma`` (offset by ``reparam_offset**2``) and kept above small
  bounds, so that they stay positive while training.

  Used like a tf.layers layer: ``GDN(...)(inputs)`` or ``.apply(inputs)``;
  the first call creates the variables in the variable scope `name`
  (default 'gdn', made unique), later calls share them.

  Args:
    inverse: if True compute IGDN instead of GDN.
    beta_min: lower bound of beta.
    gamma_init: gamma starts as this multiple of the identity matrix.
    reparam_offset: offset of the square-root parameterization.
    data_format: 'channels_last' or 'channels_first'.
    activity_regularizer: optional function of the output; its value divided
      by the batch size joins REGULARIZATION_LOSSES.
    trainable: whether the variables join TRAINABLE_VARIABLES.
    name: optional name (and variable scope) of the layer.
    **kwargs: `dtype` of the variables and computation (default: that of
      the first input), and the private `_scope` / `_reuse` that `gdn` uses.

  Raises:
    ValueError: for an unknown data_format.
    TypeError: for other keyword arguments.
  """

  def __init__(self,
               inverse=False,
               beta_min=1e-6,
               gamma_init=.1,
               reparam_offset=2**-18,
               data_format='channels_last',
               activity_regularizer=None,
               trainable=True,
               name=None,
               **kwargs):
    unknown = sorted(set(kwargs) - set(_LAYER_ARGUMENTS))
    if unknown:
      raise TypeError('Keyword argument not understood: %s; GDN accepts %s.' %
                      (', '.join(unknown), ', '.join(_LAYER_ARGUMENTS)))
    if data_format not in _CHANNEL_AXES:
      raise ValueError('Unsupported `data_format` for GDN layer: %s. Use '
                       "'channels_last' or 'channels_first'." % data_format)
    self.inverse = inverse
    self.data_format = data_format
    self.activity_regularizer = activity_regularizer
    self.trainable = trainable
    self.name = name or 'gdn'
    self.dtype = (tf.as_dtype(kwargs['dtype']).base_dtype
                  if kwargs.get('dtype') is not None else None)
    self.built = False
    self.beta = self.gamma = None
    self.losses = []
    self._beta_min = beta_min
    self._gamma_init = gamma_init
    self._reparam_offset = reparam_offset
    self._scope_name = kwargs.get('_scope', name)
    self._reuse = kwargs.get('_reuse')
    self._scope = None
    self._name_scope = None
    self._input_rank = None
    self._channels = None
    self._variables = []

  @property
  def variables(self):
    return list(self._variables)

  weights = variables

  @property
  def trainable_variables(self):
    return list(self._variables) if self.trainable else []

  trainable_weights = trainable_variables

  @property
  def non_trainable_variables(self):
    return [] if self.trainable else list(self._variables)

  non_trainable_weights = non_trainable_variables

  def _channel_axis(self):
    return _CHANNEL_AXES[self.data_format]

  def _check_shape(self, input_shape):
    """Checks a rank 3..5 shape with a known channel dimension."""
    input_shape = tf.TensorShape(input_shape)
    if input_shape.ndims is None:
      raise TypeError('GDN needs inputs of known rank (3 to 5); got an input '
                      'of unknown rank.')
    if not 3 <= input_shape.ndims <= 5:
      raise ValueError('GDN needs inputs of rank 3 to 5 (inclusive); got '
                       'shape %s.' % input_shape)
    if tf.dimension_value(input_shape[self._channel_axis()]) is None:
      raise ValueError('The channel dimension of the inputs to `GDN` must be '
                       'defined; got shape %s.' % input_shape)
    return input_shape

  def compute_output_shape(self, input_shape):
    """The output shape: that of the input (checked like an input)."""
    return self._check_shape(input_shape)

  def build(self, input_shape):
    """Creates reparam_beta / reparam_gamma and the derived beta / gamma."""
    input_shape = self._check_shape(input_shape)
    channels = tf.dimension_value(input_shape[self._channel_axis()])
    self._input_rank = input_shape.ndims
    self._channels = channels
    dtype = self.dtype
    offset = self._reparam_offset
    pedestal = tf.constant(offset**2, dtype=dtype)
    beta_bound = tf.constant((self._beta_min + offset**2)**.5, dtype=dtype)
    gamma_bound = tf.constant(offset, dtype=dtype)

    def beta_initializer(shape, dtype=None, partition_info=None):
      del partition_info  # unused
      shift = tf.constant(offset**2, dtype=self.dtype)
      return tf.sqrt(tf.ones(shape, dtype=dtype) + shift)

    def gamma_initializer(shape, dtype=None, partition_info=None):
      del partition_info  # unused
      identity = tf.eye(shape[0], dtype=dtype)
      shift = tf.constant(offset**2, dtype=self.dtype)
      return tf.sqrt(self._gamma_init * identity + shift)

    reparam_beta = tf.get_variable(
        'reparam_beta', shape=[channels], dtype=dtype,
        initializer=beta_initializer, trainable=self.trainable)
    self.beta = tf.square(_lower_bound(reparam_beta, beta_bound)) - pedestal
    reparam_gamma = tf.get_variable(
        'reparam_gamma', shape=[channels, channels], dtype=dtype,
        initializer=gamma_initializer, trainable=self.trainable)
    self.gamma = tf.square(_lower_bound(reparam_gamma, gamma_bound)) - pedestal
    self._variables = [reparam_beta, reparam_gamma]
    self.built = True

  def call(self, inputs):
    """The GDN (or IGDN) response of `inputs`, given built variables."""
    inputs = tf.convert_to_tensor(inputs, dtype=self.dtype)
    rank = self._input_rank
    # gamma as a 1x..x1 convolution kernel mixing the channels.
    kernel = tf.reshape(self.gamma,
                        (rank - 2) * [1] + self.gamma.get_shape().as_list())
    squares = tf.square(inputs)
    if self.data_format == 'channels_first':
      norm_pool = tf.nn.convolution(squares, kernel, 'VALID',
                                    data_format='NC' + 'DHW'[-(rank - 2):])
      norm_pool = self._add_beta_channels_first(norm_pool, rank)
    else:
      norm_pool = tf.nn.convolution(squares, kernel, 'VALID')
      norm_pool = tf.nn.bias_add(norm_pool, self.beta, data_format='NHWC')
    norm_pool = tf.sqrt(norm_pool)
    if self.inverse:
      outputs = inputs * norm_pool
    else:
      outputs = inputs / norm_pool
    outputs.set_shape(inputs.get_shape())
    return outputs

  def _add_beta_channels_first(self, norm_pool, rank):
    # bias_add knows NCHW only: view rank 3 and rank 5 tensors as rank 4.
    if rank == 3:
      norm_pool = tf.expand_dims(norm_pool, 2)
      norm_pool = tf.nn.bias_add(norm_pool, self.beta, data_format='NCHW')
      return tf.squeeze(norm_pool, [2])
    if rank == 5:
      shape = tf.shape(norm_pool)
      norm_pool = tf.reshape(norm_pool, tf.concat([shape[:3], [-1]], 0))
      norm_pool = tf.nn.bias_add(norm_pool, self.beta, data_format='NCHW')
      return tf.reshape(norm_pool, shape)
    return tf.nn.bias_add(norm_pool, self.beta, data_format='NCHW')

  def _check_compatible(self, inputs):
    shape = inputs.get_shape()
    if shape.ndims != self._input_rank:
      raise ValueError('Input 0 of layer %s is incompatible with the layer: '
                       'expected ndim=%d, found ndim=%s. Full shape received: '
                       '%s' % (self.name, self._input_rank, shape.ndims, shape))
    channels = tf.dimension_value(shape[self._channel_axis()])
    if channels is not None and channels != self._channels:
      raise ValueError('Input 0 of layer %s is incompatible with the layer: '
                       'expected axis %d of input shape to have value %d but '
                       'received input with shape %s' %
                       (self.name, self._channel_axis(), self._channels,
                        shape))

  def __call__(self, inputs):
    """Builds the layer on the first call, then applies it to `inputs`."""
    if self.dtype is None:
      self.dtype = tf.as_dtype(getattr(inputs, 'dtype', tf.float32)).base_dtype
    inputs = tf.convert_to_tensor(inputs, dtype=self.dtype)
    if self.built:
      self._check_compatible(inputs)
      with tf.variable_scope(self._scope, reuse=True,
                             auxiliary_name_scope=False):
        with tf.name_scope(self._name_scope):
          return self._respond(inputs)
    self._check_shape(inputs.get_shape())
    default_name = 'gdn' if self._scope_name is None else None
    with tf.variable_scope(self._scope_name, default_name=default_name,
                           reuse=self._reuse) as scope:
      self._scope = scope
      self._name_scope = tf.get_default_graph().get_name_scope() + '/'
      if not self._scope_name:
        self.name = scope.name.split('/')[-1]
      self.build(inputs.get_shape())
      return self._respond(inputs)

  apply = __call__

  def _respond(self, inputs):
    outputs = self.call(inputs)
    if self.activity_regularizer is not None:
      with tf.name_scope('ActivityRegularizer'):
        loss = self.activity_regularizer(outputs)
        batch_size = tf.cast(tf.shape(outputs)[0], loss.dtype)
        loss = loss / batch_size
      self.losses.append(loss)
      tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, loss)
    return outputs


def gdn(inputs,
        inverse=False,
        beta_min=1e-6,
        gamma_init=.1,
        reparam_offset=2**-18,
        data_format='channels_last',
        activity_regularizer=None,
        trainable=True,
        name=None,
        reuse=None):
  """Applies a new `GDN` layer to `inputs` (see `GDN` for the arguments).

  Args:
    inputs: a tensor of rank 3 to 5 with a known channel dimension.
    inverse: if True compute IGDN instead of GDN.
    beta_min: lower bound of beta.
    gamma_init: gamma starts as this multiple of the identity matrix.
    reparam_offset: offset of the square-root parameterization.
    data_format: 'channels_last' or 'channels_first'.
    activity_regularizer: optional function of the output (see `GDN`).
    trainable: whether the variables join TRAINABLE_VARIABLES.
    name: optional name and variable scope (default 'gdn', made unique).
    reuse: whether to reuse the variables of scope `name`.

  Returns:
    The normalized tensor, with the shape of `inputs`.
  """
  inputs = tf.convert_to_tensor(inputs)
  layer = GDN(inverse=inverse, beta_min=beta_min, gamma_init=gamma_init,
              reparam_offset=reparam_offset, data_format=data_format,
              activity_regularizer=activity_regularizer, trainable=trainable,
              name=name, dtype=inputs.dtype.base_dtype, _scope=name,
              _reuse=reuse)
  return layer.apply(inputs)
