"""`slimcompat demo` end to end, with fewer steps: logs, checkpoints, events,
and an evaluated accuracy well above chance (4 classes: 0.25)."""

import glob
import os
import re

from slimcompat._compat import tf
from tests.cli.test_cli import slimcompat


def test_demo_trains_saves_and_evaluates(tmp_path):
  logdir = str(tmp_path / 'demo')
  result = slimcompat('demo', '--logdir', logdir, '--steps', '120')
  assert result.returncode == 0, result.stderr[-3000:]
  logs = result.stdout + result.stderr
  assert re.search(r'global step \d+: loss = [0-9.]+ \([0-9.]+ sec/step\)', logs)
  accuracy = float(re.search(r'evaluated accuracy: ([0-9.]+)', logs).group(1))
  assert accuracy > 0.6
  assert tf.train.latest_checkpoint(logdir).endswith('model.ckpt-120')
  tags = set()
  for events in glob.glob(os.path.join(logdir, 'events.out.tfevents.*')):
    for event in tf.train.summary_iterator(events):
      tags.update(v.tag for v in event.summary.value)
  assert 'losses/total_loss' in tags
  assert glob.glob(os.path.join(logdir, 'eval', 'events.out.tfevents.*'))
