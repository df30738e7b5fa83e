"""Deciding a predicate while the graph is built, when only constants feed it.

TensorFlow's own `smart_cond`, which tf-slim's layer-class based layers
inherit, folds a predicate such as ``tf.logical_not(tf.constant(False))``
into a Python bool; `fold_constant` gives slimcompat's layers the same
decision.
"""

from slimcompat._compat import tf

# Ops whose value is known only at run time, even without inputs: a
# predicate that depends on one is never folded.
_RUN_TIME_OPS = frozenset([
    'Placeholder', 'PlaceholderV2', 'PlaceholderWithDefault', 'If', 'While',
    'StatelessIf', 'StatelessWhile', 'PartitionedCall',
    'StatefulPartitionedCall', 'Case', 'StatelessCase'
])


def _only_constants_feed(tensor, max_ops):
  """Whether a small stateless subgraph without run-time ops makes `tensor`."""
  visited = set()
  pending = [tensor.op]
  while pending:
    op = pending.pop()
    if op.name in visited:
      continue
    visited.add(op.name)
    if len(visited) > max_ops:
      return False
    if op.type in _RUN_TIME_OPS or op.op_def.is_stateful or op.control_inputs:
      return False
    pending.extend(source.op for source in op.inputs)
  return True


def fold_constant(tensor, max_ops=64):
  """The value of `tensor` if only constants feed it, else None.

  A subgraph of at most `max_ops` stateless ops is evaluated once, in a
  throw-away session on the tensor's graph.
  """
  value = tf.get_static_value(tensor)
  if value is not None:
    return value
  if not _only_constants_feed(tensor, max_ops):
    return None
  try:
    with tf.Session(graph=tensor.graph) as sess:
      return sess.run(tensor)
  except (tf.errors.OpError, ValueError, TypeError):
    return None
