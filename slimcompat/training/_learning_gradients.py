"""The `slimcompat.learning` flavour of the gradient helpers.

They differ from `slimcompat.training`'s in two details kept from tf-slim:
summary tags are ``<var>/gradient`` (a slash, not an underscore), and a
gradient factor that is already a `Tensor` is used as it is, while a Python
number becomes a constant of the gradient's dtype.
"""

from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat.training import _gradients


def _constant_factor(factor, dtype):
  if isinstance(factor, tf2.Tensor):
    return factor
  return tf.constant(factor, dtype=dtype)


def multiply_gradients(grads_and_vars, gradient_multipliers):
  """Multiplies chosen gradients by constant (or tensor) factors.

  Args:
    grads_and_vars: a list of (gradient, variable) pairs.
    gradient_multipliers: a dict from a variable, or its op name, to the
      factor its gradient is multiplied by (a number or a `Tensor`).

  Returns:
    A new list of (gradient, variable) pairs.

  Raises:
    ValueError: if `grads_and_vars` is not a list, `gradient_multipliers` is
      empty or not a dict, or a factor is given for a None gradient.
  """
  return _gradients.scale_gradients(grads_and_vars, gradient_multipliers,
                                    _constant_factor)


def add_gradients_summaries(grads_and_vars):
  """Adds summaries ``<var>/gradient`` (histogram) and ``<var>/gradient_norm``.

  Args:
    grads_and_vars: a list of (gradient, variable) pairs.

  Returns:
    The list of summary tensors created.
  """
  return _gradients.summarize_gradients(grads_and_vars, '/')
