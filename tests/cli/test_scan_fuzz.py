"""The scan's reader never stops the report: a seeded fuzz of broken sources.

Every Python file of the CLI corpus, cut at random points; deep nesting of
blocks, brackets, expressions, functions and classes; odd encodings (UTF-16,
a BOM, a Latin-1 cookie, invalid UTF-8, NUL bytes, CR line ends, lone
surrogate escapes).  One scan of the lot, in-process, and the CLI on it:
no exception, one result per file, a finding for each file that cannot be
read, exit status 0 or 1 (never 3), and a JSON report.  The case list is
printed with its seed.
"""

import glob
import io
import json
import os
import random
import sys

from slimcompat import cli
from slimcompat import _scan

SEED = 2025
CUTS = 60
CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')
UNREADABLE_KINDS = {'syntax', 'python2-syntax', 'encoding', 'unreadable'}


def _nested(depth):
  """Sources nested `depth` deep in the ways a reader recurses."""
  blocks = ''.join('%sif x:\n' % (' ' * i) for i in range(depth))
  return {
      'blocks': blocks + ' ' * depth + 'xrange(1)\n',
      'brackets': 'y = ' + '(' * depth + '1' + ')' * depth + '\n',
      'sum': 'y = ' + ' + '.join(['tf.contrib.a'] * depth * 20) + '\n',
      'calls': 'y = ' + 'f(' * depth + ')' * depth + '\n',
      'defs': ''.join('%sdef f%d():\n' % (' ' * i, i) for i in range(depth)) +
              ' ' * depth + 'return xrange(2)\n',
      'classes': ''.join('%sclass C%d:\n' % (' ' * i, i)
                         for i in range(depth)) + ' ' * depth + 'x = 1\n',
      'lambdas': 'f = ' + 'lambda: ' * depth + 'xrange(1)\n',
      'attrs': 'import tensorflow as tf\ny = tf' + '.a' * depth * 10 + '\n',
      'globals': 'global x\n' * depth + 'x = 1\n',
  }


def _encodings(source):
  text = source.decode('utf-8', 'replace')
  return {
      'utf16': text.encode('utf-16'),
      'bom': b'\xef\xbb\xbf' + source,
      'latin1': b'# -*- coding: latin-1 -*-\n' + text.encode(
          'latin-1', 'replace') + b'\nname = "caf\xe9"\n',
      'bad_utf8': source[:len(source) // 2] + b'\xff\xfe\xc3' +
                  source[len(source) // 2:],
      'nul': source.replace(b'\n', b'\n\x00', 1),
      'cr': source.replace(b'\n', b'\r'),
      'surrogate': b'x = "\\udc80"\n' + source,
      'bad_cookie': b'# coding: no-such-codec\n' + source,
  }


def _cases(rng):
  sources = sorted(glob.glob(os.path.join(CORPUS, '**', '*.py'),
                             recursive=True))
  cases = {}
  for index in range(CUTS):
    path = rng.choice(sources)
    with open(path, 'rb') as handle:
      source = handle.read()
    cut = rng.randrange(len(source) + 1)
    cases['cut_%02d_%s_at_%d.py' % (index, os.path.basename(path)[:-3],
                                    cut)] = source[:cut]
  for depth in (50, 200, 1200):
    for name, text in _nested(depth).items():
      cases['nested_%s_%d.py' % (name, depth)] = text.encode()
  sample = rng.choice(sources)
  with open(sample, 'rb') as handle:
    sample_source = handle.read()
  for name, data in _encodings(sample_source).items():
    cases['encoding_%s.py' % name] = data
  return cases


def test_the_scan_survives_broken_sources(tmp_path):
  rng = random.Random(SEED)
  cases = _cases(rng)
  print('seed %d, %d cases: %s' % (SEED, len(cases), ', '.join(sorted(cases))))
  for name, data in cases.items():
    (tmp_path / name).write_bytes(data)
  report = _scan.scan([str(tmp_path)])
  assert len(report.results) == len(cases)
  for result in report.results:
    try:
      compile(open(result.path, 'rb').read(), result.path, 'exec')
      parses = True
    except (SyntaxError, ValueError, UnicodeError, RecursionError,
            MemoryError):
      parses = False
    kinds = {f.kind for f in result.findings}
    if not parses:
      assert kinds & UNREADABLE_KINDS, (result.path, kinds)
    assert report.verdicts[result.path].status in (
        'runs', 'fails-at-import', 'fails-when-called',
        'may-fail-when-called')


def test_the_command_reports_on_broken_sources(tmp_path, monkeypatch):
  rng = random.Random(SEED + 1)
  for name, data in _cases(rng).items():
    (tmp_path / name).write_bytes(data)
  out = io.StringIO()
  monkeypatch.setattr(sys, 'stdout', out)
  status = cli.main(['scan', '--json', str(tmp_path)])
  assert status in (0, 1)
  document = json.loads(out.getvalue())
  assert document['summary']['files'] == len(os.listdir(tmp_path))
