"""The evaluation step: a local counter of how many eval batches have run."""

from slimcompat._compat import tf


def get_or_create_eval_step():
  """Returns the graph's evaluation step counter, creating it if missing.

  The counter is an int64 scalar variable ``eval_step`` (in the current
  variable scope) in the LOCAL_VARIABLES and EVAL_STEP collections, so it is
  reset by the local variables initializer and never saved in checkpoints.

  Returns:
    The counter variable.

  Raises:
    ValueError: if the EVAL_STEP collection holds more than one tensor.
  """
  graph = tf.get_default_graph()
  found = graph.get_collection(tf.GraphKeys.EVAL_STEP)
  if len(found) > 1:
    raise ValueError(
        'Multiple tensors added to tf.GraphKeys.EVAL_STEP (%d): keep a single '
        'evaluation step counter per graph.' % len(found))
  if found:
    return found[0]
  return tf.get_variable(
      'eval_step',
      shape=[],
      dtype=tf.int64,
      initializer=tf.zeros_initializer(),
      trainable=False,
      collections=[tf.GraphKeys.LOCAL_VARIABLES, tf.GraphKeys.EVAL_STEP])


def eval_step_after(ops):
  """The eval step's value read after `ops` (a list or a dict of them) ran."""
  if isinstance(ops, dict):
    ops = list(ops.values())
  with tf.control_dependencies(ops):
    return tf.identity(get_or_create_eval_step().read_value())
