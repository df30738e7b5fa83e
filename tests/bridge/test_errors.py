"""Errors the bridge raises, and the state they leave: a failed first call
leaves the object without variables."""

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf, tf2

IMAGES = np.random.RandomState(0).rand(1, 4, 4, 3).astype(np.float32)


def test_partitioned_variable_is_refused_and_nothing_kept():
  def model_fn(images):
    net = slim.conv2d(images, 2, [1, 1], scope='first')
    with tf.variable_scope(
        'split', partitioner=tf.fixed_size_partitioner(2)):
      return slim.fully_connected(slim.flatten(net), 4)

  module = slim.SlimModule(model_fn)
  with pytest.raises(ValueError, match='partitioner'):
    module(IMAGES)
  assert module.variables == () and module.variables_by_name == {}


def test_tf_function_defined_inside_the_method_is_refused():
  def model_fn(images):
    net = slim.conv2d(images, 2, [1, 1], scope='first')

    @tf2.function
    def inner(x):
      return slim.conv2d(x, 2, [1, 1], scope='second')

    return inner(net)

  module = slim.SlimModule(model_fn)
  with pytest.raises(ValueError, match='tf.function that is defined within'):
    module(IMAGES)
  assert module.variables_by_name == {}


def _reuse_missing(images):
  return slim.conv2d(images, 2, [1, 1], scope='never', reuse=True)


def test_reuse_true_for_a_missing_variable_in_function():
  module = slim.SlimModule(_reuse_missing)
  with pytest.raises(ValueError, match="never/weights'? does not exist"):
    tf2.function(module)(IMAGES)
  assert module.variables_by_name == {}


# Eagerly TensorFlow forces every variable scope to AUTO_REUSE before any
# getter sees the request; slim's layers check reuse=True themselves before
# creating anything, so the refusal holds eagerly too.
def test_reuse_true_for_a_missing_variable_eagerly():
  module = slim.SlimModule(_reuse_missing)
  try:
    module(IMAGES)
  except ValueError:
    return
  raise AssertionError('reuse=True created a variable eagerly')


def test_shape_change_between_calls_is_refused():
  module = slim.SlimModule(lambda x, n: slim.fully_connected(x, n))
  module(np.ones([1, 3], np.float32), 2)
  with pytest.raises(ValueError, match='Trying to share variable'):
    module(np.ones([1, 3], np.float32), 5)
  assert len(module.variables) == 2


def test_model_fn_must_be_callable():
  with pytest.raises(TypeError, match='callable'):
    slim.SlimModule('resnet')


def test_auto_named_layers_are_counted_afresh_on_each_call():
  # The decision for auto-named top-level layers: each call counts scope
  # names from zero, as a fresh graph would, so names never depend on what
  # ran before (here: another module's call with the same auto names).
  def model_fn(images):
    return slim.conv2d(slim.conv2d(images, 2, [1, 1]), 2, [1, 1])

  first, second = slim.SlimModule(model_fn), slim.SlimModule(model_fn)
  first(IMAGES)
  second(IMAGES)
  first(IMAGES)
  for module in (first, second):
    assert list(module.variables_by_name) == [
        'Conv/weights', 'Conv/biases', 'Conv_1/weights', 'Conv_1/biases']
