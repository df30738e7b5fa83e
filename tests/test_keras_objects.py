"""Keras regularizers and initializers handed to slim
(`slimcompat/_keras_objects.py`): accepted on TF1 variables (dtype
float32_ref, as under `slimcompat run --tf1`), which Keras 3 refuses, with
the loss value of slim's regularizer of the same strength and the loss names
tf-slim 1.1.0 gives them where it runs (Keras 2)."""

import numpy as np
import pytest

from slimcompat import _compat
from slimcompat._compat import tf


def _losses(build):
  """{loss name: value} of REGULARIZATION_LOSSES after `build()` in a new
  graph, plus the values of its global variables by name."""
  with tf.Graph().as_default() as graph:
    tf.set_random_seed(3)
    # TF1 variables (dtype float32_ref), as under `run --tf1`: what Keras 3
    # refuses.
    with tf.variable_scope(tf.get_variable_scope(), use_resource=False):
      build()
    losses = graph.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    with tf.Session() as session:
      session.run(tf.global_variables_initializer())
      values = session.run(losses)
      variables = {v.op.name: session.run(v) for v in tf.global_variables()}
  return dict(zip([l.name for l in losses], values)), variables


def test_keras_l2_is_slims_l2_of_the_same_strength():
  import slimcompat as slim  # pylint: disable=import-outside-toplevel
  keras = _compat.tf2.keras
  init = tf.random_normal_initializer(seed=5)

  def build(regularizer):
    slim.model_variable('w', shape=[3, 2], initializer=init,
                        regularizer=regularizer)
    slim.variable('v', shape=[2], initializer=init, regularizer=regularizer)
    with slim.arg_scope([slim.conv2d], weights_regularizer=regularizer,
                        weights_initializer=init):
      slim.conv2d(tf.placeholder(tf.float32, [1, 4, 4, 2]), 2, 3)

  keras_losses, _ = _losses(lambda: build(keras.regularizers.l2(0.05)))
  slim_losses, _ = _losses(lambda: build(slim.l2_regularizer(0.1)))
  # Keras's L2 is wd * sum(w**2); slim's is scale * sum(w**2) / 2.
  assert list(keras_losses) == ['w/Regularizer/mul:0', 'v/Regularizer/mul:0',
                                'Conv/kernel/Regularizer/mul:0']
  assert list(slim_losses) == [
      'w/Regularizer/l2_regularizer:0', 'v/Regularizer/l2_regularizer:0',
      'Conv/kernel/Regularizer/l2_regularizer:0']
  np.testing.assert_allclose(list(keras_losses.values()),
                             list(slim_losses.values()), rtol=1e-6)
  assert min(keras_losses.values()) > 0


def test_keras_regularizer_names_match_the_reference_where_it_runs():
  """tf-slim 1.1.0 takes Keras 2 objects; on Keras 3 it fails (float32_ref),
  so there the names are Keras 2's (`test_keras_l2_is_slims_...`)."""
  if _compat.KERAS3_ERA and not _compat.tensorflow_keras2_runs():
    with pytest.raises(ValueError, match='float32_ref'):
      _reference_keras_losses()
    return
  import slimcompat as slim  # pylint: disable=import-outside-toplevel
  ours = _losses(lambda: _keras_layers(slim))
  theirs = _reference_keras_losses()
  assert list(ours[0]) == list(theirs[0])
  np.testing.assert_allclose(list(ours[0].values()),
                             list(theirs[0].values()), rtol=1e-6)


def _reference_keras_losses():
  import tf_slim  # pylint: disable=import-outside-toplevel
  return _losses(lambda: _keras_layers(tf_slim))


def _keras_layers(slim):
  keras = _compat.tf2.keras
  slim.model_variable('w', shape=[3, 3], initializer=tf.ones_initializer(),
                      regularizer=keras.regularizers.l1_l2(0.1, 0.2))
  with slim.arg_scope([slim.fully_connected],
                      weights_regularizer=keras.regularizers.l1(0.01),
                      weights_initializer=tf.ones_initializer()):
    slim.fully_connected(tf.ones([2, 3]), 2)


def test_keras_initializers_make_the_initial_values():
  import slimcompat as slim  # pylint: disable=import-outside-toplevel
  keras = _compat.tf2.keras

  def build():
    slim.model_variable('w', shape=[2, 3],
                        initializer=keras.initializers.Constant(0.5))
    with slim.arg_scope([slim.conv2d],
                        weights_initializer=keras.initializers.Ones(),
                        biases_initializer=keras.initializers.Constant(0.25)):
      slim.conv2d(tf.placeholder(tf.float32, [1, 4, 4, 2]), 3, 1)
    slim.batch_norm(tf.placeholder(tf.float32, [1, 3]), scale=True,
                    param_initializers={
                        'gamma': keras.initializers.Constant(2.0)})
    slim.fully_connected(tf.placeholder(tf.float32, [1, 3]), 4,
                         weights_initializer=keras.initializers.HeNormal(
                             seed=1))

  _, variables = _losses(build)
  np.testing.assert_array_equal(variables['w'], np.full([2, 3], 0.5))
  np.testing.assert_array_equal(variables['Conv/weights'],
                                np.ones([1, 1, 2, 3]))
  np.testing.assert_array_equal(variables['Conv/biases'], np.full([3], 0.25))
  np.testing.assert_array_equal(variables['BatchNorm/gamma'],
                                np.full([3], 2.0))
  he = variables['fully_connected/weights']
  assert he.shape == (3, 4) and he.std() > 0
