"""The TF1-mode parity check shared by the v1 layers and the RNN cells: the
cases of a test package's ``reference.TF1_MODE_CASES``, with TensorFlow's v2
behaviour switched off (``tf.compat.v1.disable_v2_behavior()``, as
``slimcompat run`` does), in a fresh interpreter, compared live against
TensorFlow's own classes where they work, else against TF 2.12's recording."""

import subprocess
import sys

from tests.child_env import ROOT
from tests.child_env import child_env

_CHECK = r'''
import warnings
warnings.filterwarnings('ignore')
from slimcompat._compat import tf
tf.disable_v2_behavior()
import {ours} as ours
from {tests} import cases, harness, reference
native = reference.{native}()
recorded = reference.load_recorded(tf1_mode=True)
assert sorted(recorded) == sorted(reference.TF1_MODE_CASES)
for name in reference.TF1_MODE_CASES:
  want = (harness.describe(cases.CASES[name], native) if native is not None
          else recorded[name])
  got = harness.describe(cases.CASES[name], ours)
{extra}
  harness.assert_same(got, want)
print('TF1-MODE-OK', len(reference.TF1_MODE_CASES))
'''


def assert_tf1_mode_parity(ours, tests, native, extra=''):
  """Runs the check for package `ours` (e.g. 'slimcompat.rnn_cell') with the
  cases, harness and reference of test package `tests`; `native` names the
  reference function that returns TensorFlow's own classes (or None);
  `extra` is more of the loop's body (indented two spaces), run on each
  case's `got` before the comparison."""
  code = _CHECK.format(ours=ours, tests=tests, native=native, extra=extra)
  result = subprocess.run([sys.executable, '-c', code], cwd=ROOT,
                          env=child_env(), capture_output=True, text=True,
                          check=False)
  assert result.returncode == 0 and 'TF1-MODE-OK' in result.stdout, (
      result.stdout[-3000:] + result.stderr[-6000:])
