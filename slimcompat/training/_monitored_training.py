"""What `slimcompat.training.training` builds and runs: the train op and the
loop on a `tf.compat.v1.train.MonitoredTrainingSession`.

`create_train_op` returns one tensor; fetching it runs, in order, the update
ops (batch norm moving averages and the like), the gradient computation, the
optimizer step (which also increments the global step) and a numerics check
of the loss, and yields the loss value from before the step.  The op names
(the ``update_barrier`` no-op, the ``train_op/`` scope and its
``control_dependency`` identity) are tf-slim's.

`train` leaves the work to TensorFlow's `MonitoredTrainingSession`: it
initialises or restores the model from `logdir`, saves checkpoints and
summaries through its default hooks, recovers from a lost parameter server
and runs the hooks that decide when to stop.  `slimcompat.learning` reuses
`create_train_op` under its own arguments (see `_supervised_training.py`).
"""

from slimcompat._colocation import identity_after
from slimcompat._compat import tf
from slimcompat.training import _gradients

# The default of `global_step`: "use (or create) the graph's global step".
# None means "do not increment any step", so a separate marker is needed.
USE_GLOBAL_STEP = 0
_USE_GLOBAL_STEP = USE_GLOBAL_STEP  # tf_slim's name for it


def _resolve_update_ops(update_ops):
  """The update ops to run before the loss; warns if some are left out."""
  collected = set(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
  chosen = collected if update_ops is None else set(update_ops)
  if not collected.issubset(chosen):
    tf.logging.warning('update_ops in create_train_op does not contain all the '
                       'update_ops in GraphKeys.UPDATE_OPS')
  return chosen


def _resolve_variables_to_train(variables_to_train):
  trainable = tf.trainable_variables()
  if variables_to_train is None:
    variables_to_train = trainable
  else:
    for var in variables_to_train:
      if not (var.trainable or var in trainable):
        raise AssertionError(
            'variables_to_train contains %s, which is not trainable; create '
            'it with trainable=True or leave it out.' % var.op.name)
  if not variables_to_train:
    raise AssertionError(
        'There are no variables to train: the graph has no trainable '
        'variables (or variables_to_train is empty).')
  return variables_to_train


def create_train_op(total_loss,
                    optimizer,
                    global_step=_USE_GLOBAL_STEP,
                    update_ops=None,
                    variables_to_train=None,
                    transform_grads_fn=None,
                    summarize_gradients=False,
                    gate_gradients=tf.train.Optimizer.GATE_OP,
                    aggregation_method=None,
                    colocate_gradients_with_ops=False,
                    check_numerics=True):
  """Builds the tensor that takes one optimizer step and returns the loss.

  Args:
    total_loss: the loss `Tensor` to minimise.
    optimizer: a `tf.compat.v1.train.Optimizer`.
    global_step: the step variable to increment; by default the graph's
      global step (created if missing); None increments nothing.
    update_ops: ops to run before each step; None means the UPDATE_OPS
      collection (a warning is logged if a list leaves some of it out).
    variables_to_train: the variables to update; None means all trainable
      variables.
    transform_grads_fn: optional function applied to the (gradient, variable)
      list before it is applied (clipping, scaling, ...).
    summarize_gradients: whether to add histogram and norm summaries of
      every gradient.
    gate_gradients: gradient gating (see `Optimizer.compute_gradients`).
    aggregation_method: how gradient terms are combined.
    colocate_gradients_with_ops: whether gradients go where their ops are.
    check_numerics: whether the step fails on a NaN or infinite loss.

  Returns:
    A `Tensor`: fetching it takes one step and yields the loss.

  Raises:
    AssertionError: if there is nothing to train, or a variable in
      `variables_to_train` is not trainable.
  """
  if global_step is _USE_GLOBAL_STEP:
    global_step = tf.train.get_or_create_global_step()

  update_ops = _resolve_update_ops(update_ops)
  if update_ops:
    with tf.control_dependencies(update_ops):
      barrier = tf.no_op(name='update_barrier')
    total_loss = identity_after([barrier], total_loss)

  variables_to_train = _resolve_variables_to_train(variables_to_train)
  grads = optimizer.compute_gradients(
      total_loss,
      variables_to_train,
      gate_gradients=gate_gradients,
      aggregation_method=aggregation_method,
      colocate_gradients_with_ops=colocate_gradients_with_ops)
  if transform_grads_fn:
    grads = transform_grads_fn(grads)
  if summarize_gradients:
    with tf.name_scope('summarize_grads'):
      _gradients.add_gradients_summaries(grads)

  grad_updates = optimizer.apply_gradients(grads, global_step=global_step)

  with tf.name_scope('train_op'):
    if check_numerics:
      total_loss = tf.check_numerics(total_loss, 'LossTensor is inf or nan')
    train_op = identity_after([grad_updates], total_loss)

  train_ops = tf.get_collection_ref(tf.GraphKeys.TRAIN_OP)
  if not any(op is train_op for op in train_ops):
    train_ops.append(train_op)
  return train_op


def _check_chief_can_write(logdir, is_chief, save_summaries_steps,
                           save_checkpoint_secs):
  """A chief without `logdir` has nowhere to save summaries or checkpoints."""
  if logdir is not None or not is_chief:
    return
  for option, value in (('save_summaries_steps', save_summaries_steps),
                        ('save_checkpoint_secs', save_checkpoint_secs)):
    if value:
      raise ValueError('logdir cannot be None when %s is not None: give a '
                       'logdir or pass %s=None.' % (option, option))


def _fetch_until_stopped(session, fetch, run_metadata):
  """Runs `fetch` in the monitored `session` until a hook stops it; returns
  the last value fetched (None if no run happened) and closes the session."""
  last = None
  with session:
    while not session.should_stop():
      last = session.run(fetch, run_metadata=run_metadata)
  return last


def train(train_op,
          logdir,
          master='',
          is_chief=True,
          scaffold=None,
          hooks=None,
          chief_only_hooks=None,
          save_checkpoint_secs=600,
          save_summaries_steps=100,
          config=None,
          max_wait_secs=7200,
          run_metadata=None):
  """Runs `train_op` until a hook (e.g. `StopAtStepHook`) asks to stop.

  Args:
    train_op: the `Tensor` from `create_train_op`.
    logdir: where checkpoints and summaries go (and are restored from).
    master: the address of the TensorFlow master ('' for in-process).
    is_chief: whether this replica initialises the model and saves it.
    scaffold: an optional `tf.compat.v1.train.Scaffold`.
    hooks: `SessionRunHook`s run by every replica.
    chief_only_hooks: `SessionRunHook`s run by the chief only.
    save_checkpoint_secs: seconds between checkpoints; None: no default saver.
    save_summaries_steps: steps between summaries; None: no default summary
      saver.
    config: an optional `tf.compat.v1.ConfigProto`.
    max_wait_secs: how long a non-chief waits for the chief's session.
    run_metadata: an optional `RunMetadata` filled by each step.

  Returns:
    The loss of the last step (None if no step ran).

  Raises:
    ValueError: if the chief has no `logdir` but is asked to save checkpoints
      or summaries.
  """
  _check_chief_can_write(logdir, is_chief, save_summaries_steps,
                         save_checkpoint_secs)
  # `logdir` is both where the session restores from and where its default
  # hooks write.
  session = tf.train.MonitoredTrainingSession(
      checkpoint_dir=logdir, master=master, is_chief=is_chief,
      scaffold=scaffold, hooks=hooks, chief_only_hooks=chief_only_hooks,
      save_checkpoint_secs=save_checkpoint_secs,
      save_summaries_steps=save_summaries_steps, config=config,
      max_wait_secs=max_wait_secs)
  return _fetch_until_stopped(session, train_op, run_metadata)
