"""Ops placed with a variable or tensor, quietly, in graphs and eagerly.

``tf.compat.v1.colocate_with`` logs a deprecation notice that would point into
slimcompat; the graph's own ``colocate_with`` is the public, quiet spelling but
needs a graph op, which an eager variable does not have (the TF2 bridge runs
slim layers eagerly).  Eagerly, colocation means "on the same device", which is
what TensorFlow itself does there.
"""

from slimcompat._compat import tf


def colocated_with(op_or_tensor):
  """A context in which new ops are placed with `op_or_tensor`."""
  if tf.executing_eagerly():
    return tf.device(op_or_tensor.device)
  return tf.get_default_graph().colocate_with(op_or_tensor)


def identity_after(dependencies, tensor):
  """`tensor` through an identity, placed with it, that first runs
  `dependencies`: named ``control_dependency`` in the current name scope, as
  tf-slim's train ops and optimize_loss name it."""
  with tf.name_scope(None, 'control_dependency',
                     list(dependencies) + [tensor]) as name:
    with colocated_with(tensor), tf.control_dependencies(dependencies):
      return tf.identity(tensor, name=name)
