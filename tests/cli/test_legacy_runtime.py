"""The legacy runtime of `slimcompat run` (`slimcompat/_legacy_runtime.py`):
NumPy's removed aliases, Python 2 names and TF 1.15 call forms served to the
script it runs, and only to it.

Three subprocesses: the corpus script trained with the names served, the same
script with ``--no-legacy-python``, and one interpreter that checks what
`import slimcompat`, `install()` and `run_script` leave behind.
"""

import json
import os
import re
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

from slimcompat import _legacy_runtime
from tests.cli.test_cli import own_lines
from tests.cli.test_cli import script
from tests.cli.test_cli import slimcompat
from tests.child_env import child_env

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
SUMMARY = re.compile(r'^slimcompat: served legacy names: (.*) \u2014 fix them '
                     r'to run without slimcompat$')
STEPS = 12


def _numpy_lacks(name):
  """Whether the installed NumPy itself has no attribute `name` (found
  without slimcompat: this process serves nothing)."""
  with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    return not hasattr(np, name)


def _served(stderr):
  """{name: count} of the summary line in `stderr`; asserts it is printed
  exactly once, as the last line."""
  lines = [l for l in own_lines(stderr) if SUMMARY.match(l)]
  assert len(lines) == 1, stderr[-3000:]
  assert own_lines(stderr)[-1] == lines[0]
  items = SUMMARY.match(lines[0]).group(1).split(', ')
  return {name: int(count) for name, count in
          (item.split(' \u00d7') for item in items)}


def test_legacy_script_trains_under_run_tf1(tmp_path):
  result = slimcompat('run', '--tf1', script('legacy_python_train.py'),
                      '--logdir', str(tmp_path), '--max_steps', str(STEPS))
  assert result.returncode == 0, result.stderr[-3000:]
  losses = [float(v) for v in re.findall(r'global step \d+: loss = ([\d.]+)',
                                         result.stderr)]
  assert len(losses) == STEPS, result.stderr[-3000:]
  assert losses[-1] < losses[0] / 10
  # Keras 2 named the loss so on a TF1 variable; Keras 3 does on its value.
  assert "REG ['weights/Regularizer/mul:0']" in result.stdout
  # The reader thread makes one batch per step with np.float, np.bool and
  # np.int (NumPy 2 has np.bool again: then it is NumPy's own, not served).
  expected = {'Queue': 1, 'xrange': 1}
  for name in ('float', 'bool', 'int'):
    if _numpy_lacks(name):
      expected['np.' + name] = STEPS
  assert _served(result.stderr) == expected


def test_no_legacy_python_fails_as_python_does(tmp_path):
  result = slimcompat('run', '--tf1', '--no-legacy-python',
                      script('legacy_python_train.py'), '--logdir',
                      str(tmp_path))
  assert result.returncode == 1
  lines = own_lines(result.stderr)
  assert lines[-1] == "ModuleNotFoundError: No module named 'Queue'", lines
  assert 'served legacy names' not in result.stderr


# One interpreter: what `import slimcompat` / `install()` / `run_script`
# change, the call forms with and without the runtime, Python 2 syntax.
DRIVER = textwrap.dedent(r'''
    import builtins, json, os, sys, io, contextlib
    import numpy
    import tensorflow
    keras_before = 'keras' in sys.modules

    def state():
      return {
          'numpy_getattr': id(vars(numpy).get('__getattr__')),
          'builtins': sorted(n for n in ('xrange', 'unicode', 'basestring',
                                         'long', 'reduce', 'raw_input',
                                         'unichr') if n in vars(builtins)),
          'meta_path': [type(f).__name__ for f in sys.meta_path
                        if type(f).__name__ != '_AliasFinder'],
          'modules': sorted(n for n in ('Queue', 'cPickle', 'StringIO')
                            if n in sys.modules),
          'izip': 'izip' in vars(__import__('itertools')),
          'name_scope': id(tensorflow.compat.v1.name_scope),
      }

    def probe():
      found = {}
      for name in ('int', 'float', 'object'):
        try:
          getattr(numpy, name)
          found['np.' + name] = 'ok'
        except AttributeError as error:
          found['np.' + name] = type(error).__name__
      try:
        import Queue
        found['Queue'] = 'ok'
      except ImportError as error:
        found['Queue'] = type(error).__name__
      return found

    def name_scope_form():
      with tensorflow.Graph().as_default():
        x = tensorflow.compat.v1.placeholder(tensorflow.float32, [2])
        try:
          with tensorflow.compat.v1.name_scope('block', [x, x]) as scope:
            return scope
        except TypeError as error:
          return 'TypeError'

    out = {'before': state(), 'probe_before': probe(),
           'form_before': name_scope_form()}
    import slimcompat
    slimcompat.install()
    slimcompat.layers.conv2d
    out['installed'] = state()
    out['probe_installed'] = probe()
    out['keras_imported'] = 'keras' in sys.modules and not keras_before
    from slimcompat import _runner
    snippet, py2_syntax = sys.argv[1:3]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
      _runner.run_script(snippet, (), tf1=True)
    out['summary'] = err.getvalue().strip().splitlines()[-1:]
    out['after'] = state()
    out['probe_after'] = probe()
    out['form_after'] = name_scope_form()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
      try:
        _runner.run_script(py2_syntax, (), tf1=True)
      except SyntaxError as error:
        out['py2_syntax'] = [type(error).__name__, error.lineno]
    out['py2_summary'] = 'served legacy names' in err.getvalue()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
      out['fails_status'] = _runner.main(sys.argv[3])
    out['fails_stderr'] = err.getvalue().strip().splitlines()[-2:]
    out['after_error'] = state()
    print('JSON' + json.dumps(out))
''')

