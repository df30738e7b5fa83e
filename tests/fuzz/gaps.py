"""The fuzz cases slimcompat does not yet get right, one per line.

`known_gaps.txt` lists ``kind<TAB>case id[<TAB>era]``: kind is 'class' (an
exception class that differs from the reference's without a deliberate
reason), 'debris' (something left in the graph after slimcompat raised) or
'retry' (the corrected call then failed); era, if given, is 'keras2' or
'keras3' when the gap shows only on TensorFlow before or from 2.16.  The
fuzz test fails on a gap not listed and on a listed gap that is gone, so
the list is exactly what remains to be done.  `python -m tests.fuzz.report
--gaps` prints the current gaps in this format.
"""

import os

from slimcompat import _compat

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                    'known_gaps.txt')
ERA = 'keras3' if _compat.KERAS3_ERA else 'keras2'


def problems(case_id, verdict, compare):
  """The (kind, case id) gaps of one classified case."""
  found = []
  if verdict.category == compare.DIFFERENT:
    found.append(('class', case_id))
  if verdict.debris:
    found.append(('debris', case_id))
  if verdict.retry:
    found.append(('retry', case_id))
  return found


def known(path=PATH):
  """{(kind, case id)} listed for this era."""
  entries = set()
  if not os.path.exists(path):
    return entries
  with open(path) as lines:
    for line in lines:
      line = line.rstrip('\n')
      if not line or line.startswith('#'):
        continue
      fields = line.split('\t')
      if len(fields) > 2 and fields[2] != ERA:
        continue
      entries.add((fields[0], fields[1]))
  return entries
