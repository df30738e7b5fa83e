"""conftest.py of a tree of tf-slim 1.1.0's own test files (written by run.py).

`tests/upstream/run.py` copies this file, as ``conftest.py``, next to the test
files it copied out of the reference wheel, together with ``upstream.json``
(the run's settings).  Before any test file is imported it

* applies the repair table (``tests/_repair.py``), so test files that reach
  for moved TensorFlow-private names find them;
* for target ``slimcompat``, calls ``slimcompat.install()`` so that every
  ``import tf_slim...`` in the test files gets slimcompat, and checks it did;
* for target ``slimcompat``, marks the node ids listed in
  ``tests/upstream/xfail.txt`` (whose condition holds) as strict xfails;
* counts outcomes per test file and writes them to the results file that
  run.py reads back.
"""

import collections
import importlib.util
import json
import os
import sys
import time

import pytest

_HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(_HERE, 'upstream.json')) as _file:
  CONFIG = json.load(_file)

if CONFIG['repo'] not in sys.path:
  sys.path.insert(0, CONFIG['repo'])

from tests import _repair

REPAIR = _repair.apply(test_code=True)

if CONFIG['target'] == 'slimcompat':
  import slimcompat
  slimcompat.install()

import tf_slim

_RESOLVED = os.path.dirname(os.path.abspath(tf_slim.__file__))
if (CONFIG['target'] == 'slimcompat') != (
    os.path.basename(_RESOLVED) == 'slimcompat'):
  raise RuntimeError('tf_slim resolves to %s, but this run\'s target is %s.'
                     % (_RESOLVED, CONFIG['target']))


def _condition_names():
  """Names an xfail.txt condition may use."""
  import numpy
  import tensorflow
  version = tuple(int(p) for p in tensorflow.__version__.split('.')[:2])
  return {
      'tf': version,
      'keras3': version >= (2, 16),
      'tf_keras': importlib.util.find_spec('tf_keras') is not None,
      'numpy2': int(numpy.__version__.split('.')[0]) >= 2,
      'target': CONFIG['target'],
  }


def _xfail_entries():
  """(node id, reason) for each xfail.txt entry whose condition holds."""
  if CONFIG['target'] != 'slimcompat' or not CONFIG.get('xfail'):
    return {}
  names = _condition_names()
  entries = {}
  for entry in CONFIG['xfail']:
    condition = entry['condition']
    if condition and not eval(condition, {'__builtins__': {}}, dict(names)):
      continue
    entries[entry['nodeid']] = entry['reason']
  return entries


XFAIL = _xfail_entries()


def pytest_report_header(config):
  del config
  return ['upstream target: %s (tf_slim -> %s)' % (CONFIG['target'], _RESOLVED),
          'repair table: %d repaired, missing: %s' %
          (len(REPAIR['repaired']), REPAIR['missing'] or 'none'),
          'strict xfails in force: %d' % len(XFAIL)]


def pytest_collection_modifyitems(config, items):
  del config
  for item in items:
    reason = XFAIL.get(item.nodeid)
    if reason is not None:
      item.add_marker(pytest.mark.xfail(strict=True, reason=reason))


class _Counter:
  """Counts outcomes per test file (on the controller when run with xdist)."""

  def __init__(self):
    self.counts = collections.defaultdict(collections.Counter)
    self.seconds = collections.defaultdict(float)
    self.failures = collections.defaultdict(list)
    self.seen = set()

  def _add(self, path, outcome, nodeid=None):
    self.counts[path][outcome] += 1
    if outcome in ('failed', 'errors') and nodeid:
      self.failures[path].append(nodeid)

  def pytest_collectreport(self, report):
    if report.failed:
      path = report.nodeid.split('::')[0] or '<collection>'
      self._add(path, 'errors', report.nodeid or path)

  def pytest_runtest_logreport(self, report):
    path = report.nodeid.split('::')[0]
    self.seen.add(report.nodeid)
    self.seconds[path] += report.duration
    xfail = hasattr(report, 'wasxfail')
    if report.when == 'call':
      if report.passed:
        self._add(path, 'xpassed' if xfail else 'passed')
      elif report.failed:
        self._add(path, 'failed', report.nodeid)
      else:
        self._add(path, 'xfailed' if xfail else 'skipped')
    elif report.when == 'setup':
      if report.failed:
        self._add(path, 'errors', report.nodeid)
      elif report.skipped:
        self._add(path, 'xfailed' if xfail else 'skipped')
    elif report.failed:  # teardown
      self._add(path, 'errors', report.nodeid)

  def pytest_sessionfinish(self, session, exitstatus):
    del session
    results = {
        'target': CONFIG['target'],
        'exitstatus': int(exitstatus),
        'repair': REPAIR,
        'xfail_in_force': sorted(XFAIL),
        'seen': sorted(self.seen),
        'files': {path: {'counts': dict(counts),
                         'seconds': round(self.seconds[path], 2),
                         'failures': self.failures[path]}
                  for path, counts in self.counts.items()},
        'finished': time.time(),
    }
    with open(CONFIG['results'], 'w') as out:
      json.dump(results, out, indent=1, sort_keys=True)


def pytest_configure(config):
  if not hasattr(config, 'workerinput'):  # the controller, or no xdist
    config.pluginmanager.register(_Counter(), 'upstream-counter')
