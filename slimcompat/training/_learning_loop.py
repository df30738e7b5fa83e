"""`slimcompat.learning.train`: slim's training loop on a `tf.compat.v1.train.Supervisor`.

The Supervisor initialises the model or restores it from the newest
checkpoint in `logdir`, and on the chief runs the standard services: a
thread that saves ``model.ckpt-<global step>`` every `save_interval_secs` and
one that writes the summaries every `save_summaries_secs`.  The loop calls
`train_step_fn` until it (or the Supervisor) says stop, saves a final
checkpoint, and starts over when a distributed server restarts (AbortedError).
"""

import os
import sys

from slimcompat._compat import tf
from slimcompat.training import _learning_args
from slimcompat.training import _learning_step

_USE_DEFAULT = _learning_args.USE_DEFAULT
_is_default = _learning_args.is_default


def _init_ops(init_op, ready_op, local_init_op, sync_optimizers, is_chief):
  """(init_op, ready_op, local_init_op, ready_for_local_init_op), defaults
  filled in; built in the ``init_ops`` name scope."""
  with tf.name_scope('init_ops'):
    if _is_default(init_op):
      init_op = tf.global_variables_initializer()
    if _is_default(ready_op):
      ready_op = tf.report_uninitialized_variables()
    if _is_default(local_init_op):
      local_init_op = tf.group(tf.local_variables_initializer(),
                               tf.tables_initializer())
    ready_for_local_init_op = None
    if sync_optimizers is not None:
      # Each replica's local step must be set up after the local variables.
      with tf.control_dependencies(
          [local_init_op] if local_init_op is not None else []):
        if is_chief:
          local_init_op = tf.group(
              *[opt.chief_init_op for opt in sync_optimizers])
        else:
          local_init_op = tf.group(
              *[opt.local_step_init_op for opt in sync_optimizers])
      ready_for_local_init_op = tf.concat(
          [opt.ready_for_local_init_op for opt in sync_optimizers], axis=0)
  return init_op, ready_op, local_init_op, ready_for_local_init_op


def _default_step_kwargs(global_step, number_of_steps, log_every_n_steps,
                         is_chief, trace_every_n_steps, logdir):
  """The ``should_stop`` / ``should_log`` / ``should_trace`` tensors."""
  with tf.name_scope('train_step'):
    kwargs = {}
    if number_of_steps:
      kwargs['should_stop'] = tf.greater_equal(global_step, number_of_steps)
    else:
      kwargs['should_stop'] = tf.constant(False)
    if log_every_n_steps > 0:
      kwargs['should_log'] = tf.equal(
          tf.mod(global_step, log_every_n_steps), 0)
    if is_chief and trace_every_n_steps is not None:
      kwargs['should_trace'] = tf.equal(
          tf.mod(global_step, trace_every_n_steps), 0)
      kwargs['logdir'] = logdir
  return kwargs


def _keep_final_checkpoint_newest(saver, final_path):
  """Makes `final_path` the newest checkpoint of its directory again.

  The Supervisor's checkpoint thread may still be saving when training ends;
  finishing after the final save, it would leave an older step as the newest
  checkpoint, and a restart would resume from there.  Only the `checkpoint`
  state file is rewritten, with the paths the saver itself keeps.
  """
  save_dir = os.path.dirname(final_path)
  latest = tf.train.latest_checkpoint(save_dir)
  if latest and os.path.basename(latest) == os.path.basename(final_path):
    return
  others = [path for path in saver.last_checkpoints if path != final_path]
  tf.train.update_checkpoint_state(
      save_dir, final_path, all_model_checkpoint_paths=others + [final_path])


