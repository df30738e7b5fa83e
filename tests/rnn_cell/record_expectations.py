"""Records what TensorFlow's own TF1 cells do in every parity case.

Run on Keras-2 TensorFlow (the TF 2.12 env) from the repository root:

    python -m tests.rnn_cell.record_expectations

It writes `expectations.json` (names, shapes, sizes, weight lists) and
`expectations.npz` (initial values, outputs, states, gradients), which the
parity tests use on Keras-3 TensorFlow, where the reference cannot run.
"""

import json
import os
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
  tf.disable_eager_execution()
  descriptions, arrays = {}, {}
  for name in sorted(cases.CASES):
    desc, values = harness.describe(cases.CASES[name], native)
    descriptions[name] = desc
    for key, value in values.items():
      arrays['%s::%s' % (name, key)] = value
  with open(reference.EXPECTATIONS_JSON, 'w') as handle:
    json.dump({'recorded_with': 'TensorFlow %s, tf.compat.v1.nn.rnn_cell' %
                                tf2.__version__,
               'cases': descriptions}, handle, indent=1, sort_keys=True)
    handle.write('\n')
  np.savez_compressed(reference.EXPECTATIONS_NPZ, **arrays)
  print('recorded %d cases, %d arrays' % (len(descriptions), len(arrays)))


if __name__ == '__main__':
  main()
