"""`slimcompat run` on a corpus of unchanged legacy scripts, each in
a fresh subprocess (the way a user runs them)."""

import os
import re
import subprocess
import sys

import pytest

CORPUS = os.path.join(os.path.dirname(__file__), 'corpus')
PACKAGE = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))) + os.sep + 'slimcompat' + os.sep

# What TensorFlow's C++ side prints on `import tensorflow` (TF 2.21 even with
# TF_CPP_MIN_LOG_LEVEL=2), before slimcompat's code runs at all.
_NATIVE_LOG = re.compile(
    r'^(WARNING: All log messages before absl::InitializeLog|'
    r'[IWE]\d{4} [\d:. ]+\d+ \w+\.cc:\d+\]|'
    r'\d{4}-\d\d-\d\d [\d:.]+: [IWE] \S+\.cc:\d+\]|'
    r'To enable the following instructions)')


REPO = os.path.dirname(PACKAGE.rstrip(os.sep))


def slimcompat(*args, cwd=None, env=None):
  # The checkout first on the path, so that another working directory (cwd)
  # still runs this slimcompat, installed or not.
  python_path = os.pathsep.join(
      [REPO] + list(filter(None, [os.environ.get('PYTHONPATH')])))
  env = dict(dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2',
                  PYTHONPATH=python_path), **(env or {}))
  return subprocess.run([sys.executable, '-m', 'slimcompat.cli'] + list(args),
                        capture_output=True, text=True, env=env, cwd=cwd,
                        timeout=300, check=False)


def own_lines(text):
  """The lines of `text` that are not TensorFlow's native import banner."""
  return [l for l in text.splitlines() if not _NATIVE_LOG.match(l)]


def slimcompat_notices(log):
  """{file under slimcompat/: line} of the deprecation notices in `log`."""
  found = {}
  for path, line in re.findall(r'From (.+?):(\d+): .*deprecated', log):
    if path.startswith(PACKAGE):
      found[path[len(PACKAGE):].replace(os.sep, '/')] = int(line)
  return found


def out_line(result):
  lines = [l for l in result.stdout.splitlines() if l.startswith('OUT ')]
  assert result.returncode == 0, result.stderr[-3000:]
  assert len(lines) == 1, result.stdout
  # Issue 17: no deprecation notice about slimcompat's insides.
  assert not slimcompat_notices(result.stderr), result.stderr[-3000:]
  return lines[0][4:]


def script(name):
  return os.path.join(CORPUS, name)


def test_tf1_contrib_slim_with_flags():
  result = slimcompat('run', '--tf1', script('tf1_contrib_slim.py'),
                      '--units', '2')
  # x @ ones(4, 2) + 0.5 for x = [[0, 1, 2, 3], [4, 5, 6, 7]].
  assert out_line(result) == 'fc/BiasAdd [[6.5, 6.5], [22.5, 22.5]]'
  assert "VARS ['fc/weights', 'fc/biases']" in result.stdout


def test_tf1_from_contrib_import_gets_argv():
  result = slimcompat('run', '--tf1', script('tf1_from_contrib_import.py'),
                      'a', '--b')
  assert out_line(result) == "6.0 /device:CPU:0 ['a', '--b']"


def test_tf1_contrib_layers_and_framework():
  result = slimcompat('run', '--tf1', script('tf1_contrib_layers.py'))
  # 0.5 * l2_loss(ones(2, 2)) = 0.5 * 4 / 2.
  assert out_line(result) == '[1.0] global_step True'


def test_tf1_contrib_nets():
  result = slimcompat('run', '--tf1', script('tf1_contrib_nets.py'))
  # tf-slim 1.1.0's ResNets end in the logits conv (no SpatialSqueeze op).
  assert out_line(result) == (
      "resnet_v1_50/logits/BiasAdd ['predictions', 'resnet_v1_50/block1'] True")


def test_tf_slim_style_without_tf1():
  result = slimcompat('run', script('tf2_tf_slim.py'))
  # A 3x3 all-ones kernel over an all-ones image: 9 inside, less at borders.
  assert out_line(result) == (
      "pool1/MaxPool (2, 4, 4, 4) 9.0 ['conv1/weights', 'conv1/biases']")


def test_unsupported_contrib_name_fails_like_python():
  result = slimcompat('run', '--tf1', script('unsupported.py'))
  assert result.returncode == 1
  assert 'Traceback' in result.stderr
  assert 'tf.contrib.grid_rnn is not provided by slimcompat' in result.stderr
  assert 'never printed' not in result.stdout


def test_exit_status_and_missing_script(tmp_path):
  exiting = tmp_path / 'exits.py'
  exiting.write_text('import sys\nsys.exit(3)\n')
  assert slimcompat('run', str(exiting)).returncode == 3
  # `python sub/nope.py` names the file it could not open relative to its
  # working directory, prefixed by its own name; slimcompat says the same.
  python = subprocess.run([sys.executable, os.path.join('sub', 'nope.py')],
                          capture_output=True, text=True, cwd=tmp_path,
                          check=False)
  missing = slimcompat('run', os.path.join('sub', 'nope.py'), cwd=tmp_path)
  assert (missing.returncode, python.returncode) == (2, 2)
  assert python.stderr.startswith(sys.executable + ': ')
  assert own_lines(missing.stderr) == [
      'slimcompat: ' + python.stderr[len(sys.executable) + 2:].rstrip('\n')]
  assert missing.stdout == ''

