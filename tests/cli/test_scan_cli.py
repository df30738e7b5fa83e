"""`slimcompat scan` as a command: formats, exit status, a quiet report."""

import json
import os
import subprocess
import sys

import pytest

from slimcompat import cli
from tests.child_env import child_env

pytestmark = pytest.mark.usefixtures('no_served_legacy_python')


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
CLEAN = 'import tf_slim as slim\nslim.conv2d\nslim.losses.log_loss\n'
BLOCKED = ('import tensorflow as tf\nx = tf.placeholder(tf.float32)\n\n'
           'def main(_):\n  for i in xrange(3):\n    pass\n\n'
           'if __name__ == "__main__":\n  tf.app.run()\n')


def scan(capsys, *args):
  status = cli.main(['scan'] + [str(a) for a in args])
  return status, capsys.readouterr().out


def test_clean_tree_exits_0(tmp_path, capsys):
  (tmp_path / 'clean.py').write_text(CLEAN)
  status, out = scan(capsys, tmp_path)
  assert status == 0, out
  assert out.startswith('slimcompat scan: 1 files, 0 entry points')
  assert 'Blockers by kind: none' in out
  assert 'tf_slim.conv2d' not in out  # only --verbose lists every use
  status, verbose = scan(capsys, '--verbose', tmp_path)
  assert 'ok' in verbose and 'tf_slim.losses.log_loss' in verbose


def test_text_report_puts_the_summary_first(tmp_path, capsys):
  (tmp_path / 'train.py').write_text(BLOCKED)
  status, out = scan(capsys, tmp_path)
  assert status == 1
  entry = out.index('Entry points')
  blockers = out.index('Blockers by kind')
  files = out.index('\nFiles')
  assert entry < blockers < files
  assert 'fails when main is called: xrange (python2)' in out
  assert '(the script calls it)  [run with --tf1]' in out
  assert 'fix: use range' in out
  assert 'needs --tf1 for: tf.placeholder, tf.app.run' in out


def test_json_schema(tmp_path, capsys):
  (tmp_path / 'train.py').write_text(BLOCKED)
  (tmp_path / 'old.py').write_text('print "x"\n')
  status, out = scan(capsys, '--json', tmp_path)
  assert status == 1
  report = json.loads(out)
  assert report['version'] == 3
  assert set(report) == {'version', 'tensorflow', 'keras3', 'tensorflow_error',
                         'paths', 'summary', 'files'}
  assert report['summary']['fails_when_called'] == 1
  assert report['summary']['fails_at_import'] == 1
  assert report['summary']['may_fail_when_called'] == 0
  assert report['summary']['blockers'] == {'python2': 1, 'python2-syntax': 1}
  assert report['summary']['possible_blockers'] == {}
  assert report['summary']['served_by_run_tf1'] == {}
  files = {os.path.basename(f['path']): f for f in report['files']}
  train = files['train.py']
  assert train['entry_point'] and train['needs_tf1']
  assert set(train['verdict']) == {'status', 'text', 'function', 'reached',
                                   'blocker', 'via'}
  assert train['verdict']['blocker'] == {
      'file': str(tmp_path / 'train.py'), 'line': 5, 'kind': 'python2',
      'name': 'builtins.xrange', 'context': 'call-time', 'function': 'main',
      'blocking': True, 'hint': 'use range', 'condition': None,
      'served': None, 'blocks_python': True}
  assert train['python_verdict'] == train['verdict']
  assert {'line': 2, 'name': 'tensorflow.placeholder',
          'context': 'import-time', 'function': None, 'ok': True} in (
              train['uses'])
  assert files['old.py']['verdict']['blocker']['kind'] == 'python2-syntax'


MAYBE = ('import sys\n\ndef main():\n  if "--py2" in sys.argv:\n'
         '    for i in xrange(3):\n      pass\n\n'
         'if __name__ == "__main__":\n  main()\n')


def test_may_fail_is_a_possible_blocker_and_exits_1(tmp_path, capsys):
  (tmp_path / 'train.py').write_text(MAYBE)
  status, out = scan(capsys, tmp_path)
  assert status == 1
  assert ("may fail when main is called (under `if '--py2' in sys.argv`): "
          'xrange (python2)') in out
  assert '1 may fail when a function is called' in out
  assert 'Blockers by kind: none' in out
  possible = out.index('Possible blockers by kind')
  assert out.index('python2', possible) < out.index('\nFiles')
  assert "in main, under if '--py2' in sys.argv" in out
  status, out = scan(capsys, '--json', tmp_path)
  report = json.loads(out)
  verdict = report['files'][0]['verdict']
  assert verdict['status'] == 'may-fail-when-called' and verdict['reached']
  assert verdict['blocker']['condition'] == "if '--py2' in sys.argv"
  assert report['summary']['possible_blockers'] == {'python2': 1}
  status, out = scan(capsys, '--markdown', tmp_path)
  assert '### Possible blockers by kind' in out
  assert "under `if '--py2' in sys.argv`" in out


def test_markdown(tmp_path, capsys):
  (tmp_path / 'train.py').write_text(BLOCKED)
  status, out = scan(capsys, '--markdown', tmp_path)
  assert status == 1
  assert out.startswith('## slimcompat scan:')
  assert '| kind | count | names | fix |' in out
  assert '| python2 | 1 | xrange | use range |' in out


def test_missing_path_is_a_usage_error(tmp_path, capsys):
  status = cli.main(['scan', str(tmp_path / 'nope')])
  assert status == 2
  assert 'nope' in capsys.readouterr().err


def test_report_is_free_of_tensorflow_log_lines(tmp_path):
  # A separate process: cmp, which no runtime serves, keeps it blocked.
  (tmp_path / 'train.py').write_text(BLOCKED.replace('xrange(3)',
                                                     'range(cmp(3, 1))'))
  env = child_env(tf_log_level=None)
  result = subprocess.run(
      [sys.executable, '-m', 'slimcompat.cli', 'scan', '--json',
       str(tmp_path)], capture_output=True, text=True, env=env, timeout=300,
      check=False)
  assert result.returncode == 1, result.stderr[-2000:]
  report = json.loads(result.stdout)  # nothing but the report on stdout
  assert report['files'][0]['verdict']['status'] == 'fails-when-called'
