"""String identifiers through the layers, against the reference tf-slim.

The conv, dense and separable layers of tf-slim 1.1.0 resolve initializer and
regularizer names; the same call must build the same variables with the same
initial values (same graph seed), and the same regularization losses (names
and values).  Where tf-slim hands them to `model_variable` as they are (the
depthwise-only separable_conv2d, the fused batch_norm, the variable
functions) a name is an error in both, raised by slimcompat before anything
is created.
"""

import numpy as np
import pytest

import slimcompat
from slimcompat._compat import tf
from tests.fuzz import _run
from tests.parity import harness

IMAGES = np.random.RandomState(2).rand(2, 5, 5, 3).astype(np.float32)
FEATURES = np.random.RandomState(3).rand(2, 3).astype(np.float32)


def _conv(**kwargs):
  return lambda slim: slim.conv2d(tf.constant(IMAGES), 4, 3, scope='L',
                                  **kwargs)


def _dense(**kwargs):
  return lambda slim: slim.fully_connected(tf.constant(FEATURES), 4,
                                           scope='L', **kwargs)


def _transpose(**kwargs):
  return lambda slim: slim.conv2d_transpose(tf.constant(IMAGES), 4, 3,
                                            scope='L', **kwargs)


def _separable(**kwargs):
  return lambda slim: slim.separable_conv2d(tf.constant(IMAGES), 4, 3,
                                            depth_multiplier=2, scope='L',
                                            **kwargs)


CASES = {
    'conv_glorot_l2': _conv(weights_initializer='glorot_uniform',
                            weights_regularizer='l2'),
    'conv_he_normal_ones_l1': _conv(weights_initializer='he_normal',
                                    biases_initializer='ones',
                                    biases_regularizer='l1'),
    'conv_orthogonal_l1_l2': _conv(weights_initializer='orthogonal',
                                   weights_regularizer='l1_l2'),
    'conv_dict_config': _conv(
        weights_initializer={'class_name': 'RandomNormal',
                             'config': {'stddev': 0.2, 'seed': 4}},
        weights_regularizer={'class_name': 'L2', 'config': {'l2': 0.5}}),
    'dense_lecun_zeros_L1L2': _dense(weights_initializer='lecun_uniform',
                                     biases_initializer='zeros',
                                     weights_regularizer='L1L2'),
    'dense_identity': _dense(weights_initializer='identity'),
    'dense_python_float_regularizer': _dense(weights_regularizer=lambda w: 0.5),
    'transpose_truncated_normal_l2': _transpose(
        weights_initializer='truncated_normal', weights_regularizer='l2'),
    'separable_names': _separable(weights_initializer='glorot_normal',
                                  pointwise_initializer='he_uniform',
                                  weights_regularizer='l2',
                                  biases_initializer='ones'),
}


@pytest.mark.parametrize('name', sorted(CASES))
def test_identifiers_build_what_the_reference_builds(name):
  ours, theirs = harness.build_both(CASES[name])
  assert ours.variables == theirs.variables
  assert ours.collections == theirs.collections
  ours_values = harness.variable_values(ours)
  theirs_values = harness.variable_values(theirs)
  assert sorted(ours_values) == sorted(theirs_values)
  for key in ours_values:
    np.testing.assert_allclose(ours_values[key], theirs_values[key],
                               atol=1e-6, err_msg=key)
  losses = tf.GraphKeys.REGULARIZATION_LOSSES
  ours_losses = harness.run(ours, ours.graph.get_collection(losses))
  theirs_losses = harness.run(theirs, theirs.graph.get_collection(losses))
  harness.assert_close(ours_losses, theirs_losses)


@pytest.mark.parametrize('call', [
    lambda s: s.separable_conv2d(IMAGES, None, 3, weights_initializer='zeros',
                                 scope='L'),
    lambda s: s.batch_norm(FEATURES, param_initializers={'beta': 'zeros'},
                           scope='L'),
    lambda s: s.model_variable('v', [2], initializer='ones'),
    lambda s: s.variable('v', [2], regularizer='l2'),
])
def test_unresolved_names_fail_like_the_reference_and_leave_nothing(call):
  ours = harness.raised_by(call, slimcompat)
  theirs = harness.raised_by(call, harness.reference())
  assert ours is not None and issubclass(ours, theirs)
  with tf.Graph().as_default() as graph:
    before = _run.snapshot(graph, slimcompat)
    with pytest.raises(theirs) as err:
      call(slimcompat)
    assert _run.snapshot(graph, slimcompat) == before
  assert 'Names are resolved only by' in str(err.value)


def test_non_tensor_regularizer_result_names_variable_and_regularizer():
  def odd_regularizer(weights):
    del weights
    return 'x'
  with tf.Graph().as_default() as graph:
    inputs = tf.zeros([2, 3])
    before = _run.snapshot(graph, slimcompat)
    with pytest.raises(TypeError) as err:
      slimcompat.fully_connected(inputs, 4, weights_regularizer=odd_regularizer)
    assert _run.snapshot(graph, slimcompat) == before
  assert 'odd_regularizer' in str(err.value)
  assert 'weights of fully_connected (weights_regularizer)' in str(
      err.value)
