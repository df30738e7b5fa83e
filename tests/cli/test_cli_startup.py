"""The command answers --help, --version, usage errors and a missing script
without TensorFlow (issue 28): a `tensorflow` package that raises when
imported is put first on the path, so any import of TensorFlow would fail.
Each usage error is one line on stderr and exit status 2.
"""

import os
import subprocess
import sys

import pytest

from slimcompat import contrib

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


@pytest.fixture(scope='module')
def no_tensorflow(tmp_path_factory):
  """An environment whose `import tensorflow` raises."""
  root = tmp_path_factory.mktemp('no_tf')
  (root / 'tensorflow').mkdir()
  (root / 'tensorflow' / '__init__.py').write_text(
      'raise ImportError("TensorFlow was imported")\n')
  (root / 'empty').mkdir()
  (root / 'empty' / 'notes.txt').write_text('no Python here\n')
  (root / 'script.py').write_text('print("ran")\n')
  env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), REPO]))
  env.pop('SLIMCOMPAT_V1_LAYERS', None)
  return root, env


def slimcompat(setup, *args, env=None):
  root, base_env = setup
  return subprocess.run(
      [sys.executable, '-m', 'slimcompat'] + list(args), cwd=root,
      env=dict(base_env, **(env or {})), capture_output=True, text=True,
      timeout=120, check=False)


def test_the_fake_tensorflow_raises(no_tensorflow):
  root, env = no_tensorflow
  result = subprocess.run([sys.executable, '-c', 'import tensorflow'],
                          cwd=root, env=env, capture_output=True, text=True,
                          check=False)
  assert 'TensorFlow was imported' in result.stderr


@pytest.mark.parametrize('argv, words', [
    (['--help'], ['usage: slimcompat', 'run', 'scan', 'demo']),
    (['run', '--help'], ['usage: slimcompat run', 'SCRIPT', 'ARGS', '--tf1',
                         'exit status', '130']),
    (['scan', '--help'], ['PATH', '--json', 'exit status', '3  the scanner']),
    (['demo', '--help'], ['--logdir', '--steps', 'resumes', 'exit status']),
])
def test_help_describes_arguments_and_exit_status(no_tensorflow, argv, words):
  result = slimcompat(no_tensorflow, *argv)
  assert (result.returncode, result.stderr) == (0, '')
  for word in words:
    assert word in result.stdout, (word, result.stdout)


def test_version_without_importing_tensorflow(no_tensorflow):
  result = slimcompat(no_tensorflow, '--version')
  assert result.returncode == 0, result.stderr
  import slimcompat as package  # pylint: disable=import-outside-toplevel
  assert result.stdout.startswith('slimcompat %s (' % package.__version__)


@pytest.mark.parametrize('argv, env, message', [
    (['bogus'], None, "slimcompat: error: argument COMMAND: invalid choice: "
     "'bogus'"),
    (['run', 'missing.py'], None, "slimcompat: can't open file %r: [Errno 2] "
     'No such file or directory'),
    (['run', '.'], None, "slimcompat: can't find '__main__' module in %r"),
    (['run', 'script.py'], {'SLIMCOMPAT_V1_LAYERS': 'bogus'},
     "slimcompat: SLIMCOMPAT_V1_LAYERS='bogus' is not understood; use one of "
     'auto, slimcompat, tensorflow'),
    (['scan', 'empty'], None, "slimcompat scan: 'empty' holds no .py file"),
    (['scan', 'nowhere'], None, "slimcompat scan: No such file or directory: "
     "'nowhere'"),
])
def test_usage_error_is_one_line_and_status_2(no_tensorflow, argv, env,
                                              message):
  root = str(no_tensorflow[0])
  message = message.replace('%r', repr(os.path.join(root, argv[-1]))
                            if argv[-1] != '.' else repr(root))
  result = slimcompat(no_tensorflow, *argv, env=env)
  assert result.returncode == 2, result.stderr
  assert result.stdout == ''
  assert result.stderr.count('\n') == 1, result.stderr
  assert result.stderr.startswith(message), result.stderr


@pytest.mark.parametrize('prefix', [
    'contrib.', 'tf.contrib.', 'tensorflow.contrib.', 'tf.compat.v1.contrib.'])
def test_status_accepts_the_readmes_spellings(prefix):
  assert contrib.status(prefix + 'quantize') == ('served', '')
  verdict, hint = contrib.status(prefix + 'learn')
  assert verdict == 'refused' and 'tf.data' in hint
  assert contrib.status(prefix + 'no_such_module') == ('unknown', '')


def test_import_slimcompat_needs_no_tensorflow(no_tensorflow):
  root, env = no_tensorflow
  result = subprocess.run(
      [sys.executable, '-c', 'import slimcompat, slimcompat.cli; '
       'print(slimcompat.__version__, sorted(dir(slimcompat))[:1])'],
      cwd=root, env=env, capture_output=True, text=True, check=False)
  assert result.returncode == 0, result.stderr
  # The first name that needs TensorFlow says so.
  result = subprocess.run(
      [sys.executable, '-c', 'import slimcompat; slimcompat.get_variables'],
      cwd=root, env=env, capture_output=True, text=True, check=False)
  assert 'TensorFlow was imported' in result.stderr


def test_lazy_top_level_names_are_tf_slims():
  import slimcompat  # pylint: disable=import-outside-toplevel
  from slimcompat.ops import arg_scope  # pylint: disable=import-outside-toplevel
  from slimcompat.ops import variables  # pylint: disable=import-outside-toplevel
  # pylint: disable=protected-access
  assert slimcompat._VARIABLE_NAMES == set(variables.__all__)
  for name in variables.__all__:
    assert getattr(slimcompat, name) is getattr(variables, name), name
  for name in slimcompat._ARG_SCOPE_NAMES:
    assert getattr(slimcompat, name) is getattr(arg_scope, name), name
  assert slimcompat.arg_scope_lib is arg_scope
  assert set(variables.__all__) | set(slimcompat._ARG_SCOPE_NAMES) <= set(
      dir(slimcompat))
