"""Deliberate differences from the reference's exception classes.

Each entry matches case ids (a regular expression over `_cases.case_id`) and
states the class slimcompat raises, the class the reference raises, and why
slimcompat differs.  `None` as a class means "no exception".  An entry only
excuses the exact pair of classes it names.
"""

import collections
import re

Deliberate = collections.namedtuple('Deliberate', 'pattern ours theirs reason')

TABLE = (
)


def find(case_id, ours, theirs):
  """The entry excusing `ours` vs `theirs` for `case_id`, or None."""
  for entry in TABLE:
    if (entry.ours is ours and entry.theirs is theirs and
        re.search(entry.pattern, case_id)):
      return entry
  return None
