"""The six ways `slimcompat scan` got real trees wrong (issue 25), one small
corpus file or tree each (``corpus/scan_*``), scanned in-process.

1. call-time blockers of other files reach the script (``scan_calls``);
2. NumPy's removed aliases (``scan_numpy_alias.py``);
3. no false blockers (``scan_false_alarms.py``);
4. no crash on any file (``scan_global.py``, a reader fault);
5. verdicts in linear time on import cycles (a generated cycle);
6. entry points: module-level work, unparseable scripts, library self-tests
   demoted (``scan_entry``).
"""

import io
import json
import os
import sys
import textwrap

import numpy as np
import pytest

from slimcompat import _legacy_python
from slimcompat import cli
from slimcompat import _scan
from slimcompat._scan import _installed
from slimcompat._scan import _names
from slimcompat._scan import _report
from slimcompat._scan import _verdicts

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')


def corpus(name):
  return os.path.join(CORPUS, name)


def write(tmp_path, files):
  for name, source in files.items():
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source))
  return str(tmp_path)


# ------------------------------------------------------------ 1. call chains
def test_a_method_of_another_file_fails_the_script():
  report = _scan.scan([corpus('scan_calls')])
  train = report.verdicts[corpus('scan_calls/train.py')]
  assert (train.status, train.reached) == ('fails-when-called', True)
  assert train.blocker.file == corpus('scan_calls/network.py')
  assert (train.blocker.line, train.blocker.kind) == (17, 'not-served')
  assert train.function == 'Network.summaries'
  assert train.via == [corpus('scan_calls/train.py') + ':16 main',
                       corpus('scan_calls/solver.py') + ':13 '
                       'Solver.train_model',
                       corpus('scan_calls/network.py') + ':17 '
                       'Network.summaries']
  solver = report.verdicts[corpus('scan_calls/solver.py')]
  assert (solver.status, solver.function, solver.reached) == (
      'fails-when-called', 'Network.summaries', False)


def test_functions_constructors_and_bases_across_files(tmp_path):
  root = write(tmp_path, {
      'train.py': '''\
          from nets import factory
          import nets.base as base

          def main():
            model = factory.Model()
            base.helper()

          main()
          ''',
      'nets/__init__.py': '',
      'nets/factory.py': '''\
          from .base import Base

          class Model(Base):
            def __init__(self):
              self.build()
          ''',
      'nets/base.py': '''\
          import tensorflow as tf

          def helper():
            return 1

          class Base(object):
            def build(self):
              return tf.contrib.graph_editor.reroute_ts([], [])
          ''',
  })
  verdict = _scan.scan([root]).verdicts[os.path.join(root, 'train.py')]
  assert verdict.status == 'fails-when-called' and verdict.reached
  assert verdict.via == [os.path.join(root, 'train.py') + ':5 main',
                         os.path.join(root, 'nets/factory.py') +
                         ':5 Model.__init__',
                         os.path.join(root, 'nets/base.py') + ':8 Base.build']


def test_a_call_the_scan_cannot_follow_is_a_may(tmp_path):
  root = write(tmp_path, {
      'train.py': '''\
          import net

          def main(model):
            model.create_architecture()

          main(net.Net())
          ''',
      'net.py': '''\
          import tensorflow as tf

          class Net(object):
            def create_architecture(self):
              return tf.contrib.graph_editor.reroute_ts([], [])
          ''',
  })
  verdict = _scan.scan([root]).verdicts[os.path.join(root, 'train.py')]
  assert verdict.status == 'may-fail-when-called' and verdict.reached
  assert 'cannot be sure' in verdict.text
  assert verdict.blocker.file == os.path.join(root, 'net.py')


@pytest.mark.usefixtures('no_served_legacy_python')
def test_mutually_recursive_functions_end(tmp_path):
  root = write(tmp_path, {'a.py': '''\
      import b

      def ping(n):
        return b.pong(n - 1) if n else xrange(3)

      ping(2)
      ''', 'b.py': '''\
      import a

      def pong(n):
        return a.ping(n)
      '''})
  verdict = _scan.scan([root]).verdicts[os.path.join(root, 'b.py')]
  assert verdict.status == 'may-fail-when-called'
  assert verdict.blocker.name == 'builtins.xrange'