def train(train_op,
          logdir,
          train_step_fn=_learning_step.train_step,
          train_step_kwargs=_USE_DEFAULT,
          log_every_n_steps=1,
          graph=None,
          master='',
          is_chief=True,
          global_step=None,
          number_of_steps=None,
          init_op=_USE_DEFAULT,
          init_feed_dict=None,
          local_init_op=_USE_DEFAULT,
          init_fn=None,
          ready_op=_USE_DEFAULT,
          summary_op=_USE_DEFAULT,
          save_summaries_secs=600,
          summary_writer=_USE_DEFAULT,
          startup_delay_steps=0,
          saver=None,
          save_interval_secs=600,
          sync_optimizer=None,
          session_config=None,
          session_wrapper=None,
          trace_every_n_steps=None,
          ignore_live_threads=False):
  """Trains by running `train_op` under a `tf.compat.v1.train.Supervisor`.

  Without `sync_optimizer` replicas apply their gradients asynchronously;
  with it, through the `SyncReplicasOptimizer`'s token queues.

  Args:
    train_op: the tensor from `create_train_op` (its value is the loss).
    logdir: where checkpoints and summaries go and are restored from; None
      writes nothing (and then `summary_op`, `saver` and
      `trace_every_n_steps` must be left unset).
    train_step_fn: called as ``train_step_fn(sess, train_op, global_step,
      train_step_kwargs)`` for each step; returns (loss, should_stop).
    train_step_kwargs: the dict passed to `train_step_fn`; by default holds
      the ``should_stop`` and ``should_log`` (and ``should_trace``) tensors.
    log_every_n_steps: log the loss every this many global steps.
    graph: the graph to train; default: the default graph.
    master: the address of the TensorFlow master.
    is_chief: whether this replica initialises, saves and summarises.
    global_step: the global step tensor; default: the graph's (created if
      missing).
    number_of_steps: stop once the global step reaches it; None: never.
    init_op: initialises the model; default: all global variables.  None
      initialises nothing.
    init_feed_dict: a feed dict for `init_op`.
    local_init_op: initialises local state; default: local variables and
      tables.
    init_fn: called as ``init_fn(sess)`` after `init_op` (warm starts).
    ready_op: tells whether the model is ready; default: reports the
      uninitialised variables.
    summary_op: the summary to write; default: all summaries of the graph.
    save_summaries_secs: seconds between summaries.
    summary_writer: the writer to use; None: no summaries; default: one for
      `logdir`.
    startup_delay_steps: a non-chief replica waits until the global step
      reaches this (must be 0 with `sync_optimizer`).
    saver: the checkpoint saver; None: a default `Saver`.
    save_interval_secs: seconds between checkpoints.
    sync_optimizer: a `tf.compat.v1.train.SyncReplicasOptimizer` or a list
      of them, for synchronous replica training.
    session_config: an optional `tf.compat.v1.ConfigProto`.
    session_wrapper: optional function wrapping the session before training.
    trace_every_n_steps: save a Chrome trace of every n-th step to `logdir`
      (chief only); None: no traces.
    ignore_live_threads: whether to ignore threads that do not stop in time
      at the end (instead of raising RuntimeError).

  Returns:
    The loss of the last step (None if no step ran).

  Raises:
    ValueError: if `train_op` is None, `number_of_steps` is not positive,
      `startup_delay_steps` is non-zero with a `sync_optimizer`, the
      `sync_optimizer` has the wrong type, or `logdir` is None while
      `summary_op`, `saver` or `trace_every_n_steps` is set.
  """
  _learning_args.check_arguments(
      train_op, logdir, summary_op, saver, trace_every_n_steps,
      sync_optimizer, startup_delay_steps, number_of_steps)
  sync_optimizers = _learning_args.as_sync_optimizers(sync_optimizer)

  graph = graph or tf.get_default_graph()
  _learning_args.check_train_op(train_op, graph)
  with graph.as_default():
    if global_step is None:
      global_step = tf.train.get_or_create_global_step()
    saver = saver or tf.train.Saver()
    init_op, ready_op, local_init_op, ready_for_local_init_op = _init_ops(
        init_op, ready_op, local_init_op, sync_optimizers, is_chief)
    if _is_default(summary_op):
      summary_op = tf.summary.merge_all()
    if _is_default(summary_writer):
      summary_writer = tf.train.Supervisor.USE_DEFAULT
    if is_chief and sync_optimizers is not None:
      # Built before the Supervisor finalises the graph.
      init_tokens_op = [opt.get_init_tokens_op() for opt in sync_optimizers]
      chief_queue_runner = [
          opt.get_chief_queue_runner() for opt in sync_optimizers]
    if _is_default(train_step_kwargs):
      train_step_kwargs = _default_step_kwargs(
          global_step, number_of_steps, log_every_n_steps, is_chief,
          trace_every_n_steps, logdir)

  sv = tf.train.Supervisor(
      graph=graph,
      is_chief=is_chief,
      logdir=logdir,
      init_op=init_op,
      init_feed_dict=init_feed_dict,
      local_init_op=local_init_op,
      ready_for_local_init_op=ready_for_local_init_op,
      ready_op=ready_op,
      summary_op=summary_op,
      summary_writer=summary_writer,
      global_step=global_step,
      saver=saver,
      save_summaries_secs=save_summaries_secs,
      save_model_secs=save_interval_secs,
      init_fn=init_fn)

  if summary_writer is not None:
    train_step_kwargs['summary_writer'] = sv.summary_writer

  total_loss = None
  should_retry = True
  while should_retry:
    should_retry = False
    try:
      with sv.managed_session(
          master, start_standard_services=False, config=session_config) as sess:
        tf.logging.info('Starting Session.')
        if session_wrapper is not None:
          tf.logging.info('Wrapping session with wrapper function: %s',
                          session_wrapper)
          sess = session_wrapper(sess)
        if is_chief:
          if logdir:
            sv.start_standard_services(sess)
        elif startup_delay_steps > 0:
          _learning_step.wait_for_step(
              sess, global_step,
              min(startup_delay_steps, number_of_steps or sys.maxsize))
        threads = sv.start_queue_runners(sess)
        tf.logging.info('Starting Queues.')
        if is_chief and sync_optimizers is not None:
          sv.start_queue_runners(sess, chief_queue_runner)
          sess.run(init_tokens_op)
        try:
          while not sv.should_stop():
            total_loss, should_stop = train_step_fn(
                sess, train_op, global_step, train_step_kwargs)
            if should_stop:
              tf.logging.info('Stopping Training.')
              sv.request_stop()
              break
        except tf.errors.OutOfRangeError as e:
          # The input ran out of epochs (tf.train.limit_epochs): a normal end.
          tf.logging.info('Caught OutOfRangeError. Stopping Training. %s', e)
        if logdir and sv.is_chief:
          tf.logging.info('Finished training! Saving model to disk.')
          final_path = sv.saver.save(sess, sv.save_path,
                                     global_step=sv.global_step)
          sv.stop(threads, close_summary_writer=True,
                  ignore_live_threads=ignore_live_threads)
          _keep_final_checkpoint_newest(sv.saver, final_path)
    except tf.errors.AbortedError:
      # A distributed server restarted: start a new session and go on.
      tf.logging.info('Retrying training!')
      should_retry = True
  return total_loss
