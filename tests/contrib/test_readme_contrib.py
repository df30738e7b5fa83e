"""README's refused-module table is the alias table's, entry for entry."""

import os
import re

from slimcompat import _aliases
from slimcompat.contrib._missing import Refused

README = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'docs', 'contrib.md')


def test_readme_lists_every_refused_module_with_its_hint():
  text = open(README, encoding='utf-8').read()
  rows = dict(re.findall(r'^\| `(contrib\.[\w.]+)` \| (.+) \|$', text, re.M))
  table = {key[len('tensorflow.'):]: entry.hint
           for key, entry in _aliases.ALIASES.items()
           if isinstance(entry, Refused)}
  assert rows == table
