"""Classifies a fuzz case from slimcompat's and the reference's outcomes."""

import collections
from tests.fuzz import deliberate

# Categories, in the order reports list them.
SAME = 'same class'
DELIBERATE = 'deliberate difference'
DIFFERENT = 'different class'
REFERENCE_CANNOT = 'reference cannot build'
OURS_DEBRIS = 'slimcompat leaves debris'
BOTH_DEBRIS = 'both leave debris'
OURS_NAMES = 'slimcompat leaves names only'
BOTH_NAMES = 'both leave names only'
# Parts of a snapshot that only reserve names (a later call without an
# explicit scope would be named 'Conv_1'); no graph object is left.
_NAME_PARTS = ('names in use', 'scope counts')
RETRY_FAILS = 'retry fails'

Verdict = collections.namedtuple('Verdict', 'category debris retry note')


def name(error):
  return error.__name__ if error else 'ok'


def same_class(ours, theirs):
  """Equal, or ours a subclass of theirs (an ``except Theirs`` still
  catches it)."""
  if ours is None or theirs is None:
    return ours is theirs
  return issubclass(ours, theirs)


def classify(case_id, ours, theirs):
  """Returns a `Verdict` for one case.

  Args:
    case_id: the case's id (`_cases.case_id`).
    ours: slimcompat's `_run.Outcome` (with a retry).
    theirs: the reference's `_run.Outcome`, or None when not run.
  """
  if theirs is None or (theirs.error is not None and
                        issubclass(theirs.error, ImportError)):
    category = REFERENCE_CANNOT
    note = ''
  elif same_class(ours.error, theirs.error):
    category, note = SAME, ''
  else:
    entry = deliberate.find(case_id, ours.error, theirs.error)
    category = DELIBERATE if entry else DIFFERENT
    note = '%s vs reference %s' % (name(ours.error), name(theirs.error))
  debris = None
  if ours.error is not None and ours.debris:
    both = theirs is not None and theirs.error is not None and theirs.debris
    if names_only(ours.debris):
      debris = BOTH_NAMES if both else OURS_NAMES
    else:
      debris = BOTH_DEBRIS if both else OURS_DEBRIS
  retry = RETRY_FAILS if ours.retry_error is not None else None
  return Verdict(category, debris, retry, note)


def names_only(debris):
  return all(part.startswith(_NAME_PARTS) for part in debris)


def counts(verdicts):
  """{category: number of cases} over `verdicts`, debris and retry
  counted apart from the class comparison."""
  total = collections.Counter()
  for verdict in verdicts:
    total[verdict.category] += 1
    if verdict.debris:
      total[verdict.debris] += 1
    if verdict.retry:
      total[verdict.retry] += 1
  return total