SNIPPET = textwrap.dedent(r'''
    import Queue
    import itertools
    import numpy as np
    import tensorflow as tf
    x = tf.placeholder(tf.float32, [2], name='x')
    y = tf.placeholder(tf.float32, [2], name='y')
    with tf.name_scope('block', [x, y]) as scope:   # TF 1.x: values second
      z = tf.add(x, y)
    with tf.name_scope('other', (x,)):
      w = tf.identity(x)
    with tf.name_scope(None, 'made', [x]) as made:  # unchanged forms
      pass
    try:
      tf.name_scope(None, [x]).__enter__()   # not a TF 1.15 form: refused
      refused = None
    except TypeError:
      refused = 'TypeError'
    print('OUT', json.dumps([scope, z.op.name, w.op.name, made, refused,
                             isinstance(u'a', basestring),
                             [unicode(3), long('4')],
                             list(itertools.izip(xrange(2), 'ab')),
                             Queue.Queue().qsize()]))
''').replace('import Queue', 'import json\nimport Queue')


@pytest.fixture(scope='module')
def driven(tmp_path_factory):
  folder = tmp_path_factory.mktemp('legacy')
  snippet = folder / 'snippet.py'
  snippet.write_text(SNIPPET)
  py2_syntax = folder / 'py2_syntax.py'
  py2_syntax.write_text('import numpy\nprint "hello"\n')
  fails = folder / 'fails.py'
  fails.write_text('import Queue\nraise ValueError("boom")\n')
  env = child_env()
  result = subprocess.run(
      [sys.executable, '-c', DRIVER, str(snippet), str(py2_syntax),
       str(fails)],
      capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
      check=False)
  assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
  stdout = result.stdout.splitlines()
  outs = [l[4:] for l in stdout if l.startswith('OUT ')]
  data = [l[4:] for l in stdout if l.startswith('JSON')]
  assert len(outs) == 1 and len(data) == 1, result.stdout[-3000:]
  return json.loads(outs[0]), json.loads(data[0])


def test_import_and_install_serve_nothing(driven):
  _, data = driven
  assert data['installed'] == data['before']
  assert data['probe_installed'] == data['probe_before']
  assert data['before']['builtins'] == [] and not data['before']['izip']
  assert data['probe_before']['Queue'] == 'ModuleNotFoundError'
  for name in ('int', 'float', 'object'):
    # Plain python with slimcompat imported still fails where NumPy does.
    assert data['probe_before']['np.' + name] == (
        'AttributeError' if _numpy_lacks(name) else 'ok')
  assert not data['keras_imported']


def test_run_script_undoes_everything(driven):
  _, data = driven
  assert data['after'] == data['before']
  assert data['probe_after'] == data['probe_before']
  assert data['after_error'] == data['before']


def test_call_forms_carried_only_inside_the_run(driven):
  out, data = driven
  # Every supported TensorFlow refuses TF 1.x's positional values list...
  assert data['form_before'] == 'TypeError'
  assert data['form_after'] == 'TypeError'
  # ...which `run --tf1` builds as TF 1.15 did: the name is the scope.
  assert out[:5] == ['block/', 'block/Add', 'other/Identity', 'made/',
                     'TypeError']
  assert out[5:] == [True, ['3', 4], [[0, 'a'], [1, 'b']], 0]


def test_summary_counts_what_the_snippet_used(driven):
  _, data = driven
  assert len(data['summary']) == 1
  match = SUMMARY.match(data['summary'][0])
  assert match, data['summary']
  assert match.group(1) == (
      'Queue \u00d71, tf.name_scope(name, [values]) \u00d72, '
      'basestring \u00d71, unicode \u00d71, long \u00d71, '
      'itertools.izip \u00d71, xrange \u00d71')


def test_python2_syntax_stays_a_syntax_error(driven):
  _, data = driven
  assert data['py2_syntax'] == ['SyntaxError', 2]
  assert not data['py2_summary']


def test_a_failing_script_gets_the_summary_after_its_traceback(driven):
  _, data = driven
  assert data['fails_status'] == 1
  assert data['fails_stderr'] == [
      'ValueError: boom', 'slimcompat: served legacy names: Queue \u00d71 '
      '\u2014 fix them to run without slimcompat']


def test_summary_goes_after_the_traceback(capsys):
  with _legacy_runtime.summary_last():
    tally = _legacy_runtime.Tally()
    tally.count('np.int')
    tally.count('np.int')
    _legacy_runtime._report(tally.summary())  # pylint: disable=protected-access
    print('traceback', file=sys.stderr)
  assert capsys.readouterr().err.splitlines() == [
      'traceback', 'slimcompat: served legacy names: np.int \u00d72 \u2014 '
      'fix them to run without slimcompat']


def test_serving_in_process_counts_each_use_once(capsys):
  import itertools  # pylint: disable=import-outside-toplevel
  with _legacy_runtime.serving(python=True) as tally:
    from itertools import izip  # pylint: disable=no-name-in-module,import-outside-toplevel
    from numpy import float as np_float  # pylint: disable=no-name-in-module,import-outside-toplevel
    assert list(izip('ab', 'cd')) == [('a', 'c'), ('b', 'd')]
    assert np_float is float
    counted = dict(tally.items())
  expected = {'itertools.izip': 1}
  if _numpy_lacks('float'):
    expected['np.float'] = 1
  assert counted == expected
  assert not hasattr(itertools, 'izip')
  assert 'served legacy names: itertools.izip \u00d71' in capsys.readouterr().err
