"""The scan agrees with reality: what `slimcompat scan` predicts for each corpus
script is what `slimcompat run` then does with it.

One subprocess imports TensorFlow once, then forks a child per command
(`scan --json` of the corpus, and `run [--tf1]` of every script, with --tf1
when the scan says it is needed), so the whole check costs about one
TensorFlow start.  The run serves the legacy Python and NumPy names, as
``slimcompat run`` does, and is checked against the scan's verdict; where the
scan's verdict under plain python differs (a served name blocks there), the
script runs a second time with ``--no-legacy-python`` and is checked against
that verdict.  The scripts are every ``corpus/*.py`` plus the top-level
files of each corpus subfolder (a small tree each), found anew at each run:
a script added to the corpus is checked without a change here.

A script may say what the scan must answer for it in a header comment (its
first 15 lines): ``# expect: runs`` (or another status) checks the verdict's
status as well; ``# expect: differs: <why>`` marks a script on which scan and
run are known not to agree (strict xfail, so that a fix is noticed).
"""

import glob
import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from slimcompat import _compat
from slimcompat._scan import _installed
from tests.child_env import child_env

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')

# Runs `slimcompat scan --json CORPUS`, then `slimcompat run` on each script,
# each in a forked child of one interpreter; prints one JSON line per command.
DRIVER = textwrap.dedent(r'''
    import io, json, os, sys, traceback
    from slimcompat import cli
    from slimcompat import _runner

    corpus, arguments, scripts = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3:]

    def in_child(function):
      read_end, write_end = os.pipe()
      pid = os.fork()
      if pid == 0:
        os.close(read_end)
        sink = os.open(os.devnull, os.O_WRONLY)
        os.dup2(sink, 2)
        try:
          answer = function()
        except BaseException as error:  # reported, never raised
          answer = {'error': repr(error)}
        with os.fdopen(write_end, 'w') as out:
          out.write(json.dumps(answer))
        os._exit(0)
      os.close(write_end)
      with os.fdopen(read_end) as answer:
        text = answer.read()
      os.waitpid(pid, 0)
      return json.loads(text)

    def scan():
      sys.stdout = io.StringIO()
      status = cli.main(['scan', '--json', corpus])
      return {'status': status, 'report': json.loads(sys.stdout.getvalue())}

    def run(script, tf1, legacy_python):
      sys.stdout = open(os.devnull, 'w')
      try:
        # The runner itself: `slimcompat run` turns the script's exception
        # into Python's traceback and exit status 1; here we want the frame.
        _runner.run_script(script, arguments.get(os.path.basename(script), ()),
                           tf1=tf1, legacy_python=legacy_python)
      except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (
            0 if stop.code is None else 1)
        return {'status': code, 'frame': None, 'error': None}
      except BaseException as error:
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if os.path.abspath(f.filename).startswith(corpus + os.sep)]
        frame = ([frames[-1].filename, frames[-1].lineno, frames[-1].name]
                 if frames else None)
        if frame is None and isinstance(error, SyntaxError):
          frame = [error.filename, error.lineno, '<module>']
        return {'status': 1, 'frame': frame,
                'error': '%s: %s' % (type(error).__name__, error)}
      return {'status': 0, 'frame': None, 'error': None}

    report = in_child(scan)
    print(json.dumps(report))
    files = {f['path']: f for f in report['report']['files']}
    for script in scripts:
      found = files[script]
      answer = {'run': in_child(lambda: run(script, found['needs_tf1'], True))}
      plain = found['python_verdict']
      if (plain['status'], plain['blocker']) != (
          found['verdict']['status'], found['verdict']['blocker']):
        answer['plain'] = in_child(lambda: run(script, found['needs_tf1'],
                                               False))
      print(json.dumps(answer))
''')


def _scripts():
  scripts = sorted(glob.glob(os.path.join(CORPUS, '*.py')))
  for folder in sorted(glob.glob(os.path.join(CORPUS, '*', ''))):
    scripts += sorted(glob.glob(os.path.join(folder, '*.py')))
  return [s for s in scripts if not os.path.basename(s).startswith('_')]


_EXPECT = re.compile(r'^#\s*expect:\s*(.+?)\s*$')
STATUSES = ('runs', 'fails-at-import', 'fails-when-called',
            'may-fail-when-called')


