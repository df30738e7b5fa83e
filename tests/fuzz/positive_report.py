"""Runs the positive fuzz and prints its case list and counts.

``python -m tests.fuzz.positive_report [-v] [--list] [--v1-shapes] [BASE...]``

Prints the seed, the number of cases and, per function, how many both
packages built alike, how many the reference refused (not compared) or could
not run, and every failure (slimcompat refused or built another graph).
``-v`` prints every case with its outcome, ``--list`` only the generated case
ids (nothing is built), ``--v1-shapes`` runs under
``tf.compat.v1.disable_v2_tensorshape()`` (what ``run --tf1`` does), names
of bases (``conv2d``, ``losses.log_loss``) restrict the run to them.
"""

import sys
import time

from slimcompat._compat import tf


def main(argv):
  tf.disable_eager_execution()
  import slimcompat  # pylint: disable=g-import-not-at-top
  from tests.fuzz import _positive_cases, _positive_run  # pylint: disable=g-import-not-at-top
  from tests.parity import harness  # pylint: disable=g-import-not-at-top
  cases = _positive_cases.generate(_positive_run.signatures(slimcompat))
  only = [a for a in argv if not a.startswith('-')]
  if only:
    cases = [c for c in cases if c.function in only]
  print('positive fuzz: seed %d, %d cases' % (_positive_cases.SEED,
                                             len(cases)))
  if '--list' in argv:
    for case in cases:
      print(_positive_cases.case_id(case))
    return
  if '--v1-shapes' in argv:
    tf.disable_v2_tensorshape()
  reference = harness.reference()
  start = time.time()
  outcomes, failures = [], []
  for case in cases:
    category, detail = _positive_run.classify(
        _positive_run.run(slimcompat, case),
        _positive_run.run(reference, case))
    outcomes.append(category)
    if category in _positive_run.FAILURES:
      failures.append('%s %s: %s' % (category, _positive_cases.case_id(case),
                                     detail))
    if '-v' in argv:
      print('%-45s %s %s' % (category, _positive_cases.case_id(case),
                             detail[:100]))
  print('%d cases in %.1f s' % (len(cases), time.time() - start))
  table = _positive_cases.counts_by_function(cases, outcomes)
  for function in sorted(table):
    print('  %-45s %s' % (function, ', '.join(
        '%s %d' % (k, n) for k, n in sorted(table[function].items()))))
  print('\n'.join(failures) or 'no failures')


if __name__ == '__main__':
  main(sys.argv[1:])
