"""`slimcompat.training.train`: the training loop on a MonitoredTrainingSession.

TensorFlow's `MonitoredTrainingSession` does the work: it initialises or
restores the model from `logdir`, saves checkpoints and summaries through
its default hooks, recovers from a lost parameter server and runs the hooks
that decide when to stop.  This loop just runs `train_op` until it says so.
"""

from slimcompat._compat import tf


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
  if logdir is None and is_chief:
    if save_summaries_steps:
      raise ValueError(
          'logdir cannot be None when save_summaries_steps is not None: give '
          'a logdir or pass save_summaries_steps=None.')
    if save_checkpoint_secs:
      raise ValueError(
          'logdir cannot be None when save_checkpoint_secs is not None: give '
          'a logdir or pass save_checkpoint_secs=None.')

  with tf.train.MonitoredTrainingSession(
      master=master,
      is_chief=is_chief,
      checkpoint_dir=logdir,
      scaffold=scaffold,
      hooks=hooks,
      chief_only_hooks=chief_only_hooks,
      save_checkpoint_secs=save_checkpoint_secs,
      save_summaries_steps=save_summaries_steps,
      config=config,
      max_wait_secs=max_wait_secs) as session:
    loss = None
    while not session.should_stop():
      loss = session.run(train_op, run_metadata=run_metadata)
  return loss