def expectation(script):
  """The script's `# expect:` header: a status, ('differs', why) or None."""
  with open(script, 'rb') as handle:
    head = handle.read(4000).decode('utf-8', 'replace').splitlines()[:15]
  for line in head:
    found = _EXPECT.match(line.strip())
    if found:
      words = found.group(1)
      if words.startswith('differs'):
        return ('differs', words.partition(':')[2].strip() or words)
      assert words in STATUSES, '%s: unknown expectation %r' % (script, words)
      return words
  return None


def _cases():
  cases = []
  for script in _scripts():
    expected = expectation(script)
    marks = ()
    if isinstance(expected, tuple):
      marks = (pytest.mark.xfail(strict=True, reason=expected[1]),)
    cases.append(pytest.param(script, id=os.path.relpath(script, CORPUS),
                              marks=marks))
  return cases


def _arguments(logdir):
  """Command lines of the scripts that write (to a test's own folder)."""
  return {'legacy_python_train.py': ['--logdir', logdir, '--max_steps', '4']}


@pytest.fixture(scope='module')
def outcomes(tmp_path_factory):
  scripts = _scripts()
  arguments = json.dumps(_arguments(str(tmp_path_factory.mktemp('logdir'))))
  env = child_env()
  result = subprocess.run([sys.executable, '-c', DRIVER, CORPUS, arguments] +
                          scripts,
                          capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=600, check=False)
  lines = result.stdout.strip().splitlines()
  assert result.returncode == 0 and len(lines) == len(scripts) + 1, (
      result.stdout[-3000:] + result.stderr[-3000:])
  scan = json.loads(lines[0])
  assert 'report' in scan, scan
  runs = dict(zip(scripts, [json.loads(line) for line in lines[1:]]))
  files = {f['path']: f for f in scan['report']['files']}
  return scan, files, runs


CALLED = ('fails-when-called', 'may-fail-when-called')


def _agrees(verdict, outcome):
  """None if the run did what the verdict said, else why not.

  'may fail when F is called' (a use under a condition the scan cannot
  evaluate) agrees with a clean exit and with a failure at the named use.
  """
  frame = outcome['frame']
  if verdict['status'] == 'runs' or (verdict['status'] in CALLED
                                     and not verdict['reached']):
    if outcome['status'] != 0:
      return 'scan said it runs; it failed: %s' % outcome['error']
    return None
  if verdict['status'] == 'may-fail-when-called' and outcome['status'] == 0:
    return None
  if outcome['status'] == 0 or frame is None:
    return 'scan said %r; it exited %s (%s)' % (verdict['text'],
                                                 outcome['status'],
                                                 outcome['error'])
  blocker = verdict['blocker']
  if verdict['status'] == 'fails-at-import':
    expected = [os.path.abspath(blocker['file']), blocker['line'], '<module>']
  else:  # the frame of the function that holds the blocker
    expected = [os.path.abspath(blocker['file']), blocker['line'],
                (blocker.get('function') or verdict['function']).split('.')[-1]]
  actual = [os.path.abspath(frame[0]), frame[1], frame[2]]
  if actual != expected:
    return 'scan said %r; it failed at %s (%s)' % (verdict['text'], actual,
                                                   outcome['error'])
  return None


@pytest.mark.parametrize('script', _cases())
def test_scan_verdict_matches_run(outcomes, script):
  _, files, runs = outcomes
  verdict = files[script]['verdict']
  problem = _agrees(verdict, runs[script]['run'])
  assert problem is None, problem
  if 'plain' in runs[script]:  # --no-legacy-python: the plain python verdict
    problem = _agrees(files[script]['python_verdict'], runs[script]['plain'])
    assert problem is None, 'without the legacy names: %s' % problem
  expected = expectation(script)
  if isinstance(expected, str):
    assert verdict['status'] == expected, verdict['text']


def _status(files, name):
  return files[os.path.join(CORPUS, name)]['verdict']['status']


