"""What `slimcompat.learning` builds and runs: slim's classic training loop on a
`tf.compat.v1.train.Supervisor`.

`create_train_op` is `slimcompat.training`'s, with gradient multipliers and
norm clipping given as arguments instead of a `transform_grads_fn`.  Its
gradient helpers differ from `slimcompat.training`'s in two details kept
from tf-slim: summary tags are ``<var>/gradient`` (a slash, not an
underscore), and a gradient factor that is already a `Tensor` is used as it
is, while a Python number becomes a constant of the gradient's dtype.

`train` checks its arguments before anything is added to the graph or written
to disk (the exception classes are tf-slim's).  The Supervisor initialises
the model or restores it from the newest checkpoint in `logdir`, and on the
chief runs the standard services: a thread that saves
``model.ckpt-<global step>`` every `save_interval_secs` and one that writes
the summaries every `save_summaries_secs`.  The loop calls `train_step_fn`
until it (or the Supervisor) says stop, saves a final checkpoint, and starts
over when a distributed server restarts (AbortedError).
"""

import functools
import os
import sys
import types

from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat._own_arguments import own_arguments
from slimcompat.training import _gradients
from slimcompat.training import _monitored_training
from slimcompat.training import _quiet_supervisor
from slimcompat.training import _train_step

_USE_GLOBAL_STEP = _monitored_training.USE_GLOBAL_STEP

# Marks "argument not given" where None has its own meaning.
_USE_DEFAULT = 0


def _is_default(value):
  return value is _USE_DEFAULT


# ------------------------------------------------------- gradients, train op


def _constant_factor(factor, dtype):
  if isinstance(factor, tf2.Tensor):
    return factor
  return tf.constant(factor, dtype=dtype)


def multiply_gradients(grads_and_vars, gradient_multipliers):
  """Multiplies chosen gradients by constant (or tensor) factors.

  Args:
    grads_and_vars: a list of (gradient, variable) pairs.
    gradient_multipliers: a dict from a variable, or its op name, to the
      factor its gradient is multiplied by (a number or a `Tensor`).

  Returns:
    A new list of (gradient, variable) pairs.

  Raises:
    ValueError: if `grads_and_vars` is not a list, `gradient_multipliers` is
      empty or not a dict, or a factor is given for a None gradient.
  """
  return _gradients.scale_gradients(grads_and_vars, gradient_multipliers,
                                    _constant_factor)


def add_gradients_summaries(grads_and_vars):
  """Adds summaries ``<var>/gradient`` (histogram) and ``<var>/gradient_norm``.

  Args:
    grads_and_vars: a list of (gradient, variable) pairs.

  Returns:
    The list of summary tensors created.
  """
  return _gradients.summarize_gradients(grads_and_vars, '/')


def _grads_transform(gradient_multipliers, clip_gradient_norm):
  """The `transform_grads_fn` that `create_train_op` hands on: multiply the
  chosen gradients (in ``multiply_grads/``), then clip every norm (in
  ``clip_grads/``); either step is skipped when its argument is unset."""

  def steps():
    if gradient_multipliers:
      yield 'multiply_grads', functools.partial(
          multiply_gradients, gradient_multipliers=gradient_multipliers)
    if clip_gradient_norm > 0:
      yield 'clip_grads', functools.partial(
          _gradients.clip_gradient_norms, max_norm=clip_gradient_norm)

  def transform(grads_and_vars):
    for scope, step in steps():
      with tf.name_scope(scope):
        grads_and_vars = step(grads_and_vars)
    return grads_and_vars

  return transform


def create_train_op(total_loss,
                    optimizer,
                    global_step=_USE_GLOBAL_STEP,
                    update_ops=None,
                    variables_to_train=None,
                    clip_gradient_norm=0,
                    summarize_gradients=False,
                    gate_gradients=tf.train.Optimizer.GATE_OP,
                    aggregation_method=None,
                    colocate_gradients_with_ops=False,
                    gradient_multipliers=None,
                    check_numerics=True):
  """Builds the tensor that takes one optimizer step and returns the loss.

  The arguments shared with `training.create_train_op` mean the same
  here; instead of its `transform_grads_fn` this one takes:

  Args:
    clip_gradient_norm: if > 0, each gradient's norm is clipped to it (after
      the multipliers are applied).
    gradient_multipliers: optional dict from variables (or their op names)
      to factors for their gradients.

  Returns:
    A `Tensor`: fetching it takes one step and yields the loss.
  """
  arguments = dict(own_arguments(locals()))
  transform = _grads_transform(arguments.pop('gradient_multipliers'),
                               arguments.pop('clip_gradient_norm'))
  return _monitored_training.create_train_op(transform_grads_fn=transform,
                                             **arguments)


# ------------------------------------------------------------ argument checks


def _check_arguments(train_op, logdir, summary_op, saver, trace_every_n_steps,
                    sync_optimizer, startup_delay_steps, number_of_steps):
  """Raises ValueError for argument combinations `train` cannot honour."""
  if train_op is None:
    raise ValueError('train_op cannot be None: pass the tensor returned by '
                     'create_train_op.')
  if logdir is None:
    if not _is_default(summary_op):
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


def _check_train_op(train_op, graph):
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


