"""Training processes for the crash and cluster tests, and how to start them.

Starting a Python process that imports TensorFlow takes several seconds on a
busy CI machine, and these tests start more than a dozen.  So they are forked
from a `multiprocessing` *forkserver* that has imported TensorFlow and
slimcompat once (nothing else: no session, no thread pools yet), which makes
each start cost well under a second.  Every process function here:

* sends its stdout/stderr to ``<workdir>/<name>.log`` (shown when a test fails),
* appends one line per event to ``<workdir>/<name>.events`` (flushed at once,
  so it survives a SIGKILL): ``resume <global step> <weights...>`` when the
  session is ready, ``step <global step>`` after each training step,
  ``done <global step>`` when `learning.train` returned.

The parent reads those files (`read_events`) to decide when to kill and to
check what happened; nothing is measured against a clock.
"""

import multiprocessing
import os
import signal
import socket
import time

_CONTEXT = None


def context():
  """The forkserver context (its server imports TensorFlow once)."""
  global _CONTEXT
  if _CONTEXT is None:
    _CONTEXT = multiprocessing.get_context('forkserver')
    _CONTEXT.set_forkserver_preload(['tensorflow', 'slimcompat',
                                     'slimcompat.learning', __name__])
  return _CONTEXT


def start(target, *args):
  """Starts `target(*args)` in a new process forked from the forkserver."""
  process = context().Process(target=target, args=args, daemon=True)
  process.start()
  return process


def kill(process):
  """SIGKILLs `process` (if alive) and reaps it."""
  if process.is_alive():
    try:
      os.kill(process.pid, signal.SIGKILL)
    except ProcessLookupError:
      pass   # it exited (and the forkserver reaped it) since the check
  process.join(30)


def free_ports(count):
  """`count` distinct free TCP ports on 127.0.0.1."""
  sockets = []
  try:
    for _ in range(count):
      sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
      sock.bind(('127.0.0.1', 0))
      sockets.append(sock)
    return [sock.getsockname()[1] for sock in sockets]
  finally:
    for sock in sockets:
      sock.close()


def read_events(path):
  """[(kind, [numbers...]), ...] from an events file (missing file: [])."""
  if not os.path.exists(path):
    return []
  events = []
  with open(path) as events_file:
    for line in events_file:
      if not line.endswith('\n'):
        break  # the writer was killed in the middle of this line
      fields = line.split()
      events.append((fields[0], [float(f) for f in fields[1:]]))
  return events


def wait_for(predicate, process=None, bound=120.0, poll=0.02):
  """Polls `predicate()` until true; False when `process` died first or the
  `bound` (a hang guard, not a measurement) ran out."""
  deadline = time.time() + bound
  while time.time() < deadline:
    if predicate():
      return True
    if process is not None and not process.is_alive():
      return bool(predicate())
    time.sleep(poll)
  return False


def log_text(workdir, name):
  path = os.path.join(workdir, name + '.log')
  if not os.path.exists(path):
    return '(no log)'
  with open(path, errors='replace') as log_file:
    return log_file.read()[-6000:]


class ChildError(AssertionError):
  """An exception raised in a `call_in_graph_mode` child (with its traceback)."""

  def __init__(self, type_name, text):
    super(ChildError, self).__init__('%s raised in the child process:\n%s'
                                     % (type_name, text))
    self.type_name = type_name


def _child_main(conn, fn, args):
  import logging
  import traceback
  import tensorflow.compat.v1 as tf
  tf.disable_eager_execution()
  tf.logging.set_verbosity(tf.logging.INFO)
  logging.getLogger('tensorflow').propagate = False
  try:
    conn.send(('ok', fn(*args)))
  except BaseException as err:
    conn.send(('error', type(err).__name__, traceback.format_exc()))
  conn.close()


def call_in_graph_mode(fn, *args, bound=300):
  """Runs ``fn(*args)`` in a forked child with eager execution disabled and
  returns its (picklable) result; re-raises a child exception as ChildError.

  `tf.compat.v1.train.Supervisor` (behind `slim.learning.train`) runs its
  service threads in TensorFlow's thread-default mode, which is eager unless
  eager execution is disabled for the whole process -- as TF1 scripts do.
  The test process itself stays in TF2 mode for the other tests.
  """
  receiver, sender = context().Pipe(duplex=False)
  process = context().Process(target=_child_main, args=(sender, fn, args),
                              daemon=True)
  process.start()
  sender.close()
  try:
    if not receiver.poll(bound):
      raise AssertionError('the child process did not answer (hang guard)')
    message = receiver.recv()
  except EOFError:
    raise AssertionError('the child process died (exit code %s)'
                         % process.exitcode) from None
  finally:
    kill(process)
  if message[0] == 'error':
    raise ChildError(message[1], message[2])
  return message[1]


# ---------------------------------------------------------------------------
# Code run in the child processes.


class _Events(object):

  def __init__(self, workdir, name):
    self._file = open(os.path.join(workdir, name + '.events'), 'a',
                      buffering=1)

  def write(self, kind, *numbers):
    self._file.write(' '.join([kind] + ['%r' % float(n) for n in numbers]) +
                     '\n')