def test_failing_verdicts_are_exercised(outcomes):
  """The corpus holds each kind of verdict, so agreement means something."""
  scan, files, _ = outcomes
  assert scan['status'] == 1
  assert _status(files, 'scan_contrib_import.py') == 'fails-at-import'
  assert _status(files, 'unsupported.py') == 'fails-at-import'
  assert _status(files, 'scan_guarded.py') == 'runs'
  xrange = files[os.path.join(CORPUS, 'scan_xrange.py')]
  if _installed.Installed().legacy_python_served():  # run --tf1 serves it
    assert xrange['verdict']['status'] == 'runs'
    assert xrange['python_verdict']['status'] == 'fails-when-called'
  else:
    assert xrange['verdict']['status'] == 'fails-when-called'
    assert xrange['verdict']['reached']
  legacy = files[os.path.join(CORPUS, 'legacy_python_train.py')]
  assert legacy['verdict']['status'] == 'runs'
  assert legacy['python_verdict']['blocker']['name'] == 'Queue'
  calls = files[os.path.join(CORPUS, 'scan_calls/train.py')]['verdict']
  assert calls['status'] == 'fails-when-called' and len(calls['via']) == 3
  assert _status(files, 'scan_py2_pair/legacy_py2.py') == 'fails-at-import'
  assert _status(files, 'scan_py2_pair/good.py') == 'runs'
  train = files[os.path.join(CORPUS, 'scan_transitive/train.py')]['verdict']
  assert train['status'] == 'fails-at-import'
  assert train['blocker']['file'].endswith(os.path.join('nets', 'net.py'))
  assert train['via'] == [os.path.join(CORPUS, 'scan_transitive/train.py:5')]
  for name in ('tf1_contrib_slim.py', 'tf1_contrib_nets.py', 'tf2_tf_slim.py',
               'tf1_contrib_layers.py', 'tf1_from_contrib_import.py',
               'contrib_guarded_fallback.py'):  # getattr(x, 'y', default)
    assert _status(files, name) == 'runs', name
  quantize = files[os.path.join(CORPUS, 'contrib_quantize_flag.py')]
  assert quantize['verdict']['status'] == 'may-fail-when-called'
  assert quantize['verdict']['reached']
  assert quantize['verdict']['blocker']['condition'] == 'if FLAGS.quantize'
  assert 'may fail when main is called (under `if FLAGS.quantize`)' in (
      quantize['verdict']['text'])


def test_estimator_verdict_follows_the_installed_tensorflow(outcomes):
  scan, files, _ = outcomes
  assert scan['report']['tensorflow'] == _compat.tf2.__version__
  verdict = files[os.path.join(CORPUS, 'scan_estimator.py')]['verdict']
  if _compat.TF_VERSION >= (2, 16):
    assert verdict['status'] == 'fails-at-import'
    assert verdict['blocker']['kind'] == 'tf-missing'
    assert '2.16' in verdict['blocker']['hint']
  else:
    assert verdict['status'] == 'runs'


def test_tf1_is_asked_for_exactly_where_needed(outcomes):
  _, files, _ = outcomes
  needs = {os.path.relpath(path, CORPUS) for path, f in files.items()
           if f['needs_tf1']}
  assert 'tf2_tf_slim.py' not in needs  # import tensorflow.compat.v1 as tf
  assert 'scan_guarded.py' not in needs
  assert 'scan_py2_pair/good.py' not in needs
  assert {'tf1_contrib_slim.py', 'tf1_contrib_nets.py', 'scan_xrange.py',
          'scan_estimator.py', 'scan_transitive/train.py'} <= needs


def test_may_fail_agrees_with_a_clean_exit_or_a_failure_at_the_use():
  blocker = {'file': '/c/train.py', 'line': 21}
  verdict = {'status': 'may-fail-when-called', 'reached': True,
             'function': 'main', 'blocker': blocker, 'text': 'may fail ...'}
  clean = {'status': 0, 'frame': None, 'error': None}
  at_use = {'status': 1, 'frame': ['/c/train.py', 21, 'main'], 'error': 'E'}
  elsewhere = {'status': 1, 'frame': ['/c/train.py', 9, 'main'], 'error': 'E'}
  assert _agrees(verdict, clean) is None
  assert _agrees(verdict, at_use) is None
  assert 'failed at' in _agrees(verdict, elsewhere)
  certain = dict(verdict, status='fails-when-called')
  assert 'exited 0' in _agrees(certain, clean)
  assert _agrees(certain, at_use) is None
