"""`evaluate_repeatedly`: evaluate every new checkpoint of a directory."""

import time

from slimcompat._compat import tf
from slimcompat.training import _checkpoint_wait
from slimcompat.training import _eval_hooks
from slimcompat.training import _eval_once
from slimcompat.training import _eval_step


def _utc_timestamp():
  return time.strftime('%Y-%m-%d-%H:%M:%S', time.gmtime())


def evaluate_repeatedly(checkpoint_dir,
                        master='',
                        scaffold=None,
                        eval_ops=None,
                        feed_dict=None,
                        final_ops=None,
                        final_ops_feed_dict=None,
                        eval_interval_secs=60,
                        hooks=None,
                        config=None,
                        max_number_of_evaluations=None,
                        timeout=None,
                        timeout_fn=None):
  """Waits for checkpoints in `checkpoint_dir` and evaluates each one.

  Each evaluation restores the checkpoint, runs `eval_ops` until a hook stops
  the session (typically a `StopAfterNEvalsHook`), then fetches `final_ops`.
  The batches are counted in the local variable of `get_or_create_eval_step`,
  so a custom ``scaffold.local_init_op`` must initialise it too.  Note that,
  as in tf-slim, a `hooks` list given here gets a `FinalOpsHook` appended.

  Args:
    checkpoint_dir: the directory checkpoints are saved in.
    master: the address of the TensorFlow master.
    scaffold: an optional `tf.compat.v1.train.Scaffold`; a custom `init_fn`
      in it must restore the checkpoint itself.
    eval_ops: a `Tensor`, a list of them or a dict of names to them, run
      until the session is asked to stop; None runs nothing.
    feed_dict: the feed dict for `eval_ops`.
    final_ops: a `Tensor`, a list or a dict of them, fetched after each
      evaluation.
    final_ops_feed_dict: the feed dict for `final_ops`.
    eval_interval_secs: the least number of seconds between evaluations.
    hooks: `SessionRunHook`s for the evaluation sessions.
    config: an optional `tf.compat.v1.ConfigProto`.
    max_number_of_evaluations: stop after this many; None: never.
    timeout: the most seconds to wait for a new checkpoint; None: forever.
    timeout_fn: optional function called after a timeout; True ends the
      loop, False keeps waiting.

  Returns:
    The `final_ops` values of the last evaluation, or None.
  """
  eval_step = _eval_step.get_or_create_eval_step()
  hooks = hooks or []

  if eval_ops is not None:
    update_eval_step = tf.assign_add(eval_step, 1)
    for hook in hooks:
      if isinstance(hook, _eval_hooks.StopAfterNEvalsHook):
        hook._set_evals_completed_tensor(update_eval_step)  # pylint: disable=protected-access
    eval_ops = _eval_once.with_eval_step_update(eval_ops, update_eval_step)

  final_ops_hook = tf.train.FinalOpsHook(final_ops, final_ops_feed_dict)
  hooks.append(final_ops_hook)

  num_evaluations = 0
  for checkpoint_path in _checkpoint_wait.checkpoints_iterator(
      checkpoint_dir,
      min_interval_secs=eval_interval_secs,
      timeout=timeout,
      timeout_fn=timeout_fn):
    session_creator = tf.train.ChiefSessionCreator(
        scaffold=scaffold,
        checkpoint_filename_with_path=checkpoint_path,
        master=master,
        config=config)
    with tf.train.MonitoredSession(
        session_creator=session_creator, hooks=hooks) as session:
      tf.logging.info('Starting evaluation at ' + _utc_timestamp())
      if eval_ops is not None:
        while not session.should_stop():
          session.run(eval_ops, feed_dict)
      tf.logging.info('Finished evaluation at ' + _utc_timestamp())
    num_evaluations += 1
    if (max_number_of_evaluations is not None and
        num_evaluations >= max_number_of_evaluations):
      break
  return final_ops_hook.final_ops_values
