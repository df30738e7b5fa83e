"""`slimcompat run` / `scan` on a corpus of unchanged legacy scripts, each in
a fresh subprocess (the way a user runs them)."""

import json
import os
import subprocess
import sys

import pytest

CORPUS = os.path.join(os.path.dirname(__file__), 'corpus')


def slimcompat(*args, cwd=None):
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2')
  return subprocess.run([sys.executable, '-m', 'slimcompat.cli'] + list(args),
                        capture_output=True, text=True, env=env, cwd=cwd,
                        timeout=300, check=False)


def out_line(result):
  lines = [l for l in result.stdout.splitlines() if l.startswith('OUT ')]
  assert result.returncode == 0, result.stderr[-3000:]
  assert len(lines) == 1, result.stdout
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
  assert 'tf.contrib.rnn is not provided by slimcompat' in result.stderr
  assert 'never printed' not in result.stdout


def test_exit_status_and_missing_script(tmp_path):
  exiting = tmp_path / 'exits.py'
  exiting.write_text('import sys\nsys.exit(3)\n')
  assert slimcompat('run', str(exiting)).returncode == 3
  missing = slimcompat('run', str(tmp_path / 'nope.py'))
  assert missing.returncode != 0
  assert 'nope.py' in missing.stderr


def test_scan_corpus_verdicts():
  result = slimcompat('scan', '--json', CORPUS)
  assert result.returncode == 1, result.stderr[-2000:]
  uses = json.loads(result.stdout)
  # (contrib_*.py, the rest of tf.contrib, are tests/cli/test_contrib_corpus.py's.)
  missing = {u['name'] for u in uses if not u['provided'] and
             not os.path.basename(u['file']).startswith('contrib_')}
  assert missing == {'tensorflow.contrib.rnn.LSTMCell'}
  names = {u['name'] for u in uses}
  for expected in ('tensorflow.contrib.slim.fully_connected',
                   'tensorflow.contrib.slim.arg_scope',
                   'tensorflow.contrib.framework.arg_scope',
                   'tensorflow.contrib.framework.add_arg_scope',
                   'tensorflow.contrib.layers.xavier_initializer',
                   'tensorflow.contrib.layers.l2_regularizer',
                   'tensorflow.contrib.slim.nets.vgg',
                   'tensorflow.contrib.slim.python.slim.nets.resnet_v1',
                   'tf_slim.conv2d', 'tf_slim.max_pool2d',
                   'tf_slim.ops.variables'):
    assert expected in names
  unsupported = [u for u in uses if u['name'].startswith(
      'tensorflow.contrib.rnn')]
  assert unsupported[0]['file'].endswith('unsupported.py')
  assert unsupported[0]['line'] == 5


def test_scan_table_and_clean_exit(tmp_path):
  clean = tmp_path / 'clean.py'
  clean.write_text('import tf_slim as slim\nslim.conv2d\nslim.losses.log_loss\n')
  result = slimcompat('scan', str(clean))
  assert result.returncode == 0, result.stdout + result.stderr
  assert 'tf_slim.conv2d' in result.stdout
  # The import itself counts: tf_slim, tf_slim.conv2d, tf_slim.losses.log_loss.
  assert '3 names used, 3 provided by slimcompat, 0 missing' in result.stdout
