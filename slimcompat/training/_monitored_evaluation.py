"""What `slimcompat.training.evaluation` builds and runs: the evaluation step,
the evaluation hooks and the loops that evaluate one checkpoint or each new one.

The batches of an evaluation are counted in a local ``eval_step`` variable
(`get_or_create_eval_step`); `StopAfterNEvalsHook` reads it after every run
and stops the session after N batches.  `evaluate_once` restores one
checkpoint in a `MonitoredSession` and runs the eval ops until a hook stops
it, then fetches the final ops (a `FinalOpsHook`); `evaluate_repeatedly` does
the same for each checkpoint `checkpoints_iterator` finds.
`SummaryAtEndHook` writes the summaries of a finished evaluation.
"""

import math
import time

from slimcompat._compat import tf
from slimcompat.training import _checkpoint_wait


# ------------------------------------------------------------- eval step


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


# ------------------------------------------------------------------ hooks


class StopAfterNEvalsHook(tf.train.SessionRunHook):
  """Asks the session to stop once `num_evals` evaluation batches have run.

  The evaluation functions (`evaluate_once`, `evaluate_repeatedly`) give the
  hook the tensor that counts batches; it reads it after every run and logs
  ``Evaluation [n/N]`` (every run for fewer than 20 evaluations, about every
  tenth of them otherwise).
  """

  def __init__(self, num_evals, log_progress=True):
    """Creates the hook.

    Args:
      num_evals: the number of batches to run; None runs until the input is
        exhausted.
      log_progress: whether to log the progress.
    """
    self._num_evals = num_evals
    self._evals_completed = None
    self._log_progress = log_progress
    if num_evals is None or num_evals < 20:
      self._log_frequency = 1
    else:
      self._log_frequency = math.floor(num_evals / 10.)

  def _set_evals_completed_tensor(self, updated_eval_step):
    """Sets the tensor whose value is the number of batches run so far."""
    self._evals_completed = updated_eval_step

  def before_run(self, run_context):
    return tf.train.SessionRunArgs({'evals_completed': self._evals_completed})

  def after_run(self, run_context, run_values):
    done = run_values.results['evals_completed']
    if self._log_progress:
      if self._num_evals is None:
        tf.logging.info('Evaluation [%d]', done)
      elif done % self._log_frequency == 0 or done == self._num_evals:
        tf.logging.info('Evaluation [%d/%d]', done, self._num_evals)
    if self._num_evals is not None and done >= self._num_evals:
      run_context.request_stop()


class SummaryAtEndHook(tf.train.SessionRunHook):
  """Writes one summary, at the global step of the model, when a session ends."""

  def __init__(self,
               log_dir=None,
               summary_writer=None,
               summary_op=None,
               feed_dict=None):
    """Creates the hook.

    Args:
      log_dir: where the events go, when no `summary_writer` is given.
      summary_writer: a `tf.compat.v1.summary.FileWriter` to write with.
      summary_op: the summary to run; None merges every summary of the graph
        (the SUMMARIES collection) when the session begins.
      feed_dict: an optional feed dict for running `summary_op`.

    Raises:
      ValueError: if neither `log_dir` nor `summary_writer` is given.
    """
    if log_dir is None and summary_writer is None:
      raise ValueError('One of log_dir or summary_writer should be used: pass '
                       'the directory to write the summary events to.')
    # The writer for `log_dir` is looked up once the session exists.
    self._log_dir, self._summary_writer = log_dir, summary_writer
    self._summary_op, self._feed_dict = summary_op, feed_dict
    self._replace_summary_op = summary_op is None

  def begin(self):
    if self._replace_summary_op:
      # Stays None when the graph has no summaries.
      self._summary_op = tf.summary.merge_all()
    self._global_step = tf.train.get_or_create_global_step()

  def after_create_session(self, session, coord):
    if self._summary_writer is None and self._log_dir:
      self._summary_writer = tf.summary.FileWriterCache.get(self._log_dir)

  def _summary_and_step(self, session):
    """The serialized summary and the global step it belongs to (the step is
    read first, as tf-slim does)."""
    step = tf.train.global_step(session, self._global_step)
    return session.run(self._summary_op, self._feed_dict), step

  def end(self, session):
    writer = self._summary_writer
    written = None
    if self._summary_op is not None:
      written = self._summary_and_step(session)
    if not writer:
      return
    if written is not None:
      writer.add_summary(*written)
    writer.flush()


