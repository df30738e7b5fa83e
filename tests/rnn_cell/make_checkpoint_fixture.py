"""Writes the checkpoint fixture with TensorFlow's own TF1 cells.

Run on Keras-2 TensorFlow (the TF 2.12 env) from the repository root:

    python -m tests.rnn_cell.make_checkpoint_fixture

The model of `checkpoint_model.py` is trained for three steps, saved to
`fixtures/tf212_cells.ckpt`, and its outputs on `checkpoint_model.inputs()`
are saved to `fixtures/tf212_cells_outputs.npz`.
"""

import os
import warnings

import numpy as np

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

from slimcompat._compat import tf, tf2  # pylint: disable=wrong-import-position
from tests.rnn_cell import checkpoint_model, reference  # pylint: disable=wrong-import-position

FIXTURES = os.path.join(reference.HERE, 'fixtures')
CHECKPOINT = os.path.join(FIXTURES, 'tf212_cells.ckpt')
OUTPUTS = os.path.join(FIXTURES, 'tf212_cells_outputs.npz')


def main():
  native = reference.native_cells()
  if native is None:
    raise SystemExit("needs TensorFlow's own TF1 cells (TF 2.12-2.15), not "
                     '%s' % tf2.__version__)
  warnings.filterwarnings('ignore')
  tf.disable_eager_execution()
  with tf.Graph().as_default():
    tf.set_random_seed(11)
    outputs = checkpoint_model.build(native,
                                     tf.constant(checkpoint_model.inputs()))
    with tf.Session() as sess:
      checkpoint_model.train_steps(sess, outputs)
      tf.train.Saver(tf.global_variables()).save(
          sess, CHECKPOINT, write_meta_graph=False, write_state=False)
      values = sess.run(outputs)
  np.savez_compressed(OUTPUTS, *values)
  print('wrote', CHECKPOINT, OUTPUTS)


if __name__ == '__main__':
  main()
