"""A 2018-style text recogniser -- slim conv features read by a bidirectional
``tf.nn.rnn_cell.LSTMCell``, trained with slim.learning.train -- runs through
`slimcompat run --tf1` with keras, tf_keras and tf_slim unimportable: the
loss falls and the checkpoint holds TF 1.x's variable names."""

import os
import tempfile

from tests.test_no_private_imports import run_with_keras_blocked

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')
SCRIPT = os.path.join(CORPUS, 'rnn_bilstm_conv.py')

RUN = r'''
import os
os.environ['SLIMCOMPAT_V1_LAYERS'] = 'slimcompat'  # TF 2.12's own is Keras
import sys
# `slimcompat run` imports TF's own `tensorflow.compat.v1` package by that
# name, which makes TensorFlow look keras up: let that probe through.
blocker = sys.meta_path.pop(0)
import tensorflow.compat.v1
sys.meta_path.insert(0, blocker)
from slimcompat import cli
try:
  cli.main(['run', '--tf1', %r, '--logdir', %r])
finally:
  assert not attempts, 'tried to import %%s' %% attempts
'''


def test_bidirectional_lstm_over_conv_features_trains_without_keras():
  with tempfile.TemporaryDirectory() as logdir:
    result = run_with_keras_blocked(RUN % (SCRIPT, logdir))
  assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-5000:]
  loss = [l for l in result.stdout.splitlines() if l.startswith('LOSS ')]
  assert len(loss) == 1 and loss[0].endswith(' True'), result.stdout
  assert ("CKPT ['bidirectional_rnn/bw/lstm_cell/bias', "
          "'bidirectional_rnn/bw/lstm_cell/kernel', "
          "'bidirectional_rnn/fw/lstm_cell/bias', "
          "'bidirectional_rnn/fw/lstm_cell/kernel']") in result.stdout
