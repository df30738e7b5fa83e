"""repeat and stack check every step before building any (the dry run of
slimcompat/layers/_dry_run.py): a bad step raises what the layer itself
raises, leaves the graph as it was, and the corrected call then succeeds."""

import functools

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf
from tests.fuzz import _run


def _state(graph):
  return _run.snapshot(graph, slim)


def _error_of(call):
  """(class, message) of what `call()` raises, built in a scratch graph."""
  with tf.Graph().as_default():
    with pytest.raises(Exception) as info:
      call()
  return type(info.value), str(info.value)


def _raises_and_leaves_nothing(graph, call, expected):
  """`call()` raises `expected` (class, message) and the graph holds
  exactly what it held before."""
  before = _state(graph)
  with pytest.raises(Exception) as info:
    call()
  assert (type(info.value), str(info.value)) == expected
  assert _run.diff(before, _state(graph)) == ()


def _images(shape=(2, 8, 8, 3), dtype=tf.float32):
  return tf.placeholder(dtype, shape, name='images')


def _features(shape=(2, 3), dtype=tf.float32):
  return tf.placeholder(dtype, shape, name='features')


# ---- a good call builds what the layers would build one by one --------------


def _ops_and_variables(build):
  with tf.Graph().as_default() as g:
    build()
    return ([op.name for op in g.get_operations()],
            [(v.op.name, v.shape.as_list()) for v in tf.global_variables()])


def test_repeat_builds_exactly_the_layers_one_by_one():
  def composed():
    with slim.arg_scope([slim.conv2d], padding='VALID'):
      slim.repeat(_images(), 3, slim.conv2d, 4, [2, 2], scope='conv')

  def by_hand():
    with slim.arg_scope([slim.conv2d], padding='VALID'):
      net = _images()
      with tf.variable_scope('conv', values=[net]):
        for i in (1, 2, 3):
          net = slim.conv2d(net, 4, [2, 2], scope='conv_%d' % i)

  ops, variables = _ops_and_variables(composed)
  assert (ops, variables) == _ops_and_variables(by_hand)
  assert variables[-2:] == [('conv/conv_3/weights', [2, 2, 4, 4]),
                            ('conv/conv_3/biases', [4])]


def test_stack_builds_exactly_the_layers_one_by_one():
  def composed():
    slim.stack(_features(), slim.fully_connected, [5, (6,), [7]])

  def by_hand():
    net = _features()
    with tf.variable_scope('Stack', values=[net]):
      for i, size in enumerate((5, 6, 7), 1):
        net = slim.fully_connected(net, size, scope='fully_connected_%d' % i)

  ops, variables = _ops_and_variables(composed)
  assert (ops, variables) == _ops_and_variables(by_hand)
  assert variables[-2] == ('Stack/fully_connected_3/weights', [6, 7])


# ---- a bad step raises before anything exists ---------------------------------


def test_stack_bad_second_layer_leaves_nothing_and_retry_works(graph):
  x = _features()
  expected = _error_of(lambda: slim.fully_connected(_features((2, 4)), -1))
  _raises_and_leaves_nothing(
      graph, lambda: slim.stack(x, slim.fully_connected, [4, -1], scope='L'),
      expected)
  out = slim.stack(x, slim.fully_connected, [4, 5], scope='L')
  assert out.op.name == 'L/L_2/Relu'
  assert out.shape.as_list() == [2, 5]


def test_stack_bad_argument_of_a_later_layer(graph):
  # [4, 9]: fully_connected(x, 4, 9) makes 9 the activation_fn.
  x = _features()
  expected = _error_of(lambda: slim.fully_connected(_features((2, 4)), 4, 9))
  assert expected[0] is TypeError
  _raises_and_leaves_nothing(
      graph, lambda: slim.stack(x, slim.fully_connected, [4, [4, 9]]),
      expected)


def test_repeat_input_the_layer_refuses_leaves_nothing(graph):
  for bad in (_images((2, 8, 8, None)), _images((2, 8, 3)),
              _images(dtype=tf.int32), tf.placeholder(tf.float32)):
    shape, dtype = bad.shape, bad.dtype
    expected = _error_of(
        lambda: slim.conv2d(tf.placeholder(dtype, shape), 4, 3))
    _raises_and_leaves_nothing(
        graph, lambda: slim.repeat(bad, 2, slim.conv2d, 4, 3, scope='c'),
        expected)


def test_a_later_step_refuses_what_the_earlier_one_makes(graph):
  # The first conv2d makes 0 channels, which the second refuses: known only
  # by carrying the static shapes from step to step.
  x = _images()
  expected = _error_of(lambda: slim.conv2d(_images((2, 8, 8, 0)), 0, 3))
  assert '0 channels' in expected[1]
  _raises_and_leaves_nothing(
      graph, lambda: slim.repeat(x, 2, slim.conv2d, 0, 3), expected)
  _raises_and_leaves_nothing(
      graph, lambda: slim.stack(x, slim.conv2d, [(4, 3), (0, 3), (4, 3)]),
      expected)


