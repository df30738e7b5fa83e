"""The `slimcompat` command as a newcomer meets it (issue 17): --version, usage
errors on one line, Python's own traceback, each log line once, and no
deprecation notice about slimcompat's insides.

The command runs in subprocesses (as in test_cli.py); argument errors, which
happen before anything runs, are checked in-process.
"""

import json
import logging
import os
import platform
import subprocess
import sys
import textwrap

import pytest

import slimcompat
from slimcompat import cli
from slimcompat._compat import tf2
from tests.cli.test_cli import own_lines
from tests.cli.test_cli import slimcompat as run_slimcompat
from tests.cli.test_cli import slimcompat_notices


def test_version_reports_what_a_bug_report_needs(tmp_path):
  # A tf_keras that blows up when imported: --version must find it, not load it.
  (tmp_path / 'tf_keras').mkdir()
  (tmp_path / 'tf_keras' / '__init__.py').write_text(
      'raise RuntimeError("tf_keras was imported")\n')
  path = os.pathsep.join([str(tmp_path)] + sys.path)
  result = run_slimcompat('--version', env={'PYTHONPATH': path})
  assert result.returncode == 0, result.stderr[-3000:]
  assert own_lines(result.stderr) == []
  lines = result.stdout.splitlines()
  assert lines[0].startswith('slimcompat %s (' % slimcompat.__version__)
  assert lines[1].startswith('TensorFlow %s (' % tf2.__version__)
  assert lines[2].startswith('Python %s (' % platform.python_version())
  assert 'tf_keras present' in lines


@pytest.mark.parametrize('argv, complaint', [
    (['demo', '--steps', '-5'], "argument --steps: expected a number of at "
     "least 1, got -5"),
    (['demo', '--steps', '0'], "argument --steps: expected a number of at "
     "least 1, got 0"),
    (['demo', '--steps', 'many'], "argument --steps: expected a whole number, "
     "got 'many'"),
    (['train', 'x.py'], "argument COMMAND: invalid choice: 'train'"),
    ([], 'the following arguments are required: COMMAND'),
    (['run'], 'the following arguments are required: SCRIPT (see'),
])
def test_usage_error_is_one_line_and_status_2(argv, complaint, capsys):
  with pytest.raises(SystemExit) as exit_:
    cli.main(argv)
  out, err = capsys.readouterr()
  assert exit_.value.code == 2
  assert out == ''
  assert err.count('\n') == 1 and err.endswith('\n'), err
  assert err.startswith('slimcompat') and complaint in err, err


def test_script_error_is_pythons_traceback_and_status(tmp_path):
  script = tmp_path / 'fails.py'
  script.write_text(textwrap.dedent('''\
      def load(name):
        raise ValueError('no dataset called %r' % name)

      print('started')
      load('imagenet')
      '''))
  python = subprocess.run([sys.executable, 'fails.py'], capture_output=True,
                          text=True, cwd=tmp_path, check=False)
  result = run_slimcompat('run', 'fails.py', cwd=tmp_path)
  assert (result.returncode, python.returncode) == (1, 1)
  assert result.stdout == python.stdout == 'started\n'
  assert own_lines(result.stderr) == python.stderr.splitlines()
  assert python.stderr.startswith('Traceback (most recent call last):\n'
                                  '  File "%s", line 5' % script)


_LOGGING_SCRIPT = '''\
import logging
import sys
import tensorflow as tf


def main(_):
  # The user's own handler, added after tf.app.run put absl's on the root.
  mine = logging.StreamHandler(sys.stdout)
  mine.setFormatter(logging.Formatter('MINE %(name)s %(message)s'))
  logging.getLogger().addHandler(mine)
  tf.logging.set_verbosity(tf.logging.INFO)
  for step in (10, 20):
    tf.logging.info('global step %d: loss = 0.5', step)


if __name__ == '__main__':
  tf.app.run()
'''

_RUN_THEN_LOG = '''\
import logging, sys
from slimcompat import cli
tf_logger = logging.getLogger('tensorflow')
before = (tf_logger.propagate, list(tf_logger.filters))
try:
  cli.main(['run', '--tf1', sys.argv[1]])
except SystemExit as exit_:  # tf.app.run ends in sys.exit, as it always did
  print('STATUS', exit_.code)
print('UNCHANGED', before == (tf_logger.propagate, list(tf_logger.filters)))
tf_logger.warning('after the run')
'''


def test_each_log_line_once_under_run_and_logging_left_alone(tmp_path):
  (tmp_path / 'logs.py').write_text(_LOGGING_SCRIPT)
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2')
  result = subprocess.run(
      [sys.executable, '-c', _RUN_THEN_LOG, str(tmp_path / 'logs.py')],
      capture_output=True, text=True, env=env, timeout=300, check=False)
  assert result.returncode == 0, result.stderr[-3000:]
  err = own_lines(result.stderr)
  # Once each, in TF 1.x's format; nothing the runner itself triggered.
  assert [l for l in err if 'global step' in l] == [
      'INFO:tensorflow:global step 10: loss = 0.5',
      'INFO:tensorflow:global step 20: loss = 0.5']
  assert not [l for l in err if 'deprecated' in l], err
  # The script's own root handler still received TensorFlow's records.
  assert 'MINE tensorflow global step 20: loss = 0.5' in result.stdout
  assert 'STATUS None' in result.stdout and 'UNCHANGED True' in result.stdout
  # After the run, TensorFlow's and absl's handlers both print again, as they
  # do in any program that called absl.app.run.
  assert 'WARNING:tensorflow:after the run' in err
  assert [l for l in err if l.endswith('] after the run')], err