def _as_sync_optimizers(sync_optimizer):
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


# ---------------------------------------------------------------- the loop


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


def _chief_sync_ops(sync_optimizers):
  """(init tokens ops, chief queue runners) of the sync optimizers; built
  before the Supervisor finalises the graph."""
  return ([opt.get_init_tokens_op() for opt in sync_optimizers],
          [opt.get_chief_queue_runner() for opt in sync_optimizers])


def _start_session_work(sv, sess, chief_sync, *, logdir, is_chief,
                        startup_delay_steps, number_of_steps, global_step):
  """Everything a fresh session needs before the first step.

  The chief starts the checkpoint and summary threads (when it has a
  `logdir`); another replica may first wait for the chief to get ahead.
  Returns the queue runner threads, which `sv.stop` joins at the end.
  """
  if is_chief:
    if logdir:
      sv.start_standard_services(sess)
  elif startup_delay_steps > 0:
    last_step = number_of_steps or sys.maxsize
    _train_step.wait_for_step(sess, global_step,
                              min(startup_delay_steps, last_step))
  threads = sv.start_queue_runners(sess)
  tf.logging.info('Starting Queues.')
  if chief_sync is not None:
    init_tokens, chief_runners = chief_sync
    sv.start_queue_runners(sess, chief_runners)
    sess.run(init_tokens)
  return threads


def _step_until_done(sv, sess, one_step, progress):
  """Calls ``one_step(sess)`` until it or the Supervisor asks to stop, or the
  input runs out of epochs (a normal end); ``progress.loss`` follows the
  loss of each step."""
  try:
    while not sv.should_stop():
      progress.loss, stop_now = one_step(sess)
      if stop_now:
        tf.logging.info('Stopping Training.')
        sv.request_stop()
        return
  except tf.errors.OutOfRangeError as e:
    tf.logging.info('Caught OutOfRangeError. Stopping Training. %s', e)


def _save_and_stop(sv, sess, threads, ignore_live_threads):
  """The chief's final checkpoint, then the Supervisor's threads stopped.

  The summary writer is left open: `managed_session` stops the Supervisor
  again on exit, and that stop writes the STOP event and closes the writer.
  Closing it here too (as tf-slim does) makes the second stop write to a
  closed FileWriter, which TensorFlow warns about; the events are the same.
  """
  tf.logging.info('Finished training! Saving model to disk.')
  final_path = sv.saver.save(sess, sv.save_path, global_step=sv.global_step)
  sv.stop(threads, close_summary_writer=False,
          ignore_live_threads=ignore_live_threads)
  _keep_final_checkpoint_newest(sv.saver, final_path)


def train(train_op,
          logdir,
          train_step_fn=_train_step.train_step,
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
  _check_arguments(train_op, logdir, summary_op, saver, trace_every_n_steps,
                   sync_optimizer, startup_delay_steps, number_of_steps)
  sync_optimizers = _as_sync_optimizers(sync_optimizer)
  graph = graph or tf.get_default_graph()
  _check_train_op(train_op, graph)

  # The graph pieces, in tf-slim's order so that op names come out the same.
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
    chief_sync = None
    if is_chief and sync_optimizers is not None:
      chief_sync = _chief_sync_ops(sync_optimizers)
    if _is_default(train_step_kwargs):
      train_step_kwargs = _default_step_kwargs(
          global_step, number_of_steps, log_every_n_steps, is_chief,
          trace_every_n_steps, logdir)

  # The standard services start by hand (_start_session_work), once the
  # session is up, and only on a chief that has a logdir to write to.
  sv = _quiet_supervisor.new_supervisor(
      graph=graph, is_chief=is_chief, logdir=logdir, global_step=global_step,
      init_op=init_op, init_feed_dict=init_feed_dict, init_fn=init_fn,
      local_init_op=local_init_op, ready_op=ready_op,
      ready_for_local_init_op=ready_for_local_init_op, saver=saver,
      save_model_secs=save_interval_secs, summary_op=summary_op,
      summary_writer=summary_writer, save_summaries_secs=save_summaries_secs)
  if summary_writer is not None:
    train_step_kwargs['summary_writer'] = sv.summary_writer

  progress = types.SimpleNamespace(loss=None)

  def one_step(sess):
    # Positional, as tf-slim calls it: a custom train_step_fn may name its
    # parameters differently.
    return train_step_fn(sess, train_op, global_step, train_step_kwargs)

  while True:
    try:
      with sv.managed_session(master, start_standard_services=False,
                              config=session_config) as sess:
        tf.logging.info('Starting Session.')
        if session_wrapper is not None:
          tf.logging.info('Wrapping session with wrapper function: %s',
                          session_wrapper)
          sess = session_wrapper(sess)
        threads = _start_session_work(
            sv, sess, chief_sync, logdir=logdir, is_chief=is_chief,
            startup_delay_steps=startup_delay_steps,
            number_of_steps=number_of_steps, global_step=global_step)
        _step_until_done(sv, sess, one_step, progress)
        if logdir and sv.is_chief:
          _save_and_stop(sv, sess, threads, ignore_live_threads)
      return progress.loss
    except tf.errors.AbortedError:
      # A distributed server restarted: start a new session and go on.
      tf.logging.info('Retrying training!')
