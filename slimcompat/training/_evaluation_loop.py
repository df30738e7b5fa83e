"""What `slimcompat.evaluation` adds: slim's classic evaluation entry points,
built on `training.evaluation` (`_monitored_evaluation.py`).

`evaluate_once` and `evaluation_loop` take slim's older argument names
(``initial_op``, ``eval_op``, ``final_op``, ``num_evals``, ...) and turn them
into a `Scaffold` and the hooks `StopAfterNEvalsHook(num_evals)` and (when
there is a summary to write) `SummaryAtEndHook(logdir)`.
"""

from slimcompat._compat import tf
from slimcompat.training import _monitored_evaluation

# Marks "argument not given": summary_op=None means "write no summaries".
_USE_DEFAULT = 0


def _hooks(num_evals, logdir, summary_op, summary_op_feed_dict, hooks):
  """The evaluation hooks: stop after `num_evals`, summarise, then `hooks`."""
  if summary_op is _USE_DEFAULT:
    summary_op = tf.summary.merge_all()
  all_hooks = [_monitored_evaluation.StopAfterNEvalsHook(num_evals)]
  if summary_op is not None:
    all_hooks.append(_monitored_evaluation.SummaryAtEndHook(
        log_dir=logdir, summary_op=summary_op, feed_dict=summary_op_feed_dict))
  if hooks is not None:
    all_hooks.extend(hooks)
  return all_hooks


def _scaffold(initial_op, initial_op_feed_dict, variables_to_restore,
              init_fn=None):
  """The Scaffold of an evaluation session: slim's initial op and feed, an
  optional init_fn and a Saver of `variables_to_restore` (None: all)."""
  saver = None
  if variables_to_restore is not None:
    saver = tf.train.Saver(variables_to_restore)
  return tf.train.Scaffold(init_op=initial_op,
                           init_feed_dict=initial_op_feed_dict,
                           init_fn=init_fn, saver=saver)


def _session_arguments(*, master, scaffold, eval_op, eval_op_feed_dict,
                       final_op, final_op_feed_dict, hooks, session_config):
  """slim's argument names turned into `training.evaluation`'s."""
  return dict(master=master, scaffold=scaffold, eval_ops=eval_op,
              feed_dict=eval_op_feed_dict, final_ops=final_op,
              final_ops_feed_dict=final_op_feed_dict, hooks=hooks,
              config=session_config)


def evaluate_once(master,
                  checkpoint_path,
                  logdir,
                  num_evals=1,
                  initial_op=None,
                  initial_op_feed_dict=None,
                  eval_op=None,
                  eval_op_feed_dict=None,
                  final_op=None,
                  final_op_feed_dict=None,
                  summary_op=_USE_DEFAULT,
                  summary_op_feed_dict=None,
                  variables_to_restore=None,
                  session_config=None,
                  hooks=None):
  """Evaluates the checkpoint at `checkpoint_path` once.

  Args:
    master: the address of the TensorFlow master.
    checkpoint_path: the checkpoint to restore.
    logdir: where the summaries are written.
    num_evals: how many times `eval_op` runs.
    initial_op: an op run when the session starts.
    initial_op_feed_dict: its feed dict.
    eval_op: the op(s) run `num_evals` times (metric updates).
    eval_op_feed_dict: its feed dict.
    final_op: the op(s) fetched once at the end; their value is returned.
    final_op_feed_dict: its feed dict.
    summary_op: the summary written at the end; default: all summaries of
      the graph; None: no summary.
    summary_op_feed_dict: its feed dict.
    variables_to_restore: the variables to restore; None: all.
    session_config: an optional `tf.compat.v1.ConfigProto`.
    hooks: more `SessionRunHook`s for the evaluation session.

  Returns:
    The value of `final_op`, or None without one.
  """
  # Built in tf-slim's order (summary merge, then saver) for the same graph.
  all_hooks = _hooks(num_evals, logdir, summary_op, summary_op_feed_dict, hooks)
  scaffold = _scaffold(initial_op, initial_op_feed_dict, variables_to_restore)
  return _monitored_evaluation.evaluate_once(
      checkpoint_path,
      **_session_arguments(
          master=master, scaffold=scaffold, eval_op=eval_op,
          eval_op_feed_dict=eval_op_feed_dict, final_op=final_op,
          final_op_feed_dict=final_op_feed_dict, hooks=all_hooks,
          session_config=session_config))


def evaluation_loop(master,
                    checkpoint_dir,
                    logdir,
                    num_evals=1,
                    initial_op=None,
                    initial_op_feed_dict=None,
                    init_fn=None,
                    eval_op=None,
                    eval_op_feed_dict=None,
                    final_op=None,
                    final_op_feed_dict=None,
                    summary_op=_USE_DEFAULT,
                    summary_op_feed_dict=None,
                    variables_to_restore=None,
                    eval_interval_secs=60,
                    max_number_of_evaluations=None,
                    session_config=None,
                    timeout=None,
                    timeout_fn=None,
                    hooks=None):
  """Evaluates each new checkpoint of `checkpoint_dir` as it appears.

  The arguments shared with `evaluate_once` mean the same, per evaluation;
  the others:

  Args:
    checkpoint_dir: the directory checkpoints are saved in.
    init_fn: optional ``init_fn(scaffold, sess)`` run after `initial_op`; it
      then has to restore the checkpoint itself.
    eval_interval_secs: the least number of seconds between evaluations.
    max_number_of_evaluations: stop after this many; None: never.
    timeout: the most seconds to wait for a new checkpoint; None: forever.
    timeout_fn: optional function called after a timeout; True ends the
      loop.

  Returns:
    The value of `final_op` of the last evaluation, or None.
  """
  all_hooks = _hooks(num_evals, logdir, summary_op, summary_op_feed_dict, hooks)
  scaffold = _scaffold(initial_op, initial_op_feed_dict, variables_to_restore,
                       init_fn=init_fn)
  return _monitored_evaluation.evaluate_repeatedly(
      checkpoint_dir,
      eval_interval_secs=eval_interval_secs,
      **_session_arguments(
          master=master, scaffold=scaffold, eval_op=eval_op,
          eval_op_feed_dict=eval_op_feed_dict, final_op=final_op,
          final_op_feed_dict=final_op_feed_dict, hooks=all_hooks,
          session_config=session_config),
      max_number_of_evaluations=max_number_of_evaluations,
      timeout=timeout,
      timeout_fn=timeout_fn)