# Builds one network of each module of slimcompat.nets under its arg_scope in
# training mode (the deeper variants run the same code with longer tables),
# then `slimcompat demo --verbose`, and prints every deprecation notice that
# TensorFlow's logger received and every Python deprecation warning, by phase.
_NOTICES = '''\
import json, logging, sys, warnings
warnings.simplefilter('always')
import tensorflow.compat.v1 as tf
import slimcompat as slim
from slimcompat import cli
from slimcompat import nets

tf.disable_eager_execution()
notices = {'nets': [], 'demo': []}
phase = 'nets'


class Notices(logging.Handler):
  def emit(self, record):
    if 'deprecated' in record.getMessage():
      notices[phase].append(record.getMessage().splitlines()[0])


def show(message, category, filename, lineno, file=None, line=None):
  if issubclass(category, (DeprecationWarning, PendingDeprecationWarning,
                           FutureWarning)):
    notices[phase].append('From %s:%d: deprecated: %s' % (filename, lineno,
                                                          message))


logging.getLogger('tensorflow').addHandler(Notices())
warnings.showwarning = show
builds = [
    (nets.alexnet.alexnet_v2, nets.alexnet.alexnet_v2_arg_scope, 224),
    (nets.overfeat.overfeat, nets.overfeat.overfeat_arg_scope, 231),
    (nets.vgg.vgg_16, nets.vgg.vgg_arg_scope, 224),
    (nets.inception.inception_v1, nets.inception.inception_v1_arg_scope, 224),
    (nets.inception.inception_v2, nets.inception.inception_v2_arg_scope, 224),
    (nets.inception.inception_v3, nets.inception.inception_v3_arg_scope, 299),
    (nets.resnet_v1.resnet_v1_50, nets.resnet_utils.resnet_arg_scope, 64),
    (nets.resnet_v2.resnet_v2_50, nets.resnet_utils.resnet_arg_scope, 64),
]
for net, arg_scope, size in builds:
  with tf.Graph().as_default(), slim.arg_scope(arg_scope()):
    net(tf.zeros([1, size, size, 3]), num_classes=10, is_training=True)
phase = 'demo'
try:
  cli.main(['demo', '--verbose', '--steps', '20', '--logdir', sys.argv[1]])
except SystemExit as exit_:  # tf.app.run ends in sys.exit
  status = exit_.code
print('NOTICES', json.dumps(dict(notices, status=status)))
'''


@pytest.fixture(scope='module')
def notices(tmp_path_factory):
  logdir = str(tmp_path_factory.mktemp('demo'))
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2')
  result = subprocess.run([sys.executable, '-c', _NOTICES, logdir],
                          capture_output=True, text=True, env=env,
                          timeout=600, check=False)
  assert result.returncode == 0, result.stderr[-3000:]
  line = [l for l in result.stdout.splitlines() if l.startswith('NOTICES ')]
  found = json.loads(line[0][len('NOTICES '):])
  assert found['status'] is None, result.stderr[-3000:]
  return {phase: found[phase] for phase in ('nets', 'demo')}


# The demo script (the user's copy in the logdir) is the user's code here:
# its own legacy calls are its business (and `slimcompat demo` without
# --verbose leaves them out).
_DEMO_SCRIPT = os.sep + 'legacy_train.py:'


def test_building_the_nets_logs_no_notice_at_all(notices):
  # The build script only names slimcompat's nets and arg_scopes: any notice,
  # wherever TensorFlow says it comes from, is about slimcompat's insides.
  assert notices['nets'] == []


def test_the_demo_points_no_notice_into_slimcompat(notices):
  inside = set(slimcompat_notices('\n'.join(notices['demo'])))
  assert inside == set(), notices['demo']


def test_the_demos_notices_are_all_about_its_own_calls(notices):
  # A deprecated TensorFlow op that slimcompat calls is reported at
  # TensorFlow's dispatch code, not at slimcompat's line: only the demo
  # script's own calls of deprecated slim functions may show up, once each
  # (the demo evaluates the new model before it trains it).
  assert [n.split(': ', 1)[1].split(' is deprecated')[0]
          for n in notices['demo']] == [
              'streaming_accuracy', 'softmax_cross_entropy', 'get_total_loss']
  assert all(n.startswith('From ') and _DEMO_SCRIPT in n
             for n in notices['demo']), notices['demo']


def test_importing_slimcompat_leaves_logging_alone():
  tf_logger = logging.getLogger('tensorflow')
  assert tf_logger.propagate and not tf_logger.filters


def test_scan_keeps_tensorflows_start_up_lines_off_stderr():
  # TF_CPP_MIN_LOG_LEVEL=0: TensorFlow's C++ side prints its start-up lines.
  corpus = os.path.join(os.path.dirname(__file__), 'corpus')
  result = run_slimcompat('scan', os.path.join(corpus, 'tf1_contrib_slim.py'),
                          env={'TF_CPP_MIN_LOG_LEVEL': '0'})
  assert result.returncode == 0, result.stderr[-3000:]
  assert result.stderr == ''
  assert 'tf1_contrib_slim.py: runs' in result.stdout, result.stdout
