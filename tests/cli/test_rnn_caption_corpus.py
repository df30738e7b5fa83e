"""The issue-26 acceptance script: a 2018-style LSTM caption decoder over a
slim feature vector (contrib.rnn cells, DropoutWrapper, dynamic_rnn,
legacy_seq2seq.sequence_loss_by_example, a contrib.lookup vocabulary file)
and a bidirectional LSTMCell head trains through `slimcompat run --tf1` with
keras, tf_keras and tf_slim unimportable; its checkpoint holds TF 1.x's
variable names."""

import os

from tests.test_no_private_imports import run_with_keras_blocked

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')
SCRIPT = os.path.join(CORPUS, 'rnn_caption_decoder.py')

RUN = r'''
import os
import sys
# TF 2.12-2.15's own cells are Keras (blocked here): take slimcompat's.
os.environ['SLIMCOMPAT_V1_LAYERS'] = 'slimcompat'
# `slimcompat run` imports TF's own `tensorflow.compat.v1` package by that
# name, which makes TensorFlow probe for keras (find_spec): let it through.
blocker = sys.meta_path.pop(0)
import tensorflow.compat.v1
sys.meta_path.insert(0, blocker)
from slimcompat import cli
try:
  cli.main(['run', '--tf1', %r, '--train_dir=%%s' %% sys.argv[1],
            '--num_steps=15'])
finally:
  assert not attempts, 'tried to import %%s' %% attempts
''' % SCRIPT

# The names a TF 1.x run of the same script writes (slim's weights/biases,
# BasicLSTMCell under dynamic_rnn's 'rnn' scope, LSTMCell under
# bidirectional_dynamic_rnn's fw/bw scopes), optimizer slots left out.
TF1_CHECKPOINT = sorted([
    'bidirectional_rnn/bw/lstm_cell/bias',
    'bidirectional_rnn/bw/lstm_cell/kernel',
    'bidirectional_rnn/fw/lstm_cell/bias',
    'bidirectional_rnn/fw/lstm_cell/kernel',
    'conv1/biases', 'conv1/weights', 'conv2/biases', 'conv2/weights',
    'global_step', 'image_embedding/biases', 'image_embedding/weights',
    'line_logits/biases', 'line_logits/weights', 'logits/biases',
    'logits/weights', 'rnn/basic_lstm_cell/bias',
    'rnn/basic_lstm_cell/kernel', 'seq_embedding/map'])


def test_caption_decoder_trains_without_keras(tmp_path):
  result = run_with_keras_blocked(RUN.replace(
      'sys.argv[1]', repr(str(tmp_path))))
  assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-5000:]
  lines = result.stdout.splitlines()
  assert 'OUT True' in lines, result.stdout  # the caption loss fell by 20 %+
  names = [l for l in lines if l.startswith('VARS ')]
  assert names == ['VARS ' + ' '.join(TF1_CHECKPOINT)], result.stdout
  assert (tmp_path / 'word_counts.txt').read_text().split()[:2] == [
      '<S>', '</S>']
