"""Records what TensorFlow's own TF1 layers do in every parity case.

Run on Keras-2 TensorFlow (the TF 2.12 env) from the repository root:

    python -m tests.v1_layers.record_expectations

It writes `expectations.json` (names, shapes, collections, attributes,
errors) and `expectations.npz` (output, gradient, loss and update values),
which the parity tests use on Keras-3 TensorFlow, where the reference
cannot run.
"""

import json
import os
import warnings

import numpy as np

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

from slimcompat._compat import tf, tf2  # pylint: disable=wrong-import-position
from tests.v1_layers import cases, harness, reference  # pylint: disable=wrong-import-position


def main():
  layers = reference.native_layers()
  if layers is None:
    raise SystemExit('TensorFlow %s has no working TF1 layers of its own; '
                     'record on TF 2.12-2.15.' % tf2.__version__)
  warnings.filterwarnings('ignore')
  tf.disable_eager_execution()
  descriptions, arrays = {}, {}
  for name, build in sorted(cases.CASES.items()):
    desc, values = harness.describe(build, layers)
    descriptions[name] = desc
    for key, value in values.items():
      arrays['%s::%s' % (name, key)] = value
  with open(reference.EXPECTATIONS_JSON, 'w') as handle:
    json.dump({'recorded_with': 'TensorFlow %s, tf.compat.v1.layers' %
                                tf2.__version__,
               'cases': descriptions}, handle, indent=1, sort_keys=True)
    handle.write('\n')
  np.savez_compressed(reference.EXPECTATIONS_NPZ, **arrays)
  print('recorded %d cases, %d arrays' % (len(descriptions), len(arrays)))


if __name__ == '__main__':
  main()
