"""`slimcompat demo` end to end, with fewer steps: concise output (each of
slim's step lines once), checkpoints, events, and an evaluated accuracy well
above chance (4 classes: 0.25)."""

import glob
import os
import re

from slimcompat._compat import tf
from tests.cli.test_cli import own_lines
from tests.cli.test_cli import slimcompat

STEP = r'INFO:tensorflow:global step %d: loss = [0-9.]+ \([0-9.]+ sec/step\)$'


def test_demo_trains_saves_and_evaluates(tmp_path):
  logdir = str(tmp_path / 'demo')
  result = slimcompat('demo', '--logdir', logdir, '--steps', '120')
  assert result.returncode == 0, result.stderr[-3000:]
  # Concise: a header, slim's step lines (every 50 steps, once each, as TF 1.x
  # printed them), the results and where they are; no deprecation notices.
  out = result.stdout.splitlines()
  assert len(out) == 4, result.stdout
  assert out[0].startswith('slimcompat demo: ') and '--verbose' in out[0]
  assert out[1].startswith('final training loss: ')
  accuracy = float(re.match(r'evaluated accuracy: ([0-9.]+)', out[2]).group(1))
  assert accuracy > 0.6
  assert out[3] == 'checkpoints and TensorBoard events: %s' % logdir
  err = own_lines(result.stderr)
  assert len(err) == 2, result.stderr
  assert re.match(STEP % 50, err[0]) and re.match(STEP % 100, err[1]), err
  assert tf.train.latest_checkpoint(logdir).endswith('model.ckpt-120')
  tags = set()
  for events in glob.glob(os.path.join(logdir, 'events.out.tfevents.*')):
    for event in tf.train.summary_iterator(events):
      tags.update(v.tag for v in event.summary.value)
  assert 'losses/total_loss' in tags
  assert glob.glob(os.path.join(logdir, 'eval', 'events.out.tfevents.*'))