# ---------------------------------------------------------- 2. NumPy aliases
def _numpy_gone(alias):
  return alias in _legacy_python.numpy_removed(np.__version__)


def test_numpy_removed_aliases_block_plain_python():
  path = corpus('scan_numpy_alias.py')
  report = _scan.scan([path], installed=_installed.Installed(
      legacy_python=False))
  findings = {f.name: f for f in report.results[0].findings
              if f.kind == 'numpy-removed'}
  assert set(findings) == {'numpy.int', 'numpy.float'}
  assert 'write int' in findings['numpy.int'].hint
  verdict = report.verdicts[path]
  if _numpy_gone('int'):
    assert verdict.status == 'fails-when-called'
    assert (verdict.blocker.kind, verdict.blocker.line) == ('numpy-removed',
                                                            13)
  else:  # NumPy < 1.24: still there, a warning only
    assert verdict.status == 'runs'
    assert not findings['numpy.int'].blocking


def test_served_numpy_aliases_run_under_run_tf1_only():
  path = corpus('scan_numpy_alias.py')
  report = _scan.scan([path], installed=_installed.Installed(
      legacy_python=True))
  assert report.verdicts[path].status == 'runs'
  python = report.python_verdicts[path]
  document = json.loads(_report.to_json(report))['files'][0]
  if _numpy_gone('int'):
    assert python.status == 'fails-when-called'
    served = [f for f in document['findings'] if f['served']]
    assert {f['name'] for f in served} == {'numpy.int', 'numpy.float'}
    assert all(f['blocks_python'] and not f['blocking'] for f in served)
    assert document['python_verdict']['status'] == 'fails-when-called'
    assert 'Served by run --tf1' in _report.to_text(report)
  else:
    assert python.status == 'runs'


def test_python2_names_of_the_table_are_served(tmp_path):
  root = write(tmp_path, {'old.py': '''\
      import Queue
      import string

      def main():
        return [xrange(2), Queue.Queue(), string.letters, cmp(1, 2)]

      main()
      '''})
  report = _scan.scan([root], installed=_installed.Installed(
      legacy_python=True))
  findings = {f.name: f for f in report.results[0].findings}
  assert findings['Queue'].served == 'run --tf1'
  assert findings['builtins.xrange'].served == 'run --tf1'
  assert findings['string.letters'].served == 'run --tf1'
  assert findings['builtins.cmp'].served is None  # not in the table
  verdict = report.verdicts[os.path.join(root, 'old.py')]
  assert verdict.blocker.name == 'builtins.cmp'
  python = report.python_verdicts[os.path.join(root, 'old.py')]
  assert python.status == 'fails-at-import' and python.blocker.name == 'Queue'


def test_served_means_the_runtime_reads_the_table(tmp_path):
  package = tmp_path / 'pkg'
  (package / '_scan').mkdir(parents=True)
  (package / '_scan' / '_checks.py').write_text(
      'from slimcompat import _legacy_python\n')  # the scan itself: no
  (package / '_runner.py').write_text('import sys\n')
  assert not _installed._runtime_reads_legacy_table(str(package))
  (package / '_legacy').mkdir()
  (package / '_legacy' / '_serve.py').write_text(
      'from slimcompat import _legacy_python\n')
  assert _installed._runtime_reads_legacy_table(str(package))


