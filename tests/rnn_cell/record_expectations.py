"""Records what TensorFlow's own TF1 cells do in every parity case.

Run on Keras-2 TensorFlow (the TF 2.12 env) from the repository root:

    python -m tests.rnn_cell.record_expectations

It writes `expectations.json` (names, shapes, sizes, weight lists) and
`expectations.npz` (initial values, outputs, states, gradients), which the
parity tests use on Keras-3 TensorFlow, where the reference cannot run;
then, in a subprocess with TF's v2 behaviour off, the same for
`reference.TF1_MODE_CASES` into `expectations_tf1_mode.{json,npz}`.
"""

import json
import os
import subprocess
import sys
import warnings

import numpy as np

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

from slimcompat._compat import tf, tf2  # pylint: disable=wrong-import-position
from tests.rnn_cell import cases, harness, reference  # pylint: disable=wrong-import-position


def main():
  native = reference.native_cells()
  if native is None:
    raise SystemExit('TensorFlow %s has no working TF1 cells of its own; '
                     'record on TF 2.12-2.15.' % tf2.__version__)
  warnings.filterwarnings('ignore')
  tf1_mode = '--tf1-mode' in sys.argv
  if tf1_mode:
    tf.disable_v2_behavior()
  else:
    tf.disable_eager_execution()
  names = reference.TF1_MODE_CASES if tf1_mode else sorted(cases.CASES)
  json_path, npz_path = reference.recorded_paths(tf1_mode)
  descriptions, arrays = {}, {}
  for name in names:
    desc, values = harness.describe(cases.CASES[name], native)
    descriptions[name] = desc
    for key, value in values.items():
      arrays['%s::%s' % (name, key)] = value
  with open(json_path, 'w') as handle:
    json.dump({'recorded_with': 'TensorFlow %s, tf.compat.v1.nn.rnn_cell%s' %
                                (tf2.__version__,
                                 ', v2 behaviour off' if tf1_mode else ''),
               'cases': descriptions}, handle, indent=1, sort_keys=True)
    handle.write('\n')
  np.savez_compressed(npz_path, **arrays)
  print('recorded %d cases, %d arrays%s' % (len(descriptions), len(arrays),
                                            ' (tf1 mode)' if tf1_mode else ''))
  if not tf1_mode:
    subprocess.run([sys.executable, '-m', 'tests.rnn_cell.record_expectations',
                    '--tf1-mode'], check=True)


if __name__ == '__main__':
  main()
