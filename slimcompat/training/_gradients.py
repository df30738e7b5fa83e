"""Gradient list transforms: clipping, scaling and summarising (grad, var) pairs.

A gradient list is what `Optimizer.compute_gradients` returns: a list of
``(gradient, variable)`` tuples where the gradient is a `Tensor`, an
`IndexedSlices` (sparse updates, e.g. from an embedding lookup) or None (the
variable does not affect the loss).  Each transform here leaves None gradients
alone and keeps `IndexedSlices` sparse by working on their ``values``.

`slimcompat.training` and `slimcompat.learning` expose slightly different
flavours of `multiply_gradients` and `add_gradients_summaries` (as tf-slim
does); both are thin wrappers over `scale_gradients` and
`summarize_gradients` below.
"""

from slimcompat._compat import tf


def _map_values(grad, fn):
  """Applies `fn` to a dense gradient, or to the values of a sparse one."""
  if isinstance(grad, tf.IndexedSlices):
    return tf.IndexedSlices(fn(grad.values), grad.indices, grad.dense_shape)
  return fn(grad)


def clip_gradient_norms(gradients_to_variables, max_norm):
  """Rescales each gradient whose L2 norm exceeds `max_norm` down to it.

  Args:
    gradients_to_variables: a list of (gradient, variable) pairs.
    max_norm: the largest L2 norm a gradient may keep.

  Returns:
    A new list of (gradient, variable) pairs; None gradients pass through.
  """
  clipped = []
  for grad, var in gradients_to_variables:
    if grad is not None:
      grad = _map_values(grad, lambda g: tf.clip_by_norm(g, max_norm))
    clipped.append((grad, var))
  return clipped


def clip_gradient_norms_fn(max_norm):
  """Returns a `transform_grads_fn` for `create_train_op` that clips norms.

  Args:
    max_norm: the largest L2 norm a gradient may keep.

  Returns:
    A function mapping a (gradient, variable) list to its clipped copy.
  """

  def clip_norms(gradients_to_variables):
    return clip_gradient_norms(gradients_to_variables, max_norm)

  return clip_norms


def _check_multiplier_arguments(grads_and_vars, gradient_multipliers):
  if not isinstance(grads_and_vars, list):
    raise ValueError(
        '`grads_and_vars` must be a list of (gradient, variable) pairs, got '
        '%s; wrap a single pair in a list.' % type(grads_and_vars).__name__)
  if not gradient_multipliers:
    raise ValueError(
        '`gradient_multipliers` is empty: give a dict from variables (or '
        'their op names) to the factor for their gradient.')
  if not isinstance(gradient_multipliers, dict):
    raise ValueError(
        '`gradient_multipliers` must be a dict from variables (or their op '
        'names) to factors, got %s.' % type(gradient_multipliers).__name__)


def _multiplier_key(var, gradient_multipliers):
  """The key of `gradient_multipliers` naming `var`, or None."""
  if var in gradient_multipliers:
    return var
  if var.op.name in gradient_multipliers:
    return var.op.name
  return None


def scale_gradients(grads_and_vars, gradient_multipliers, to_tensor):
  """Multiplies the gradients of the variables named in `gradient_multipliers`.

  Args:
    grads_and_vars: a list of (gradient, variable) pairs.
    gradient_multipliers: a dict from a variable, or its op name, to a factor.
    to_tensor: called as ``to_tensor(factor, dtype)`` to turn each factor into
      the tensor the gradient is multiplied by.

  Returns:
    A new list of (gradient, variable) pairs.

  Raises:
    ValueError: bad arguments, or a factor given for a variable whose
      gradient is None.
  """
  _check_multiplier_arguments(grads_and_vars, gradient_multipliers)
  scaled = []
  for grad, var in grads_and_vars:
    key = _multiplier_key(var, gradient_multipliers)
    if key is not None:
      if grad is None:
        raise ValueError(
            'A gradient multiplier is given for %s, but its gradient is None '
            '(the loss does not depend on it); drop it from '
            '`gradient_multipliers`.' % var.op.name)
      factor = to_tensor(gradient_multipliers[key], grad.dtype)
      grad = _map_values(grad, lambda g, f=factor: g * f)
    scaled.append((grad, var))
  return scaled


def convert_factor(factor, dtype):
  """`tf.convert_to_tensor` of a gradient factor (tensors must match dtype)."""
  return tf.convert_to_tensor(factor, dtype=dtype)


def multiply_gradients(grads_and_vars, gradient_multipliers):
  """Multiplies chosen gradients by constant (or tensor) factors.

  Args:
    grads_and_vars: a list of (gradient, variable) pairs.
    gradient_multipliers: a dict from a variable, or its op name, to the
      factor its gradient is multiplied by.

  Returns:
    A new list of (gradient, variable) pairs.

  Raises:
    ValueError: if `grads_and_vars` is not a list, `gradient_multipliers` is
      empty or not a dict, or a factor is given for a None gradient.
  """
  return scale_gradients(grads_and_vars, gradient_multipliers, convert_factor)


def summarize_gradients(grads_and_vars, separator):
  """Adds a histogram and a norm summary for each gradient.

  The tags are ``<var op name><separator>gradient`` and
  ``<var op name><separator>gradient_norm``.

  Args:
    grads_and_vars: a list of (gradient, variable) pairs.
    separator: what joins the variable's name and ``gradient``.

  Returns:
    The list of summary tensors created.
  """
  summaries = []
  for grad, var in grads_and_vars:
    if grad is None:
      tf.logging.info('Var %s has no gradient', var.op.name)
      continue
    values = grad.values if isinstance(grad, tf.IndexedSlices) else grad
    summaries.append(
        tf.summary.histogram(var.op.name + separator + 'gradient', values))
    summaries.append(
        tf.summary.scalar(var.op.name + separator + 'gradient_norm',
                          tf.global_norm([values])))
  return summaries


def add_gradients_summaries(grads_and_vars):
  """Adds summaries ``<var>_gradient`` (histogram) and ``<var>_gradient_norm``.

  Args:
    grads_and_vars: a list of (gradient, variable) pairs.

  Returns:
    The list of summary tensors created.
  """
  return summarize_gradients(grads_and_vars, '_')