def _redirect_output(workdir, name):
  fd = os.open(os.path.join(workdir, name + '.log'),
               os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
  os.dup2(fd, 1)
  os.dup2(fd, 2)


def _graph_mode(tf):
  tf.disable_eager_execution()
  tf.logging.set_verbosity(tf.logging.INFO)


def build_model(tf, slim, optimizer=None):
  """A two-weight linear regression; returns (train_op, weights, loss)."""
  inputs = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
  targets = tf.constant([[1.0], [2.0], [3.0]])
  weights = slim.model_variable('weights', shape=[2, 1],
                                initializer=tf.ones_initializer())
  loss = tf.reduce_mean(tf.square(tf.matmul(inputs, weights) - targets))
  tf.summary.scalar('loss', loss)
  optimizer = optimizer or tf.train.GradientDescentOptimizer(0.001)
  return slim.learning.create_train_op(loss, optimizer), weights, loss


def _recording_step_fn(slim, events, weights, stop_when=None, gate_path=None):
  """A train_step_fn that records resume / step events around
  `slim.learning.train_step`; `stop_when(step)` may end training early.
  With `gate_path`, the first step waits until that file exists."""
  state = {'resumed': False}

  def step_fn(sess, train_op, global_step, kwargs):
    if not state['resumed']:
      state['resumed'] = True
      step, values = sess.run([global_step, weights])
      events.write('resume', step, *values.ravel())
      if gate_path is not None:
        wait_for(lambda: os.path.exists(gate_path), poll=0.01)
    loss, should_stop = slim.learning.train_step(sess, train_op, global_step,
                                                 kwargs)
    step = sess.run(global_step)
    events.write('step', step)
    if stop_when is not None and stop_when(step):
      should_stop = True
    return loss, should_stop

  return step_fn


def crash_trainer(workdir, name, logdir, number_of_steps):
  """Trains the tiny model in `logdir`, saving a checkpoint every 50 ms."""
  _redirect_output(workdir, name)
  import tensorflow.compat.v1 as tf
  import slimcompat as slim
  _graph_mode(tf)
  events = _Events(workdir, name)
  with tf.Graph().as_default():
    train_op, weights, _ = build_model(tf, slim)
    slim.learning.train(
        train_op, logdir,
        train_step_fn=_recording_step_fn(slim, events, weights),
        number_of_steps=number_of_steps,
        log_every_n_steps=10,
        save_interval_secs=0.05,
        save_summaries_secs=0.1)
    events.write('done', tf.train.load_variable(
        tf.train.latest_checkpoint(logdir), 'global_step'))


def ps_server(workdir, name, cluster):
  """Runs parameter server task 0 of `cluster` until killed."""
  _redirect_output(workdir, name)
  import tensorflow.compat.v1 as tf
  server = tf.train.Server(tf.train.ClusterSpec(cluster), job_name='ps',
                           task_index=0)
  server.join()


def _finish_step(finish_path):
  """The step written in `finish_path`, or None while it does not exist."""
  if not os.path.exists(finish_path):
    return None
  with open(finish_path) as finish_file:
    text = finish_file.read().strip()
  return int(text) if text else None


def cluster_worker(workdir, name, cluster, task, logdir, sync,
                   number_of_steps, finish_path, gate_path=None):
  """Worker `task` of `cluster`: trains with `slim.learning.train` under
  `replica_device_setter` (variables on the ps), task 0 as the chief.

  Stops at `number_of_steps`, or once the file `finish_path` names a step
  and the global step reached it.  With `gate_path`, waits for that file
  before the first step.  Records ``device <0|1>`` (1: the weights
  and the global step are on /job:ps/task:0) before training.
  """
  _redirect_output(workdir, name)
  import tensorflow.compat.v1 as tf
  import slimcompat as slim
  _graph_mode(tf)
  events = _Events(workdir, name)
  spec = tf.train.ClusterSpec(cluster)
  server = tf.train.Server(spec, job_name='worker', task_index=task)
  config = tf.ConfigProto(
      device_filters=['/job:ps', '/job:worker/task:%d' % task])
  with tf.Graph().as_default():
    with tf.device(tf.train.replica_device_setter(
        worker_device='/job:worker/task:%d' % task, cluster=spec)):
      optimizer = tf.train.GradientDescentOptimizer(0.001)
      if sync:
        optimizer = tf.train.SyncReplicasOptimizer(
            optimizer, replicas_to_aggregate=2, total_num_replicas=2)
      train_op, weights, _ = build_model(tf, slim, optimizer)
    global_step = tf.train.get_global_step()
    on_ps = all(v.device == '/job:ps/task:0' for v in (weights, global_step))
    events.write('device', 1 if on_ps else 0)

    def stop_when(step):
      finish = _finish_step(finish_path)
      return finish is not None and step >= finish

    slim.learning.train(
        train_op, logdir,
        train_step_fn=_recording_step_fn(slim, events, weights, stop_when,
                                         gate_path),
        master=server.target,
        is_chief=(task == 0),
        number_of_steps=number_of_steps,
        log_every_n_steps=10,
        save_interval_secs=1,
        save_summaries_secs=1,
        sync_optimizer=optimizer if sync else None,
        session_config=config)
    events.write('done', tf.train.load_variable(
        tf.train.latest_checkpoint(logdir), 'global_step') if task == 0 else 0)


def ps_probe(workdir, name, cluster):
  """Reads the global step and the weights straight from the ps server (a
  fresh client graph that names the same resources on /job:ps/task:0) and
  records ``probe <global step> <weights...>``."""
  _redirect_output(workdir, name)
  import tensorflow.compat.v1 as tf
  _graph_mode(tf)
  events = _Events(workdir, name)
  target = 'grpc://' + cluster['ps'][0]
  with tf.Graph().as_default():
    with tf.device('/job:ps/task:0'):
      step = tf.get_variable('global_step', shape=[], dtype=tf.int64,
                             trainable=False)
      weights = tf.get_variable('weights', shape=[2, 1])
    config = tf.ConfigProto(device_filters=['/job:ps'])
    with tf.Session(target, config=config) as sess:
      step_value, weight_values = sess.run([step, weights])
  events.write('probe', step_value, *weight_values.ravel())
