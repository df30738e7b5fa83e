"""Run as a script: every case of test_metric_ops_parity in TF1 legacy mode.

`tf.compat.v1.disable_v2_behavior()` (reference variables, v1 control flow)
is global to the process, so tests/metrics/test_legacy_mode.py runs this in a
subprocess.  Prints one line per mismatch and exits non-zero if any.
"""

import sys

import numpy as np

import slimcompat
from slimcompat._compat import tf
from tests.metrics import test_metric_ops_parity as parity
from tests.parity import harness


def _build(slim, build_fn):
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(1)
    result = build_fn(slim)
  # Variables with validate_shape=False have no static shape here, so the
  # harness's variable facts are not collected; names are compared instead.
  return harness.Built(graph, result, None, None)


def main():
  tf.disable_v2_behavior()
  failures = []
  for name in sorted(parity.CASES):
    case = parity.CASES[name]
    weight_kind = case.weights[-1]
    rng = np.random.RandomState(1)
    batches = [parity._batch(rng, weight_kind) for _ in range(parity.STEPS)]
    build_fn = parity._builder(case, weight_kind, case.collects)
    try:
      ours = _build(slimcompat, build_fn)
      theirs = _build(harness.reference(), build_fn)
      names = [[v.op.name for v in b.graph.get_collection(
          tf.GraphKeys.LOCAL_VARIABLES)] for b in (ours, theirs)]
      assert names[0] == names[1], 'local variables %s != %s' % tuple(names)
      assert all(v.op.type != 'VarHandleOp' for v in tf.nest.flatten(
          ours.graph.get_collection(tf.GraphKeys.LOCAL_VARIABLES)))
      harness.assert_close(parity._stream(ours, batches),
                           parity._stream(theirs, batches))
    except Exception as err:
      failures.append('%s: %s: %s' % (name, type(err).__name__, err))
  for failure in failures:
    print(failure)
  print('checked %d cases, %d mismatches' % (len(parity.CASES), len(failures)))
  return 1 if failures else 0


if __name__ == '__main__':
  sys.exit(main())
