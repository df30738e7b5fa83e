"""Argument checks of `slimcompat.learning.train`, done before anything is
added to the graph or written to disk (the exception classes are tf-slim's)."""

from slimcompat._compat import tf

# Marks "argument not given" where None has its own meaning.
USE_DEFAULT = 0


def is_default(value):
  return value is USE_DEFAULT  # pylint: disable=literal-comparison


def check_arguments(train_op, logdir, summary_op, saver, trace_every_n_steps,
                    sync_optimizer, startup_delay_steps, number_of_steps):
  """Raises ValueError for argument combinations `train` cannot honour."""
  if train_op is None:
    raise ValueError('train_op cannot be None: pass the tensor returned by '
                     'create_train_op.')
  if logdir is None:
    if not is_default(summary_op):
      raise ValueError('Cannot provide summary_op because logdir=None: '
                       'summaries are written to logdir.')
    if saver is not None:
      raise ValueError('Cannot provide saver because logdir=None: '
                       'checkpoints are written to logdir.')
    if trace_every_n_steps is not None:
      raise ValueError('Cannot provide trace_every_n_steps because '
                       'logdir=None: traces are written to logdir.')
  if sync_optimizer is not None and startup_delay_steps > 0:
    raise ValueError(
        'startup_delay_steps must be zero when sync_optimizer is supplied.')
  if number_of_steps is not None and number_of_steps <= 0:
    raise ValueError(
        '`number_of_steps` must be either None or a positive number, got %r.'
        % (number_of_steps,))


def check_train_op(train_op, graph):
  """Rejects a `train_op` that `Session.run` could not fetch, before anything
  is built or written (the classes are those `Session.run` would raise)."""
  if isinstance(train_op, (list, tuple, dict)):
    return  # a fetch structure; Session.run checks its members
  try:
    graph.as_graph_element(train_op, allow_tensor=True, allow_operation=True)
  except TypeError as err:
    raise TypeError(
        'train_op must be the Tensor returned by create_train_op (or another '
        'tensor or op of the training graph), got %r: %s' % (train_op, err)
    ) from None
  except (KeyError, ValueError) as err:
    # Session.run reports a name not in the graph (KeyError) as ValueError.
    raise ValueError(
        'train_op %r is not a tensor or op of the training graph (build it in '
        'the graph you train, or pass that graph as `graph`): %s'
        % (train_op, err)) from None


def as_sync_optimizers(sync_optimizer):
  """`sync_optimizer` as a list (or None).

  Checked before anything is added to the graph.  A single object that is
  not an optimizer list raises TypeError and a list with a wrong member
  ValueError, as in tf-slim.
  """
  if sync_optimizer is None:
    return None
  if isinstance(sync_optimizer, tf.train.SyncReplicasOptimizer):
    return [sync_optimizer]
  try:
    optimizers = list(sync_optimizer)
  except TypeError:
    raise TypeError(
        '`sync_optimizer` must be a tf.train.SyncReplicasOptimizer or a list '
        'of them, got %s; wrap your optimizer in '
        'tf.compat.v1.train.SyncReplicasOptimizer.'
        % type(sync_optimizer).__name__) from None
  for opt in optimizers:
    if not isinstance(opt, tf.train.SyncReplicasOptimizer):
      raise ValueError(
          '`sync_optimizer` must be a tf.train.SyncReplicasOptimizer (or a '
          'list of them), got %s.' % type(opt).__name__)
  return optimizers
