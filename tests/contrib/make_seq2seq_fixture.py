"""Records the legacy_seq2seq fixture with TensorFlow's own TF1 cells.

Run on Keras-2 TensorFlow (the TF 2.12 env) from the repository root:

    python -m tests.contrib.make_seq2seq_fixture

Writes `fixtures/tf212_seq2seq.ckpt` (the freshly initialised variables of
`seq2seq_fixture_model.build`) and `fixtures/tf212_seq2seq_outputs.npz`.
"""

import os
import warnings

import numpy as np

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

from slimcompat import _compat  # pylint: disable=wrong-import-position
from slimcompat._compat import tf  # pylint: disable=wrong-import-position
from tests.contrib import seq2seq_fixture_model  # pylint: disable=wrong-import-position

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKPOINT = os.path.join(HERE, 'fixtures', 'tf212_seq2seq.ckpt')
OUTPUTS = os.path.join(HERE, 'fixtures', 'tf212_seq2seq_outputs.npz')


def main():
  if not _compat.tensorflow_keras2_runs():
    raise SystemExit("needs TensorFlow's own TF1 cells (TF 2.12-2.15)")
  warnings.filterwarnings('ignore')
  tf.disable_eager_execution()
  os.makedirs(os.path.dirname(CHECKPOINT), exist_ok=True)
  with tf.Graph().as_default():
    outputs = seq2seq_fixture_model.build(tf.nn.rnn_cell)
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      tf.train.Saver(tf.global_variables()).save(
          sess, CHECKPOINT, write_meta_graph=False, write_state=False)
      values = sess.run(outputs)
  np.savez_compressed(OUTPUTS, *values)
  print('wrote', CHECKPOINT, OUTPUTS)


if __name__ == '__main__':
  main()
