"""layer_norm: normalization over the feature axes of each example (Ba et al., 2016)."""

from slimcompat._compat import tf
from slimcompat.layers import _argcheck as _layer_argcheck
from slimcompat.layers import _dry_run
from slimcompat.layers import _variables
from slimcompat.layers import utils
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = ['layer_norm']


@add_arg_scope
def layer_norm(inputs,
               center=True,
               scale=True,
               activation_fn=None,
               reuse=None,
               variables_collections=None,
               outputs_collections=None,
               trainable=True,
               begin_norm_axis=1,
               begin_params_axis=-1,
               scope=None):
  """Layer normalization (Ba, Kiros & Hinton, 2016).

  Statistics run over axes `begin_norm_axis` .. R-1 of each example; `beta`
  and `gamma` have the shape ``inputs.shape[begin_params_axis:]`` and
  broadcast against the normalized values.  The defaults normalize over all
  but the batch axis, with one parameter per channel.

  Args:
    inputs: a tensor of known rank R.
    center: if True, add the learned offset `beta`.
    scale: if True, multiply by the learned `gamma`.
    activation_fn: optional activation applied to the result.
    reuse: whether to reuse the variables of `scope`.
    variables_collections: extra collections for the variables, as a list or
      a dict keyed by variable name.
    outputs_collections: collections to add the output to.
    trainable: whether the variables join TRAINABLE_VARIABLES.
    begin_norm_axis: first axis of the statistics (negative counts from the
      end).
    begin_params_axis: first axis of the parameter shape.
    scope: optional variable scope (default 'LayerNorm').

  Returns:
    The normalized tensor, with the shape and dtype of `inputs`.

  Raises:
    ValueError: for an unknown rank, axes not below the rank, or a parameter
      shape that is not fully known.
  """
  inputs = tf.convert_to_tensor(inputs)
  inputs_shape = inputs.get_shape()
  rank = _layer_argcheck.known_rank(inputs, 'layer_norm')
  if begin_norm_axis < 0:
    begin_norm_axis += rank
  if begin_params_axis >= rank or begin_norm_axis >= rank:
    raise ValueError('begin_params_axis (%d) and begin_norm_axis (%d) must be '
                     '< rank(inputs) (%d)' %
                     (begin_params_axis, begin_norm_axis, rank))
  params_shape = inputs_shape[begin_params_axis:]
  if not params_shape.is_fully_defined():
    raise ValueError('Inputs %s: shape(inputs)[%s:] is not fully defined: %s; '
                     'the parameter dimensions must be known.' %
                     (inputs.name, begin_params_axis, inputs_shape))
  with tf.variable_scope(scope, 'LayerNorm', [inputs], reuse=reuse) as sc:
    dtype = inputs.dtype.base_dtype
    beta = gamma = None
    if center:
      beta = _variables.given_model_variable(
          'beta', shape=params_shape, dtype=dtype,
          initializer=tf.zeros_initializer(), trainable=trainable,
          variables_collections=variables_collections)
    if scale:
      gamma = _variables.given_model_variable(
          'gamma', shape=params_shape, dtype=dtype,
          initializer=tf.ones_initializer(), trainable=trainable,
          variables_collections=variables_collections)
    mean, variance = tf.nn.moments(inputs, list(range(begin_norm_axis, rank)),
                                   keep_dims=True)
    # float16 cannot represent 1e-12: its variance would underflow to 0.
    variance_epsilon = 1e-3 if dtype == tf.float16 else 1e-12
    outputs = tf.nn.batch_normalization(inputs, mean, variance, offset=beta,
                                        scale=gamma,
                                        variance_epsilon=variance_epsilon)
    outputs.set_shape(inputs_shape)
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    return utils.collect_named_outputs(outputs_collections, sc.name, outputs)


_dry_run.keeps_shape(layer_norm)
