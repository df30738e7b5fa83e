"""Differential fuzz test of bad input against the reference tf-slim 1.1.0.

About a thousand seeded calls (see `_cases`) of the variable functions, the
conv / dense / normalization / pooling / dropout / reshape layers, repeat,
stack and arg_scope, each with one or two arguments made bad or unusual, are
run against slimcompat and against the reference, each in a fresh graph.
For each call:

1. the exception class is the reference's (or a subclass of it), or the
   difference is listed with its reason in `deliberate.TABLE`;
2. if slimcompat raised, the graph holds exactly what it held before the
   call (ops, names, every collection, the variable store, variable-scope
   counters, the arg_scope stack);
3. if slimcompat raised, the corrected call with the same scope then
   succeeds in the same graph.

Where the reference cannot build a case at all (its batch_norm needs the
legacy Keras layers, absent under Keras 3 without tf_keras), only 2. and 3.
are checked.  What is not yet right is listed, case by case, in
`known_gaps.txt` (see `gaps`): a gap not listed, or a listed one that is
gone, fails.  `python -m tests.fuzz.report -v` prints the counts and cases.
"""

import pytest

import slimcompat
from tests.fuzz import _cases
from tests.fuzz import _compare
from tests.fuzz import _run
from tests.fuzz import gaps
from tests.fuzz import report
from tests.parity import harness

CASES = _cases.generate(report.signatures(slimcompat))


def test_enough_cases():
  assert len(CASES) >= 800
  assert len(set(_cases.case_id(c) for c in CASES)) >= 750


@pytest.mark.parametrize('key', sorted(_cases.BASES))
def test_base_call_succeeds_in_both(key):
  case = _cases.Case(key, (), False)
  assert _run.run(slimcompat, case).error is None
  theirs = _run.run(harness.reference(), case).error
  assert theirs is None or issubclass(theirs, ImportError), theirs


@pytest.mark.parametrize('key', sorted(_cases.BASES))
def test_bad_input_like_reference_and_leaves_nothing(key):
  reference = harness.reference()
  known = set(k for k in gaps.known() if _base_of(k[1]) == key)
  found, details, compared = set(), [], set()
  for case in CASES:
    if case.function != key:
      continue
    case_id = _cases.case_id(case)
    ours = _run.run(slimcompat, case, retry=True)
    theirs = _run.run(reference, case)
    verdict = _compare.classify(case_id, ours, theirs)
    if verdict.category != _compare.REFERENCE_CANNOT:
      compared.add(case_id)
    for problem in gaps.problems(case_id, verdict, _compare):
      found.add(problem)
      if problem not in known:
        details.append('%s %s: %s' % (problem[0], case_id, {
            'class': '%s (%s)' % (verdict.note, ours.message[:300]),
            'debris': 'raised %s and left %s' % (
                _compare.name(ours.error), '; '.join(ours.debris)),
            'retry': 'the corrected retry raised %s' % (
                _compare.name(ours.retry_error)),
        }[problem[0]]))
  gone = sorted(k for k in known - found
                if k[0] != 'class' or k[1] in compared)
  assert not details, 'new gaps (fix them, or list them in %s):\n%s' % (
      gaps.PATH, '\n'.join(details))
  assert not gone, 'gaps now closed (remove them from %s): %s' % (
      gaps.PATH, gone)


def _base_of(case_id):
  return case_id.split('(')[0]


def test_deliberate_entries_are_used():
  """Every entry of the table still excuses some generated case."""
  from tests.fuzz import deliberate  # pylint: disable=g-import-not-at-top
  import re  # pylint: disable=g-import-not-at-top
  ids = [_cases.case_id(c) for c in CASES]
  for entry in deliberate.TABLE:
    assert any(re.search(entry.pattern, i) for i in ids), entry.pattern
    assert entry.reason
