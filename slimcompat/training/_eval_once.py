"""`evaluate_once`: restore one checkpoint, run the eval ops, fetch final ops."""

import time

from slimcompat._compat import tf
from slimcompat.training import _eval_hooks
from slimcompat.training import _eval_step


def with_eval_step_update(eval_ops, update_eval_step):
  """`eval_ops` extended so that each run also increments the eval step.

  A dict gets the key ``update_eval_step`` (in place, as tf-slim does), a
  list or tuple becomes a longer list, a single op a pair.
  """
  if isinstance(eval_ops, dict):
    eval_ops['update_eval_step'] = update_eval_step
    return eval_ops
  if isinstance(eval_ops, (tuple, list)):
    return list(eval_ops) + [update_eval_step]
  return [eval_ops, update_eval_step]


def _timestamp(separator):
  return time.strftime('%Y-%m-%d' + separator + '%H:%M:%S', time.localtime())


def evaluate_once(checkpoint_path,
                  master='',
                  scaffold=None,
                  eval_ops=None,
                  feed_dict=None,
                  final_ops=None,
                  final_ops_feed_dict=None,
                  hooks=None,
                  config=None):
  """Evaluates the model stored at `checkpoint_path`, once.

  `eval_ops` run until a hook stops the session (typically a
  `StopAfterNEvalsHook`); then `final_ops` are fetched once.  The number of
  batches is counted in the local variable of `get_or_create_eval_step`, so
  a custom ``scaffold.local_init_op`` must initialise it too.

  Args:
    checkpoint_path: the checkpoint to restore.
    master: the address of the TensorFlow master.
    scaffold: an optional `tf.compat.v1.train.Scaffold`; a custom `init_fn`
      in it must restore the checkpoint itself.
    eval_ops: a `Tensor`, a list of them or a dict of names to them, run
      until the session is asked to stop; None runs nothing.
    feed_dict: the feed dict for `eval_ops`.
    final_ops: a `Tensor`, a list or a dict of them, fetched at the end.
    final_ops_feed_dict: the feed dict for `final_ops`.
    hooks: `SessionRunHook`s for the evaluation session.
    config: an optional `tf.compat.v1.ConfigProto`.

  Returns:
    The fetched `final_ops` (same structure), or None without `final_ops`.
  """
  eval_step = _eval_step.get_or_create_eval_step()
  hooks = list(hooks or [])

  if eval_ops is not None:
    update_eval_step = tf.assign_add(eval_step, 1, use_locking=True)
    eval_ops = with_eval_step_update(eval_ops, update_eval_step)
    evals_done = _eval_step.eval_step_after(eval_ops)
    for hook in hooks:
      if isinstance(hook, _eval_hooks.StopAfterNEvalsHook):
        hook._set_evals_completed_tensor(evals_done)  # pylint: disable=protected-access

  tf.logging.info('Starting evaluation at ' + _timestamp('T'))
  start = time.time()
  session_creator = tf.train.ChiefSessionCreator(
      scaffold=scaffold,
      checkpoint_filename_with_path=checkpoint_path,
      master=master,
      config=config)
  final_ops_hook = tf.train.FinalOpsHook(final_ops, final_ops_feed_dict)
  hooks.append(final_ops_hook)

  with tf.train.MonitoredSession(
      session_creator=session_creator, hooks=hooks) as session:
    if eval_ops is not None:
      while not session.should_stop():
        session.run(eval_ops, feed_dict)
  tf.logging.info('Inference Time : {:0.5f}s'.format(time.time() - start))
  tf.logging.info('Finished evaluation at ' + _timestamp('-'))
  return final_ops_hook.final_ops_values
