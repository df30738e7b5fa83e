"""Ctrl-C (SIGINT) during `slimcompat run` and `slimcompat demo` ends as it
does under ``python``: the short KeyboardInterrupt traceback of the script's
own lines, no frame of slimcompat or runpy, exit status 130; the demo adds
one status line (issue 28)."""

import os
import re
import signal
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

_LOOP = '''\
import sys
import tensorflow as tf
slim = tf.contrib.slim


def main(_):
  x = tf.placeholder(tf.float32, [None, 2])
  y = slim.fully_connected(x, 1)
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    steps = 0
    while True:
      sess.run(y, {x: [[1.0, 2.0]]})
      steps += 1
      if steps == 50:  # past the first runs' lazy imports inside TensorFlow
        print('READY', file=sys.stderr, flush=True)


if __name__ == '__main__':
  tf.app.run()
'''


def interrupted(args, ready, cwd):
  """Starts `slimcompat ARGS`, sends SIGINT once stderr shows a line that
  `ready` matches; returns (status, stdout, stderr lines)."""
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2', PYTHONPATH=REPO)
  process = subprocess.Popen(
      [sys.executable, '-m', 'slimcompat'] + args, cwd=cwd, env=env,
      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
  seen = []
  for line in process.stderr:
    seen.append(line)
    if ready(line):
      break
  process.send_signal(signal.SIGINT)
  out, err = process.communicate(timeout=300)
  return process.returncode, out, (''.join(seen) + err).splitlines()


def named_internals(lines):
  return [l for l in lines if re.search(r'slimcompat|runpy', l)]


# The same loop for plain `python` on TF 2 (no contrib, no slim).
_PLAIN_LOOP = _LOOP.replace(
    'import tensorflow as tf\nslim = tf.contrib.slim\n',
    'import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n').replace(
        'slim.fully_connected(x, 1)', 'tf.matmul(x, tf.ones([2, 1]))')


def python_status(tmp_path):
  """How plain ``python`` ends when the same loop gets SIGINT."""
  (tmp_path / 'plain.py').write_text(_PLAIN_LOOP)
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2')
  process = subprocess.Popen([sys.executable, 'plain.py'], cwd=tmp_path,
                             env=env, stderr=subprocess.PIPE, text=True)
  for line in process.stderr:
    if line == 'READY\n':
      break
  process.send_signal(signal.SIGINT)
  process.communicate(timeout=300)
  return process.returncode


def test_ctrl_c_in_run_is_pythons_short_traceback(tmp_path):
  (tmp_path / 'loop.py').write_text(_LOOP)
  status, _, err = interrupted(['run', '--tf1', 'loop.py'],
                               lambda line: line == 'READY\n', tmp_path)
  if status == -signal.SIGSEGV:
    # TensorFlow 2.15 itself crashes when a KeyboardInterrupt unwinds an open
    # session; then `python` does too, and that is what we match (the fatal
    # error report then lists every frame, runner's included, as Python's
    # crash dump does for any program).
    assert python_status(tmp_path) == -signal.SIGSEGV, err[-30:]
    assert 'Fatal Python error: Segmentation fault' in err, err[-30:]
    return
  assert status == 130, err[-30:]
  assert named_internals(err) == []
  start = err.index('Traceback (most recent call last):')
  frames = [l for l in err[start:] if l.startswith('  File ')]
  # Only the script's frames: its module-level tf.app.run() and its main.
  app_run_line = _LOOP.splitlines().index('  tf.app.run()') + 1
  assert frames[0] == '  File "%s", line %d, in <module>' % (
      tmp_path / 'loop.py', app_run_line), err[start:]
  assert all(str(tmp_path / 'loop.py') in f for f in frames), frames
  assert frames[-1].endswith(' in main'), frames
  assert err[-1] == 'KeyboardInterrupt'


def test_ctrl_c_in_demo_says_where_it_stopped(tmp_path):
  logdir = tmp_path / 'demo'
  status, out, err = interrupted(
      ['demo', '--logdir', str(logdir), '--steps', '5000'],
      lambda line: 'global step 50:' in line, tmp_path)
  assert status == 130, err[-30:]
  assert out.startswith('slimcompat demo: ')
  # The one status line is the demo's own; the traceback is the script's.
  assert named_internals(err) == [err[-1]], err
  assert err[-2] == 'KeyboardInterrupt'
  assert 'File "%s", line' % (logdir / 'legacy_train.py') in '\n'.join(err)
  match = re.match(r'slimcompat demo: stopped by Ctrl-C after step (\d+) .*'
                   r'the latest checkpoint is (\S+) \(run again with --logdir '
                   r'(\S+) to resume', err[-1])
  assert match, err[-1]
  # Summaries come every 10 steps: the interrupt came after the line of
  # step 50, perhaps before that step's summary.
  assert int(match.group(1)) >= 40
  assert match.group(2).startswith(str(logdir / 'model.ckpt-'))
  assert match.group(3) == str(logdir)
