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

from slimcompat._compat import tf

__all__ = [
    'NestedQueueRunnerError',
    'QueueRunners',
]

# Held while a QueueRunners block runs: the blocks do not nest.
_queue_runner_lock = threading.Lock()


class NestedQueueRunnerError(Exception):
  """A `QueueRunners` block was entered inside another one."""


@contextlib.contextmanager
def QueueRunners(session):  # pylint: disable=invalid-name
  """Starts the QUEUE_RUNNERS of the default graph; stops them on exit.

  Args:
    session: the session the runners feed.

  Yields:
    Nothing; the block runs with the queues filling.

  Raises:
    NestedQueueRunnerError: if another `QueueRunners` block is active.
  """
  if not _queue_runner_lock.acquire(False):
    raise NestedQueueRunnerError(
        'QueueRunners cannot be nested: leave the active QueueRunners block '
        'first (one block starts all the queue runners of the graph).')
  coord = tf.train.Coordinator()
  threads = []
  try:
    for runner in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS):
      threads.extend(runner.create_threads(
          session, coord=coord, daemon=True, start=True))
    yield
  finally:
    coord.request_stop()
    try:
      coord.join(threads, stop_grace_period_secs=120)
    except RuntimeError:
      session.close()
    _queue_runner_lock.release()
