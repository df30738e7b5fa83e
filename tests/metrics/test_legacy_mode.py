"""The metrics match the reference in TF1 legacy mode too.

Legacy scripts call `tf.compat.v1.disable_v2_behavior()`: reference (not
resource) variables and v1 control flow.  That switch is process-wide, so the
check runs in a subprocess (tests/metrics/_legacy_mode_check.py).
"""

import os
import subprocess
import sys

from tests.child_env import child_env

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))


def test_every_parity_case_matches_reference_with_v2_behavior_disabled():
  env = child_env()
  done = subprocess.run(
      [sys.executable, '-m', 'tests.metrics._legacy_mode_check'],
      cwd=REPO, env=env, capture_output=True, text=True, check=False)
  report = done.stdout.strip().splitlines()
  assert done.returncode == 0, '\n'.join(report[-20:] or [done.stderr[-3000:]])
  assert report[-1].endswith(', 0 mismatches')