def test_every_name_of_the_runtime_table_is_reported_served(tmp_path):
  table = _legacy_python
  lines = ['import numpy as np']
  lines += ['import %s' % m for m in sorted(table.PY2_MODULES)]
  lines += ['import %s' % m for m in sorted({m for m, _ in
                                             table.PY2_ATTRIBUTES})]
  lines += ['%s.%s' % key for key in sorted(table.PY2_ATTRIBUTES)]
  lines += sorted(table.PY2_BUILTINS)
  gone = table.numpy_removed(np.__version__)
  lines += ['np.%s' % name for name in gone]
  root = write(tmp_path, {'old.py': '\n'.join(lines) + '\n'})
  report = _scan.scan([root], installed=_installed.Installed(
      legacy_python=True))
  served = {f.name.replace('builtins.', '').replace('numpy.', 'np.')
            for f in report.results[0].findings if f.served == 'run --tf1'}
  expected = (set(table.PY2_MODULES) | {'%s.%s' % k for k in
                                        table.PY2_ATTRIBUTES} |
              set(table.PY2_BUILTINS) | {'np.' + n for n in gone})
  assert served == expected
  assert report.verdicts[os.path.join(root, 'old.py')].status == 'runs'


# ------------------------------------------------------- 3. no false alarms
def test_public_names_that_look_private_or_python2_do_not_block():
  path = corpus('scan_false_alarms.py')
  report = _scan.scan([path])
  assert report.verdicts[path].status == 'runs'
  blocking = [f for f in report.results[0].findings if f.blocking]
  assert blocking == []
  kinds = {f.name: f.kind for f in report.results[0].findings}
  assert 'private-tf' not in kinds.values()
  assert not any(name.startswith('tensorflow.core') for name in kinds)


def test_names_in_tensorflow_subpackages_are_looked_up_as_modules(tmp_path):
  root = write(tmp_path, {'x.py': '''\
      from tensorflow.compiler.tf2xla.python import xla
      from tensorflow.core import nosuch_pb2

      def f():
        return xla.dynamic_update_slice, nosuch_pb2.X
      '''})
  findings = _scan.scan([root]).results[0].findings
  assert [(f.name, f.kind) for f in findings if f.blocking] == [
      ('tensorflow.core.nosuch_pb2', 'tf-missing'),
      ('tensorflow.core.nosuch_pb2.X', 'tf-missing')]


def test_a_fallback_whose_try_fails_here_still_blocks(tmp_path):
  root = write(tmp_path, {'f.py': '''\
      try:
        import no_such_module_here
      except ImportError:
        import cPickle as no_such_module_here
      '''})
  finding, = _scan.scan([root]).results[0].findings
  assert finding.name == 'cPickle' and finding.context == 'import-time'


# ------------------------------------------------------------- 4. no crash
def test_a_module_level_global_statement():
  path = corpus('scan_global.py')
  assert _scan.scan([path]).verdicts[path].status == 'runs'


@pytest.mark.usefixtures('no_served_legacy_python')
def test_a_reader_fault_is_that_files_finding(tmp_path, monkeypatch):
  root = write(tmp_path, {'bad.py': 'x = 1\n', 'good.py': 'xrange(2)\n'})
  real = _names.read_module

  def read_module(tree, interesting):
    if any(isinstance(n, _names.ast.Constant) and n.value == 1
           for n in _names.ast.walk(tree)):
      raise RuntimeError('reader fault')
    return real(tree, interesting)

  monkeypatch.setattr(_names, 'read_module', read_module)
  report = _scan.scan([root])
  bad = report.verdicts[os.path.join(root, 'bad.py')]
  assert bad.blocker.kind == 'unreadable' and 'reader fault' in (
      bad.blocker.name)
  assert report.verdicts[os.path.join(root, 'good.py')].blocker.name == (
      'builtins.xrange')


def test_a_long_chain_of_re_exports_is_not_a_crash(tmp_path):
  files = {'m%d.py' % i: 'from m%d import f\n' % (i - 1)
           for i in range(1, 400)}
  files['m0.py'] = 'def f():\n  xrange(1)\n'
  files['main.py'] = 'import m399\nm399.f()\n'
  report = _scan.scan([write(tmp_path, files)])
  assert len(report.verdicts) == 401  # a verdict for each, the chain too long


