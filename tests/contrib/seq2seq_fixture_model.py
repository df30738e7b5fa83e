"""The model of the recorded legacy_seq2seq fixture: an encoder, an
attention decoder (two heads, reads from the initial state) and a greedy
embedding decoder, over the cells of a given ``rnn_cell`` module.

`make_seq2seq_fixture.py` builds it with TensorFlow's own TF1 cells on TF
2.12 and records its checkpoint and outputs; `test_legacy_seq2seq.py`
builds it with slimcompat's cells on every TensorFlow, restores the
checkpoint and compares the outputs.
"""

import numpy as np

from slimcompat._compat import tf
from slimcompat.contrib import legacy_seq2seq


def build(cells):
  """The fixture model's output tensors, in scope 'model'."""
  rng = np.random.RandomState(21)
  floats = [tf.constant(rng.rand(2, 4).astype(np.float32)) for _ in range(3)]
  symbols = [tf.constant(rng.randint(0, 6, 2).astype(np.int32))
             for _ in range(3)]
  with tf.variable_scope(
      'model', initializer=tf.random_uniform_initializer(-0.7, 0.7, seed=8)):
    encoder_outputs, encoder_state = tf.nn.static_rnn(
        cells.GRUCell(3), floats, dtype=tf.float32, scope='encoder')
    attention_states = tf.stack(encoder_outputs, 1)
    attended, attended_state = legacy_seq2seq.attention_decoder(
        floats[::-1], encoder_state, attention_states, cells.GRUCell(3),
        output_size=5, num_heads=2, initial_state_attention=True)
    lstm = cells.BasicLSTMCell(3)
    greedy, greedy_state = legacy_seq2seq.embedding_rnn_decoder(
        symbols, lstm.zero_state(2, tf.float32), lstm, num_symbols=6,
        embedding_size=4, feed_previous=True)
  return attended + [attended_state] + greedy + list(greedy_state)