def test_pooling_steps_carry_the_shape(graph):
  # 2x2 VALID pools with stride 2 take 5x5 to 2x2 and 1x1; the third pool's
  # window is larger than its input.
  x = _images((2, 5, 5, 3))
  expected = _error_of(lambda: slim.max_pool2d(_images((2, 1, 1, 3)), 2))
  assert 'larger than the input' in expected[1]
  _raises_and_leaves_nothing(
      graph, lambda: slim.stack(x, slim.max_pool2d, [2, 2, 2]), expected)
  _raises_and_leaves_nothing(
      graph, lambda: slim.repeat(x, 3, slim.avg_pool2d, [2, 2]),
      _error_of(lambda: slim.avg_pool2d(_images((2, 1, 1, 3)), [2, 2])))
  assert slim.repeat(x, 2, slim.max_pool2d, 2).shape.as_list() == [2, 1, 1, 3]


def test_dropout_steps(graph):
  x = _images()
  expected = _error_of(lambda: slim.dropout(_images(), 1.5))
  _raises_and_leaves_nothing(
      graph, lambda: slim.stack(x, slim.dropout, [0.5, 1.5]), expected)
  out = slim.stack(x, slim.dropout, [0.5, 0.5])
  assert out.shape.as_list() == [2, 8, 8, 3]


def test_binding_error_of_the_layer_is_its_own(graph):
  # flatten(x, 4, 3, scope=...) gives `scope` twice.
  x = _images()
  expected = _error_of(lambda: slim.flatten(_images(), 4, 3, scope='f'))
  assert expected == (TypeError,
                      "flatten() got multiple values for argument 'scope'")
  _raises_and_leaves_nothing(
      graph, lambda: slim.repeat(x, 2, slim.flatten, 4, 3), expected)


def test_arg_scope_values_apply_as_in_the_call(graph):
  x = _images()
  with slim.arg_scope([slim.conv2d], activation_fn=5):
    expected = _error_of(lambda: slim.conv2d(_images(), 4, 3))
    _raises_and_leaves_nothing(
        graph, lambda: slim.repeat(x, 2, slim.conv2d, 4, 3), expected)
  # conv2d passes all its arguments to convolution by position, so a
  # default set on convolution collides with them.
  with slim.arg_scope([slim.convolution], padding='VALID'):
    expected = _error_of(lambda: slim.conv2d(_images(), 4, 3))
    assert expected[0] is TypeError
    _raises_and_leaves_nothing(
        graph, lambda: slim.repeat(x, 2, slim.conv2d, 4, 3), expected)


def test_partials_of_slim_layers_are_checked(graph):
  x = _features()
  expected = _error_of(lambda: slim.linear(_features((2, 4)), -1))
  _raises_and_leaves_nothing(
      graph, lambda: slim.stack(x, slim.linear, [4, -1]), expected)
  relu8 = functools.partial(slim.fully_connected, num_outputs=8)
  expected = _error_of(lambda: relu8(_features((2, 8)), weights_regularizer=5))
  _raises_and_leaves_nothing(
      graph, lambda: slim.repeat(x, 2, relu8, weights_regularizer=5),
      expected)


def test_input_that_is_not_a_tensor_is_checked_as_converted(graph):
  ints = [[1, 2, 3], [4, 5, 6]]  # converts to int32
  expected = _error_of(lambda: slim.fully_connected(tf.constant(ints), 4))
  _raises_and_leaves_nothing(
      graph, lambda: slim.stack(ints, slim.fully_connected, [4, 4]), expected)
  floats = np.ones((2, 3), np.float32)
  assert slim.stack(floats, slim.fully_connected, [4]).shape.as_list() == [
      2, 4]


def test_reuse_of_a_repeat_scope(graph):
  x = _images()
  first = slim.repeat(x, 2, slim.conv2d, 4, 3, scope='c')
  count = len(tf.global_variables())
  again = slim.repeat(x, 2, slim.conv2d, 4, 3, scope='c', reuse=True)
  assert len(tf.global_variables()) == count
  assert again.shape.as_list() == first.shape.as_list()


# ---- what is not checked up front ---------------------------------------------


def test_a_function_of_your_own_is_only_called_for_real(graph):
  calls = []

  def layer(x, size, scope=None):
    calls.append(scope)
    return slim.fully_connected(x, size, scope=scope)

  slim.stack(_features(), layer, [4, 5], scope='own')
  assert calls == ['own_1', 'own_2']
  with pytest.raises(ValueError):
    slim.stack(_features(), layer, [4, -1], scope='bad')
  # The documented limit: the first layer was built before the second
  # failed.
  assert 'bad/bad_1/weights' in [v.op.name for v in tf.global_variables()]


def test_steps_after_a_shape_changing_activation_are_left_to_the_real_call(
    graph):
  # crelu doubles the channels: what follows it cannot be predicted, so it
  # is checked only when built (the first layer stays, as before).
  with pytest.raises(ValueError, match='num_outputs'):
    slim.stack(_features(), slim.fully_connected, [4, -1],
               activation_fn=tf.nn.crelu, scope='cr')
  assert 'cr/cr_1/weights' in [v.op.name for v in tf.global_variables()]
  out = slim.stack(_features(), slim.fully_connected, [4, 3],
                   activation_fn=tf.nn.crelu)
  assert out.shape.as_list() == [2, 6]
