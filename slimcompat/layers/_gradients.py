"""Helpers of the layers that define their own gradients (rev_block, recompute_grad)."""

import functools

from slimcompat import _compat
from slimcompat._compat import tf
from slimcompat._compat import tf2


def gradients(ys, xs, grad_ys=None, stop_gradients=None):
  """Symbolic gradients, built by the function tf-slim would pick.

  tf-slim's custom gradients call `tf.gradients` when TF2 behaviour is on and
  `tf.compat.v1.gradients` after `disable_v2_behavior()`; the two differ in
  how they treat unconnected inputs and integer tensors.
  """
  build = tf2.gradients if _compat.tf2_behavior_enabled() else tf.gradients
  return build(ys, xs, grad_ys, stop_gradients=stop_gradients)


def wraps_if_possible(fn):
  """`functools.wraps(fn)`, or a no-op for a `functools.partial` (no name)."""
  if isinstance(fn, functools.partial):
    return lambda wrapper: wrapper
  return functools.wraps(fn)
