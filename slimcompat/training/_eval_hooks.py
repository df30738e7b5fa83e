"""Session hooks of the evaluation loops: stop after N batches, summarise at end."""

import math

from slimcompat._compat import tf


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
    self._summary_op = summary_op
    self._replace_summary_op = summary_op is None
    self._feed_dict = feed_dict
    self._summary_writer = summary_writer
    self._log_dir = log_dir
    if self._log_dir is None and self._summary_writer is None:
      raise ValueError('One of log_dir or summary_writer should be used: pass '
                       'the directory to write the summary events to.')

  def begin(self):
    if self._replace_summary_op:
      # Stays None when the graph has no summaries.
      self._summary_op = tf.summary.merge_all()
    self._global_step = tf.train.get_or_create_global_step()

  def after_create_session(self, session, coord):
    if self._summary_writer is None and self._log_dir:
      self._summary_writer = tf.summary.FileWriterCache.get(self._log_dir)

  def end(self, session):
    if self._summary_op is not None:
      step = tf.train.global_step(session, self._global_step)
      summary = session.run(self._summary_op, self._feed_dict)
      if self._summary_writer:
        self._summary_writer.add_summary(summary, step)
    if self._summary_writer:
      self._summary_writer.flush()
