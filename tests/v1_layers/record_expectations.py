"""Records what TensorFlow's own TF1 layers do in every parity case.

Run on Keras-2 TensorFlow (the TF 2.12 env) from the repository root:

    python -m tests.v1_layers.record_expectations

It writes `expectations.json` (names, shapes, collections, attributes,
errors) and `expectations.npz` (output, gradient, loss and update values),
which the parity tests use on Keras-3 TensorFlow, where the reference
cannot run; then, in a subprocess with TF's v2 behaviour off, the same for
`reference.TF1_MODE_CASES` into `expectations_tf1_mode.{json,npz}`.
"""

import json
import os
import subprocess
import sys
import warnings

import numpy as np

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

from slimcompat._compat import tf, tf2
from tests.v1_layers import cases, harness, reference


def main():
  layers = reference.native_layers()
  if layers is None:
    raise SystemExit('TensorFlow %s has no working TF1 layers of its own; '
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
    build = cases.CASES[name]
    desc, values = harness.describe(build, layers)
    descriptions[name] = desc
    for key, value in values.items():
      arrays['%s::%s' % (name, key)] = value
  with open(json_path, 'w') as handle:
    json.dump({'recorded_with': 'TensorFlow %s, tf.compat.v1.layers%s' %
                                (tf2.__version__,
                                 ', v2 behaviour off' if tf1_mode else ''),
               'cases': descriptions}, handle, indent=1, sort_keys=True)
    handle.write('\n')
  np.savez_compressed(npz_path, **arrays)
  print('recorded %d cases, %d arrays%s' % (len(descriptions), len(arrays),
                                            ' (tf1 mode)' if tf1_mode else ''))
  if not tf1_mode:
    with open(reference.SIGNATURES_JSON, 'w') as handle:
      json.dump(reference.signatures(layers), handle, indent=1, sort_keys=True)
      handle.write('\n')
    subprocess.run([sys.executable, '-m', 'tests.v1_layers.record_expectations',
                    '--tf1-mode'], check=True)


if __name__ == '__main__':
  main()
