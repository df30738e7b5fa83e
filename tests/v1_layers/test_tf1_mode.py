"""The parity cases of `reference.TF1_MODE_CASES` with TensorFlow's v2
behaviour switched off (``tf.compat.v1.disable_v2_behavior()``, as
``slimcompat run`` does): reference variables, v1 control flow.  Run in a
fresh interpreter, live against TF's own layers where they work, else
against TF 2.12's recording."""

import os
import subprocess
import sys

from tests.child_env import child_env

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

CHECK = r'''
import warnings
warnings.filterwarnings('ignore')
from slimcompat._compat import tf
tf.disable_v2_behavior()
import slimcompat.v1_layers as v1_layers
from tests.v1_layers import cases, harness, reference
native = reference.native_layers()
recorded = reference.load_recorded(tf1_mode=True)
assert sorted(recorded) == sorted(reference.TF1_MODE_CASES)
for name in reference.TF1_MODE_CASES:
  want = (harness.describe(cases.CASES[name], native) if native is not None
          else recorded[name])
  got = harness.describe(cases.CASES[name], v1_layers)
  kinds = {kind for _, _, _, kind in got[0]['variables']}
  assert kinds <= {'ref'}, (name, kinds)
  harness.assert_same(got, want)
print('TF1-MODE-OK', len(reference.TF1_MODE_CASES))
'''


def test_parity_with_v2_behavior_off():
  env = child_env()
  result = subprocess.run([sys.executable, '-c', CHECK], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
  assert result.returncode == 0 and 'TF1-MODE-OK' in result.stdout, (
      result.stdout[-3000:] + result.stderr[-6000:])
