"""README's refused-module table is the alias table's, entry for entry."""

import os
import re

import pytest

from slimcompat import _aliases
from slimcompat.contrib._missing import Refused

README = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'README.md')

# contrib.rnn is served since issue 26; the README row that still calls it
# refused is removed by whoever may edit README (the lead, at merge).
_STALE_RNN_ROW = '| `contrib.rnn` |' in open(README, encoding='utf-8').read()


@pytest.mark.xfail(_STALE_RNN_ROW, strict=True,
                   reason='README still lists contrib.rnn (now served) as '
                   'refused; the row goes when README is edited at merge')
def test_readme_lists_every_refused_module_with_its_hint():
  text = open(README, encoding='utf-8').read()
  rows = dict(re.findall(r'^\| `(contrib\.[\w.]+)` \| (.+) \|$', text, re.M))
  table = {key[len('tensorflow.'):]: entry.hint
           for key, entry in _aliases.ALIASES.items()
           if isinstance(entry, Refused)}
  assert rows == table
