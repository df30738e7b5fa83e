"""docs/scan.md's example report is what `slimcompat scan` prints today.

``SLIMCOMPAT_UPDATE_DOCS=1 pytest tests/cli/test_scan_docs.py`` rewrites it;
the comparison ignores the TensorFlow version in the headline (CI runs
several).
"""

import os
import re

import pytest

from slimcompat import cli
from slimcompat._scan import _report

pytestmark = pytest.mark.usefixtures('no_served_legacy_python')

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
DOC = os.path.join(ROOT, 'docs', 'scan.md')
COMMAND = ['scan', 'tests/cli/corpus/scan_calls']
BEGIN, END = '<!-- example: begin -->\n', '<!-- example: end -->\n'


def _normalise(text):
  return re.sub(r'TensorFlow \S+( \(Keras 3\))?', 'TensorFlow X', text)


def _example(capsys, monkeypatch):
  monkeypatch.chdir(ROOT)
  status = cli.main(COMMAND)
  out = capsys.readouterr().out
  return status, '```\n$ slimcompat %s\n%s```\n' % (' '.join(COMMAND), out)


def test_the_example_report_is_current(capsys, monkeypatch):
  status, example = _example(capsys, monkeypatch)
  assert status == 1
  with open(DOC, encoding='utf-8') as handle:
    doc = handle.read()
  head, rest = doc.split(BEGIN)
  written, tail = rest.split(END)
  if os.environ.get('SLIMCOMPAT_UPDATE_DOCS'):
    with open(DOC, 'w', encoding='utf-8') as handle:
      handle.write(head + BEGIN + example + END + tail)
    written = example
  assert _normalise(written) == _normalise(example)


def test_the_documented_schema_is_the_current_one():
  with open(DOC, encoding='utf-8') as handle:
    doc = handle.read()
  assert '## JSON schema, version %d' % _report.VERSION in doc
  assert '{"version": %d,' % _report.VERSION in doc
