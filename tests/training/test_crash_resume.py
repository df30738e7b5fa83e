"""Crash safety of `slim.learning.train`: SIGKILL a training process at random
moments, restart it, and check that nothing is lost or half-written.

Each run trains the same tiny model in the same logdir, saving a checkpoint
every 50 ms (so kills also land in the middle of saves).  After each kill:

* the restarted run resumes from the newest checkpoint on disk: its first
  global step and weights are exactly the ones stored there;
* the global step never goes back past that checkpoint;
* every checkpoint left on disk (every ``model.ckpt-N.index``, listed in the
  ``checkpoint`` state file or not) restores into a fresh graph.

A final run is left to finish and must write its closing checkpoint.
"""

import glob
import os
import random
import re

import numpy as np

from slimcompat._compat import tf
from tests.training import _procs

KILLS = 6
# Kill somewhere in this window after the run took its first step.
KILL_WINDOW_SECS = 0.6


def _checkpoint_contents(path):
  return (int(tf.train.load_variable(path, 'global_step')),
          tf.train.load_variable(path, 'weights').ravel())


def _restores(path):
  """Restores `path` with a Saver over the model's variables; returns the
  restored global step."""
  with tf.Graph().as_default():
    step = tf.train.get_or_create_global_step()
    weights = tf.get_variable('weights', shape=[2, 1])
    saver = tf.train.Saver([step, weights])
    with tf.Session() as sess:
      saver.restore(sess, path)
      return int(sess.run(step))


def _steps_of_run(events, run):
  """The events of the `run`-th run (each run starts with one 'resume')."""
  starts = [i for i, (kind, _) in enumerate(events) if kind == 'resume']
  end = starts[run + 1] if run + 1 < len(starts) else len(events)
  return events[starts[run]:end]


def test_sigkill_and_restart_resumes_from_last_checkpoint(tmp_path):
  rng = random.Random(1234)
  workdir = str(tmp_path)
  logdir = os.path.join(workdir, 'train')
  events_path = os.path.join(workdir, 'trainer.events')

  def run_events():
    return _procs.read_events(events_path)

  process = None
  try:
    for run in range(KILLS + 1):
      latest = tf.train.latest_checkpoint(logdir) if run else None
      # Read before the restart: the new run soon rotates old checkpoints
      # out (and may rewrite one under the same step number).
      expected = _checkpoint_contents(latest) if latest else (0, None)
      final = run == KILLS
      if final:
        # The last run trains 30 more steps past the newest checkpoint.
        steps = expected[0] + 30
      else:
        steps = 10 ** 9
      process = _procs.start(_procs.crash_trainer, workdir, 'trainer', logdir,
                             steps)

      def started(run=run):
        kinds = [kind for kind, _ in run_events()]
        if kinds.count('resume') != run + 1:
          return False
        return 'step' in kinds[len(kinds) - kinds[::-1].index('resume'):]

      assert _procs.wait_for(started, process), _procs.log_text(
          workdir, 'trainer')
      resume = _steps_of_run(run_events(), run)[0][1]
      # Resumed from the newest checkpoint, step and weights exactly.
      assert resume[0] == expected[0]
      if latest is not None:
        np.testing.assert_array_equal(np.float32(resume[1:]), expected[1])
        # The step in the file name is read just before the save, so the
        # saved one may be larger, never smaller.
        assert expected[0] >= int(re.search(r'(\d+)$', latest).group(1))

      if final:
        process.join(120)
        assert process.exitcode == 0, _procs.log_text(workdir, 'trainer')
      else:
        _procs.wait_for(lambda: False, bound=rng.uniform(0, KILL_WINDOW_SECS))
        _procs.kill(process)

      steps_seen = [values[0] for kind, values in _steps_of_run(
          run_events(), run) if kind == 'step']
      # The global step never went back past the checkpoint resumed from.
      assert steps_seen and min(steps_seen) > resume[0]
      assert steps_seen == sorted(steps_seen)
  finally:
    if process is not None:
      _procs.kill(process)

  assert run_events()[-1][0] == 'done'
  final_step = run_events()[-1][1][0]
  assert final_step >= steps
  assert tf.train.latest_checkpoint(logdir) == os.path.join(
      logdir, 'model.ckpt-%d' % steps)

  state = tf.train.get_checkpoint_state(logdir)
  listed = set(state.all_model_checkpoint_paths)
  on_disk = set(p[:-len('.index')]
                for p in glob.glob(os.path.join(logdir, 'model.ckpt-*.index')))
  assert listed <= on_disk
  for path in sorted(on_disk):
    assert _restores(path) == _checkpoint_contents(path)[0]