# ------------------------------------------------------------------ loops


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


def _timestamp(separator, clock=time.localtime):
  """Now as ``YYYY-mm-dd<separator>HH:MM:SS`` (local time by default)."""
  return time.strftime('%Y-%m-%d' + separator + '%H:%M:%S', clock())


def _tell_stop_hooks(hooks, evals_done):
  """Gives each `StopAfterNEvalsHook` the tensor that counts batches."""
  for hook in hooks:
    if isinstance(hook, StopAfterNEvalsHook):
      hook._set_evals_completed_tensor(evals_done)


def _restoring_session(checkpoint_path, scaffold, master, config, hooks):
  """A `MonitoredSession` that starts from `checkpoint_path`."""
  creator = tf.train.ChiefSessionCreator(
      scaffold=scaffold, checkpoint_filename_with_path=checkpoint_path,
      master=master, config=config)
  return tf.train.MonitoredSession(session_creator=creator, hooks=hooks)


def _run_until_stopped(session, eval_ops, feed_dict):
  if eval_ops is None:
    return
  while not session.should_stop():
    session.run(eval_ops, feed_dict)


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
  eval_step = get_or_create_eval_step()
  hooks = list(hooks or [])
  if eval_ops is not None:
    # A locked increment, and the hooks read the counter after all eval ops.
    eval_ops = with_eval_step_update(
        eval_ops, tf.assign_add(eval_step, 1, use_locking=True))
    _tell_stop_hooks(hooks, eval_step_after(eval_ops))

  tf.logging.info('Starting evaluation at ' + _timestamp('T'))
  started = time.time()
  final_ops_hook = tf.train.FinalOpsHook(final_ops, final_ops_feed_dict)
  session = _restoring_session(checkpoint_path, scaffold, master, config,
                               hooks + [final_ops_hook])
  with session:
    _run_until_stopped(session, eval_ops, feed_dict)
  tf.logging.info('Inference Time : {:0.5f}s'.format(time.time() - started))
  tf.logging.info('Finished evaluation at ' + _timestamp('-'))
  return final_ops_hook.final_ops_values


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

  Each evaluation is one `evaluate_once` of the new checkpoint, and the
  arguments shared with it mean the same.  Note that, as in tf-slim, a `hooks`
  list given here gets a `FinalOpsHook` appended.  The others:

  Args:
    checkpoint_dir: the directory checkpoints are saved in.
    eval_interval_secs: the least number of seconds between evaluations.
    max_number_of_evaluations: stop after this many; None: never.
    timeout: the most seconds to wait for a new checkpoint; None: forever.
    timeout_fn: optional function called after a timeout; True ends the
      loop, False keeps waiting.

  Returns:
    The `final_ops` values of the last evaluation, or None.
  """
  eval_step = get_or_create_eval_step()
  # As in tf-slim the caller's list itself gets the FinalOpsHook appended.
  hooks = hooks or []
  if eval_ops is not None:
    update_eval_step = tf.assign_add(eval_step, 1)
    _tell_stop_hooks(hooks, update_eval_step)
    eval_ops = with_eval_step_update(eval_ops, update_eval_step)
  final_ops_hook = tf.train.FinalOpsHook(final_ops, final_ops_feed_dict)
  hooks.append(final_ops_hook)

  checkpoints = _checkpoint_wait.checkpoints_iterator(
      checkpoint_dir, min_interval_secs=eval_interval_secs, timeout=timeout,
      timeout_fn=timeout_fn)
  for done, checkpoint_path in enumerate(checkpoints, 1):
    with _restoring_session(checkpoint_path, scaffold, master, config,
                            hooks) as session:
      tf.logging.info('Starting evaluation at ' + _timestamp('-', time.gmtime))
      _run_until_stopped(session, eval_ops, feed_dict)
      tf.logging.info('Finished evaluation at ' + _timestamp('-', time.gmtime))
    if max_number_of_evaluations is not None and (
        done >= max_number_of_evaluations):
      break
  return final_ops_hook.final_ops_values
