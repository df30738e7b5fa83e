"""Helpers shared by the layer files (private to slimcompat.layers)."""

import functools

from slimcompat import _compat
from slimcompat._compat import tf
from slimcompat._compat import tf2

DATA_FORMAT_NCHW = 'NCHW'
DATA_FORMAT_NHWC = 'NHWC'
DATA_FORMAT_NCDHW = 'NCDHW'
DATA_FORMAT_NDHWC = 'NDHWC'


def assign_moving_average(variable, value, decay):
  """Moves `variable` towards `value`: ``variable -= (variable - value) * (1 - decay)``.

  Builds the same ops, under the same names, as TensorFlow's (private)
  `assign_moving_average` without zero-debiasing, outside any distribution
  strategy.

  Args:
    variable: the variable holding the average.
    value: a tensor of the variable's shape.
    decay: a float or float scalar tensor.

  Returns:
    The updated value (reading it runs the update).
  """
  with tf.name_scope(None, 'AssignMovingAvg', [variable, value, decay]) as scope:
    rate = tf.convert_to_tensor(1.0 - decay, name='decay')
    if rate.dtype != variable.dtype.base_dtype:
      rate = tf.cast(rate, variable.dtype.base_dtype)
    return tf.assign_sub(variable, (variable - value) * rate, name=scope)


def gradients(ys, xs, grad_ys=None, stop_gradients=None):
  """`tf.gradients` under TF2 behaviour, `tf.compat.v1.gradients` after
  `disable_v2_behavior()`: the choice tf-slim makes in its custom gradients."""
  build = tf2.gradients if _compat.tf2_behavior_enabled() else tf.gradients
  return build(ys, xs, grad_ys, stop_gradients=stop_gradients)


def wraps_if_possible(fn):
  """`functools.wraps(fn)`, or a no-op for objects without a name to copy
  (functools.partial)."""
  if isinstance(fn, functools.partial):
    return lambda wrapper: wrapper
  return functools.wraps(fn)
