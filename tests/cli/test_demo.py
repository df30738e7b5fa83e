"""`slimcompat demo` end to end, twice into one logdir (issue 28): the first
run shows learning (accuracy before and after training, the latter well above
chance), the second resumes from the first run's checkpoint; the events hold a
curve of the training loss and the eval tag `eval/accuracy`; the output is
concise and ends with the TensorBoard command."""

import glob
import os
import re
import subprocess
import sys

import pytest

from slimcompat._compat import tf
from tests.cli.test_cli import REPO

STEP = r'INFO:tensorflow:global step %d: loss = [0-9.]+ \([0-9.]+ sec/step\)$'
ACCURACY = (r'accuracy: ([0-9.]+) before training, ([0-9.]+) after '
            r'\(chance 0\.250\)$')


def points(logdir, tag):
  """{step: value} of `tag` in the events directly in `logdir`."""
  found = {}
  for events in glob.glob(os.path.join(logdir, 'events.out.tfevents.*')):
    for event in tf.train.summary_iterator(events):
      for value in event.summary.value:
        if value.tag == tag:
          found[event.step] = value.simple_value
  return found


def demo(*args):
  """`slimcompat demo ARGS` as a user runs it: TF_CPP_MIN_LOG_LEVEL unset,
  so that TensorFlow's C++ side prints what it prints by default."""
  env = {k: v for k, v in os.environ.items() if k != 'TF_CPP_MIN_LOG_LEVEL'}
  env['PYTHONPATH'] = REPO
  return subprocess.run([sys.executable, '-m', 'slimcompat', 'demo'] +
                        list(args), env=env, capture_output=True, text=True,
                        timeout=300, check=False)


@pytest.fixture(scope='module')
def two_runs(tmp_path_factory):
  logdir = str(tmp_path_factory.mktemp('demo') / 'logs')
  first = demo('--logdir', logdir, '--steps', '100')
  assert first.returncode == 0, first.stderr[-3000:]
  second = demo('--logdir', logdir, '--steps', '20')
  assert second.returncode == 0, second.stderr[-3000:]
  return logdir, first, second


def test_first_run_learns_and_says_where_its_files_are(two_runs):
  logdir, first, _ = two_runs
  out = first.stdout.splitlines()
  assert len(out) == 5, first.stdout
  assert out[0] == (
      'slimcompat demo: a legacy slim script (%s) trains a small convnet for '
      "100 steps and evaluates it; --verbose shows all of TensorFlow's log"
      % os.path.join(logdir, 'legacy_train.py'))
  assert out[1].startswith('final training loss: ')
  before, after = map(float, re.match(ACCURACY, out[2]).groups())
  assert before < 0.4 and after > 0.6 and after > before + 0.25, out[2]
  assert out[3].startswith('checkpoints and TensorBoard events are in ')
  assert out[4] == 'tensorboard --logdir %s' % logdir
  # Concise: slim's step lines every 50 steps, once each; no notices and
  # none of TensorFlow's C++ start-up lines.
  err = first.stderr.splitlines()
  assert len(err) == 2, first.stderr
  assert re.match(STEP % 50, err[0]) and re.match(STEP % 100, err[1]), err


def test_second_run_resumes_from_the_first(two_runs):
  logdir, _, second = two_runs
  out = second.stdout.splitlines()
  assert out[1] == 'resuming from model.ckpt-100'
  before, _ = map(float, re.match(ACCURACY, out[3]).groups())
  assert before > 0.6  # the trained model of the first run
  assert out[-1] == 'tensorboard --logdir %s' % logdir
  assert tf.train.latest_checkpoint(logdir).endswith('model.ckpt-120')


def test_events_hold_a_loss_curve_and_eval_accuracy(two_runs):
  logdir = two_runs[0]
  loss = points(logdir, 'losses/total_loss')
  assert sorted(loss) == list(range(10, 121, 10))
  assert min(loss[s] for s in (100, 110, 120)) < max(loss[s] for s in
                                                     (10, 20))
  # Evaluated after each run (before the second run: the same checkpoint).
  accuracy = points(os.path.join(logdir, 'eval'), 'eval/accuracy')
  assert sorted(accuracy) == [100, 120], accuracy