def test_a_long_chain_of_base_classes_is_not_a_crash(tmp_path):
  files = {'c%d.py' % i: 'import c%d\n\nclass C(c%d.C):\n  pass\n' % (
      i - 1, i - 1) for i in range(1, 400)}
  files['c0.py'] = 'class C(object):\n  def __init__(self):\n    xrange(1)\n'
  files['main.py'] = 'import c399\nc399.C()\n'
  report = _scan.scan([write(tmp_path, files)])
  assert len(report.verdicts) == 401


def test_a_scanner_failure_exits_3_not_1(monkeypatch, capsys, tmp_path):
  def broken(paths, **_):
    raise RuntimeError('scanner fault')

  monkeypatch.setattr(_scan, 'scan', broken)
  (tmp_path / 'train.py').write_text('pass\n')  # no .py file: usage error
  assert cli.main(['scan', str(tmp_path)]) == 3
  assert 'scanner fault' in capsys.readouterr().err


# ------------------------------------------------------ 5. linear verdicts
def test_verdicts_on_an_import_cycle_are_linear(tmp_path, monkeypatch):
  count = 14
  files = {'m%d.py' % i: ''.join('import m%d\n' % j for j in range(count)
                                 if j != i) for i in range(count)}
  files['m%d.py' % (count - 1)] += 'import tensorflow.compat.v1 as tf\n'
  root = write(tmp_path, files)
  calls = [0]
  real = _verdicts.ImportGraph.targets
  limit = 20 * count * count  # a few visits of each import statement

  def targets(self, importer, local_import):
    calls[0] += 1
    if calls[0] > limit:
      raise AssertionError('the import walk is not linear')
    return real(self, importer, local_import)

  monkeypatch.setattr(_verdicts.ImportGraph, 'targets', targets)
  report = _scan.scan([root])
  # Nothing blocks: the answer every walk used to recompute.
  assert all(v.status == 'runs' for v in report.verdicts.values())
  assert calls[0] > 0


def test_progress_on_a_large_tree(tmp_path):
  stream = io.StringIO()
  root = write(tmp_path, {'a.py': '', 'b.py': ''})
  _scan.scan([root], progress=stream)
  assert 'scanned 2/2 files' in stream.getvalue()


def test_progress_only_on_a_terminal_and_a_large_tree(monkeypatch):
  class Terminal(io.StringIO):
    def isatty(self):
      return True

  terminal = Terminal()
  monkeypatch.setattr(sys, 'stderr', terminal)
  assert _scan._progress_stream(None, _scan.PROGRESS_FROM + 1) is terminal
  assert _scan._progress_stream(None, _scan.PROGRESS_FROM) is None
  monkeypatch.setattr(sys, 'stderr', io.StringIO())
  assert _scan._progress_stream(None, 10 ** 6) is None


# ------------------------------------------------------- 6. entry points
def test_entry_points_of_a_tree():
  report = _scan.scan([corpus('scan_entry')])
  entries = sorted(os.path.basename(r.path) for r in report.results
                   if r.entry_point)
  assert entries == ['legacy_train.py', 'train_at_top.py']
  legacy = report.verdicts[corpus('scan_entry/legacy_train.py')]
  assert legacy.blocker.kind == 'python2-syntax'


@pytest.mark.parametrize('source,entry', [
    ('import tf_slim as slim\nslim.learning.train(None, "/tmp/x")\n', True),
    ('def main():\n  pass\n\nmain()\n', True),
    ('import argparse\nparser = argparse.ArgumentParser()\n', False),
    ('def main():\n  pass\n', False),
])
def test_module_level_work_makes_an_entry_point(tmp_path, source, entry):
  root = write(tmp_path, {'x.py': source})
  assert _scan.scan([root]).results[0].entry_point == entry


def test_json_schema_3_has_the_call_chain():
  report = _scan.scan([corpus('scan_calls')])
  document = json.loads(_report.to_json(report))
  assert document['version'] == 3
  train, = [f for f in document['files'] if f['path'].endswith('train.py')]
  assert train['verdict']['via'][-1].endswith('network.py:17 '
                                              'Network.summaries')
  assert set(train['python_verdict']) == set(train['verdict'])
  assert 'served_by_run_tf1' in document['summary']
