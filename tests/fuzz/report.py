"""Prints the fuzz test's counts: ``python -m tests.fuzz.report [-v]``.

Runs every generated case against slimcompat and the reference tf-slim and
prints how many give the same exception class, how many differ (deliberately
or not), and how many leave something behind.  ``-v`` lists the cases that
differ or leave debris, ``--tsv`` every case, ``--gaps`` the gaps in the
format of `known_gaps.txt`; names of bases (``conv2d``)
restrict the run to them.
"""

import inspect
import sys
import time

from slimcompat._compat import tf


def main(argv):
  tf.disable_eager_execution()
  import slimcompat  # pylint: disable=g-import-not-at-top
  from tests.fuzz import _cases, _compare, _run, gaps  # pylint: disable=g-import-not-at-top
  from tests.parity import harness  # pylint: disable=g-import-not-at-top
  reference = harness.reference()
  cases = _cases.generate(signatures(slimcompat))
  only = [a for a in argv if not a.startswith('-')]
  if only:
    cases = [c for c in cases if c.function in only]
  verdicts = []
  start = time.time()
  for case in cases:
    case_id = _cases.case_id(case)
    ours = _run.run(slimcompat, case, retry=True)
    theirs = _run.run(reference, case)
    verdict = _compare.classify(case_id, ours, theirs)
    verdicts.append(verdict)
    if '--gaps' in argv:
      for kind, _ in gaps.problems(case_id, verdict, _compare):
        print('%s\t%s' % (kind, case_id))
    if '--tsv' in argv:
      print('\t'.join([case_id, _name(ours.error), _name(theirs.error),
                       verdict.category, verdict.debris or '',
                       ours.message[:200].replace('\n', ' '),
                       theirs.message[:200].replace('\n', ' ')]))
    if '-v' in argv and (verdict.category in (_compare.DIFFERENT,
                                              _compare.DELIBERATE) or
                         verdict.debris or verdict.retry):
      print('%-22s %-26s %-10s %s\n    ours: %s\n    debris: %s' % (
          verdict.category, verdict.note, verdict.debris or '',
          case_id, ours.message[:160].replace('\n', ' '),
          '; '.join(ours.debris)[:200]))
  out = sys.stderr if '--gaps' in argv else sys.stdout
  print('%d cases in %.1f s' % (len(cases), time.time() - start), file=out)
  for category, number in sorted(_compare.counts(verdicts).items()):
    print('  %-30s %d' % (category, number), file=out)


def _name(error):
  return error.__name__ if error else 'ok'


def signatures(slim):
  names = set(_cases_function_names())
  return {n: list(inspect.signature(getattr(slim, n)).parameters)
          for n in names}


def _cases_function_names():
  from tests.fuzz import _cases  # pylint: disable=g-import-not-at-top
  return [_cases.function_name(key) for key in _cases.BASES]


if __name__ == '__main__':
  main(sys.argv[1:])
