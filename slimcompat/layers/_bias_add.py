"""bias_add: adds a learned bias per channel (usable as a `normalizer_fn`)."""

from slimcompat._compat import tf
from slimcompat.layers import _argcheck as _layer_argcheck
from slimcompat.layers import _layer_steps
from slimcompat.layers import _variables
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = ['bias_add']


def _num_channels(shape, data_format):
  """The channel count of an input of `shape`.

  Raises:
    ValueError: for an unknown rank, 'NCHW' with a rank other than 4, or an
      unknown channel count.
  """
  if shape.rank is None:
    raise ValueError('Dims of shape must be known but is None: bias_add needs '
                     'an input of known rank.')
  if shape.rank != 4 and data_format == _layer_argcheck.DATA_FORMAT_NCHW:
    raise ValueError('Data format NCHW only supports 4D Tensor, got shape %s.'
                     % shape)
  channels = tf.dimension_value(
      shape[1 if data_format == _layer_argcheck.DATA_FORMAT_NCHW else -1])
  if channels is None:
    raise ValueError('`C` dimension must be known but is None (shape %s).' %
                     shape)
  return channels


@add_arg_scope
def bias_add(inputs,
             activation_fn=None,
             initializer=tf.zeros_initializer(),
             regularizer=None,
             reuse=None,
             variables_collections=None,
             outputs_collections=None,
             trainable=True,
             data_format=_layer_argcheck.DATA_FORMAT_NHWC,
             scope=None):
  """Adds a `biases` variable ``[channels]`` to `inputs`, then an activation.

  Args:
    inputs: a tensor of rank 2 or more with a known channel dimension (the
      last one, or dimension 1 for 'NCHW').
    activation_fn: applied last; None (the default) for none.
    initializer: initializer of `biases` (zeros by default).
    regularizer: optional regularizer of `biases`.
    reuse: whether to reuse the variables of `scope`.
    variables_collections: extra collections of `biases`: a list, or a dict
      with key 'biases'.
    outputs_collections: collections the output is added to.
    trainable: whether `biases` joins TRAINABLE_VARIABLES.
    data_format: 'NHWC' or 'NCHW' (for 4-D inputs only).
    scope: the variable scope; 'BiasAdd' (made unique) by default.

  Returns:
    The output tensor.

  Raises:
    ValueError: for a bad `data_format`, an unknown rank, 'NCHW' with an input
      that is not 4-D, or an unknown channel count.
  """
  if data_format not in (_layer_argcheck.DATA_FORMAT_NCHW,
                         _layer_argcheck.DATA_FORMAT_NHWC):
    raise ValueError('data_format has to be either NCHW or NHWC.')
  known_shape = _layer_argcheck.static_shape(inputs)
  if known_shape is not None:
    _num_channels(known_shape, data_format)
  with tf.variable_scope(scope, 'BiasAdd', [inputs], reuse=reuse) as sc:
    inputs = tf.convert_to_tensor(inputs)
    biases = _variables.given_model_variable(
        'biases', shape=[_num_channels(inputs.shape, data_format)],
        dtype=inputs.dtype.base_dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable,
        variables_collections=variables_collections)
    outputs = tf.nn.bias_add(inputs, biases, data_format=data_format)
    return _layer_steps.activate_and_collect(outputs, sc, activation_fn,
                                             outputs_collections)
