"""The global step helpers of slim's variables API (thin, on tf.compat.v1.train)."""

from slimcompat._compat import tf


def assert_global_step(global_step_tensor):
  """Raises TypeError unless `global_step_tensor` is a scalar integer
  variable or tensor usable as a global step."""
  tf.train.assert_global_step(global_step_tensor)


def assert_or_get_global_step(graph=None, global_step_tensor=None):
  """Checks `global_step_tensor`, or finds the graph's global step when None.

  Args:
    graph: the graph to search when `global_step_tensor` is None.
    global_step_tensor: a candidate global step to validate.

  Returns:
    The global step tensor, or None when none was given or found.
  """
  if global_step_tensor is None:
    return get_global_step(graph)
  assert_global_step(global_step_tensor)
  return global_step_tensor


def get_global_step(graph=None):
  """Returns the global step of `graph` (default graph), or None."""
  return tf.train.get_global_step(graph)


def create_global_step(graph=None):
  """Creates the global step of `graph`; ValueError if it already has one."""
  return tf.train.create_global_step(graph)


def get_or_create_global_step(graph=None):
  """Returns the global step of `graph`, creating it when missing."""
  return tf.train.get_or_create_global_step(graph)
