"""`slim.learning.train` stops its Supervisor's summary writer once (issue
28): no "closed FileWriter" warning, so a run with UserWarnings turned into
errors finishes, and its events end with the one STOP event tf-slim writes."""

import os
import subprocess
import sys

from slimcompat._compat import tf

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

_TRAIN = '''\
import sys
import tensorflow.compat.v1 as tf
import slimcompat as slim

tf.disable_v2_behavior()
with tf.Graph().as_default():
  x = tf.random_normal([4, 3], seed=1)
  loss = tf.reduce_mean(slim.fully_connected(x, 1) ** 2)
  tf.summary.scalar('loss', loss)
  train_op = slim.learning.create_train_op(
      loss, tf.train.GradientDescentOptimizer(0.1))
  slim.learning.train(train_op, sys.argv[1], number_of_steps=3)
print('TRAINED')
'''


def test_train_with_user_warnings_as_errors(tmp_path):
  logdir = str(tmp_path / 'train')
  result = subprocess.run(
      [sys.executable, '-W', 'error::UserWarning', '-c', _TRAIN, logdir],
      env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2', PYTHONPATH=REPO),
      capture_output=True, text=True, timeout=300, check=False)
  assert result.returncode == 0, result.stderr[-3000:]
  assert 'TRAINED' in result.stdout
  assert 'closed FileWriter' not in result.stderr
  (events,) = tf.io.gfile.glob(os.path.join(logdir, 'events.out.*'))
  logs = [e.session_log.status for e in tf.train.summary_iterator(events)
          if e.HasField('session_log')]
  session_log = tf.SessionLog
  # As tf-slim 1.1.0 writes them: START, the final CHECKPOINT, one STOP.
  assert logs == [session_log.START, session_log.CHECKPOINT, session_log.STOP]
