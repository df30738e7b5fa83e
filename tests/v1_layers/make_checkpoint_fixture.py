"""Writes the checkpoint fixture with TensorFlow's own TF1 layers.

Run on Keras-2 TensorFlow (the TF 2.12 env) from the repository root:

    python -m tests.v1_layers.make_checkpoint_fixture

The model of `checkpoint_model.py` is trained for three steps (so the
weights and batch-norm moving averages are not their initial values), saved
to `fixtures/tf212_layers.ckpt`, and its inference outputs on
`checkpoint_model.images()` are saved to `fixtures/tf212_layers_outputs.npz`.
"""

import os
import warnings

import numpy as np

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

from slimcompat._compat import tf, tf2
from tests.v1_layers import checkpoint_model, reference


def main():
  layers = reference.native_layers()
  if layers is None:
    raise SystemExit('needs TensorFlow\'s own TF1 layers (TF 2.12-2.15), not '
                     '%s' % tf2.__version__)
  warnings.filterwarnings('ignore')
  tf.disable_eager_execution()
  os.makedirs(checkpoint_model.FIXTURE_DIR, exist_ok=True)
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(1)
    inputs = tf.constant(checkpoint_model.images())
    training = tf.placeholder_with_default(False, [])
    logits = checkpoint_model.build(layers, inputs, training)
    loss = tf.reduce_mean(tf.square(logits - 1.0))
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
      step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    saver = tf.train.Saver()
    with tf.Session() as session:
      session.run(tf.global_variables_initializer())
      for _ in range(3):
        session.run(step, {training: True})
      outputs = session.run(logits)
      saver.save(session, checkpoint_model.CHECKPOINT, write_meta_graph=False,
                 write_state=False)
  np.savez(checkpoint_model.OUTPUTS, logits=outputs)
  print('wrote', checkpoint_model.CHECKPOINT, outputs.shape)


if __name__ == '__main__':
  main()
