"""Waiting for checkpoints: poll a directory until a new one shows up."""

import time

from slimcompat._compat import tf


def wait_for_new_checkpoint(checkpoint_dir,
                            last_checkpoint=None,
                            seconds_to_sleep=1,
                            timeout=None):
  """Polls `checkpoint_dir` until its latest checkpoint is not `last_checkpoint`.

  Args:
    checkpoint_dir: the directory checkpoints are saved in.
    last_checkpoint: the path already seen, or None to accept any checkpoint.
    seconds_to_sleep: seconds between two looks.
    timeout: the most seconds to wait; None waits forever.

  Returns:
    The new checkpoint path, or None if `timeout` ran out first.
  """
  tf.logging.info('Waiting for new checkpoint at %s', checkpoint_dir)
  deadline = None if timeout is None else time.time() + timeout
  while True:
    path = tf.train.latest_checkpoint(checkpoint_dir)
    if path is not None and path != last_checkpoint:
      tf.logging.info('Found new checkpoint at %s', path)
      return path
    if deadline is not None and time.time() + seconds_to_sleep > deadline:
      return None
    time.sleep(seconds_to_sleep)


def checkpoints_iterator(checkpoint_dir,
                         min_interval_secs=0,
                         timeout=None,
                         timeout_fn=None):
  """Yields each new checkpoint of `checkpoint_dir` as it appears.

  Only the newest checkpoint is seen at each look, so checkpoints written
  while the caller is busy with the previous one can be skipped.  When
  `timeout` seconds pass without a new checkpoint the iterator ends, unless
  `timeout_fn` is given and returns False (then it keeps waiting).

  Args:
    checkpoint_dir: the directory checkpoints are saved in.
    min_interval_secs: the least number of seconds between two yields.
    timeout: the most seconds to wait for each new checkpoint; None waits
      forever.
    timeout_fn: optional function of no arguments called after a timeout;
      True ends the iteration.

  Yields:
    Checkpoint paths, newest first seen.
  """
  seen = None
  while True:
    path = wait_for_new_checkpoint(checkpoint_dir, seen, timeout=timeout)
    if path is None:
      if _give_up_after_timeout(timeout_fn):
        return
      continue
    seen = path
    yielded_at = time.time()
    yield path
    # The time the caller spent on `path` counts towards the interval.
    _sleep_until(yielded_at + min_interval_secs)


def _give_up_after_timeout(timeout_fn):
  """Whether the iteration ends after a wait timed out."""
  if timeout_fn:
    return bool(timeout_fn())
  tf.logging.info('Timed-out waiting for a checkpoint.')
  return True


def _sleep_until(moment):
  pause = moment - time.time()
  if pause > 0:
    time.sleep(pause)
