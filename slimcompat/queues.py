"""tf_slim.queues: run the graph's queue runners for the length of a block.

Typical use::

    with tf.compat.v1.Session() as sess:
      with slim.queues.QueueRunners(sess):
        images = sess.run(batch)

On exit the runners are asked to stop and joined (the session is closed if
a runner does not stop within two minutes).  Only one such block may be
active at a time in a process.
"""

import contextlib
import threading

from slimcompat._compat import tf as _tf

__all__ = [
    'NestedQueueRunnerError',
    'QueueRunners',
]

# Held while a QueueRunners block runs: the blocks do not nest.
_queue_runner_lock = threading.Lock()


class NestedQueueRunnerError(Exception):
  """A `QueueRunners` block was entered inside another one."""


def _start_runners(session, coord):
  """Starts a daemon thread per queue of every QUEUE_RUNNERS entry."""
  started = []
  for runner in _tf.get_collection(_tf.GraphKeys.QUEUE_RUNNERS):
    started += runner.create_threads(session, coord=coord, daemon=True,
                                     start=True)
  return started


def _stop_runners(session, coord, threads):
  """Asks the threads to stop and waits; closes `session` if they hang."""
  coord.request_stop()
  try:
    coord.join(threads, stop_grace_period_secs=120)
  except RuntimeError:
    # Closing the session cancels the pending enqueues that block them.
    session.close()


@contextlib.contextmanager
def QueueRunners(session):
  """Starts the QUEUE_RUNNERS of the default graph; stops them on exit.

  Args:
    session: the session the runners feed.

  Yields:
    Nothing; the block runs with the queues filling.

  Raises:
    NestedQueueRunnerError: if another `QueueRunners` block is active.
  """
  if not _queue_runner_lock.acquire(blocking=False):
    raise NestedQueueRunnerError(
        'QueueRunners cannot be nested: leave the active QueueRunners block '
        'first (one block starts all the queue runners of the graph).')
  coord = _tf.train.Coordinator()
  threads = []
  try:
    threads = _start_runners(session, coord)
    yield
  finally:
    _stop_runners(session, coord, threads)
    _queue_runner_lock.release()
