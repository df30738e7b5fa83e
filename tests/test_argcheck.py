"""slimcompat._argcheck: one wording per mistake, the reference's classes,
and checks that leave the graph untouched."""

import importlib

import numpy as np
import pytest

from slimcompat import _argcheck
from slimcompat._compat import tf


def _raised(fn):
  try:
    fn()
  except Exception as err:
    return err
  return None


def _graph_state(graph):
  return ([op.name for op in graph.get_operations()],
          {k: list(graph.get_collection(k))
           for k in graph.get_all_collection_keys()})


def test_one_wording_for_a_negative_count():
  messages = []
  for function in ('conv2d', 'separable_conv2d', 'conv2d_transpose'):
    err = _raised(lambda: _argcheck.non_negative_int(
        function, 'num_outputs', -1, 'the number of output channels'))
    assert type(err) is ValueError
    messages.append(str(err).replace(function, 'F'))
  assert len(set(messages)) == 1
  message = messages[0]
  assert message.startswith('F: num_outputs=-1 (int) is not valid')
  assert 'non-negative int' in message and 'Pass e.g. num_outputs=64' in (
      message)


@pytest.mark.parametrize('value,cls', [
    (None, ValueError), (2.5, ValueError), ('4', ValueError), (True, TypeError)
])
def test_counts_refuse_non_ints_with_the_given_class(value, cls):
  err = _raised(lambda: _argcheck.non_negative_int(
      'f', 'num_outputs', value, 'channels', cls=cls))
  assert type(err) is cls
  assert repr(value) in str(err)
  assert _argcheck.non_negative_int('f', 'n', np.int64(3), 'x') == 3
  assert _argcheck.positive_int('f', 'n', 1, 'x') == 1
  assert type(_raised(lambda: _argcheck.positive_int('f', 'n', 0, 'x'))) is (
      ValueError)


def test_both_classes_are_caught_by_either_except_clause():
  for cls, bases in ((_argcheck.ValueAndAttributeError,
                      (ValueError, AttributeError)),
                     (_argcheck.ValueAndTypeError, (ValueError, TypeError))):
    for base in bases:
      with pytest.raises(base):
        raise cls('x')


def test_describe_is_short():
  assert _argcheck.describe('relu') == "'relu' (str)"
  assert len(_argcheck.describe('x' * 500)) < 80


@pytest.mark.parametrize('value,cls', [
    ('relu', TypeError), (5, TypeError), (lambda a, b: a, TypeError)])
def test_callable_argument(value, cls):
  err = _raised(lambda: _argcheck.callable_argument('conv2d',
                                                    'activation_fn', value))
  assert type(err) is cls
  assert 'activation_fn=' in str(err)
  # The reference's class: what calling it the way a layer does raises.
  assert type(_raised(lambda: value(tf.constant(1.0)))) is cls


def test_callable_argument_accepts_functions_builtins_and_none():
  for value in (tf.nn.relu, abs, None, lambda x, *rest: x,
                lambda x, y=1: x):
    _argcheck.callable_argument('conv2d', 'activation_fn', value)
  err = _raised(lambda: _argcheck.callable_argument(
      'conv2d', 'activation_fn', 'relu'))
  assert 'pass the function itself' in str(err)


def _legacy_keras(name):
  return importlib.import_module('tensorflow.python.keras.' + name)


@pytest.mark.parametrize('value', [5, 0.5, [1.0]])
def test_layer_initializer_refuses_like_the_reference(value):
  theirs = _raised(lambda: _legacy_keras('initializers').get(value))
  ours = _raised(lambda: _argcheck.layer_initializer(
      'conv2d', 'weights_initializer', value))
  assert type(ours) is type(theirs) is ValueError
  assert 'weights_initializer=' in str(ours)


@pytest.mark.parametrize('value', [5, 0.5, 'bogus'])
def test_layer_regularizer_refuses_like_the_reference(value):
  theirs = _raised(lambda: _legacy_keras('regularizers').get(value))
  ours = _raised(lambda: _argcheck.layer_regularizer(
      'conv2d', 'weights_regularizer', value))
  assert isinstance(ours, type(theirs))
  assert 'weights_regularizer' in str(ours)


def test_layer_arguments_resolve_identifiers():
  checked = _argcheck.layer_arguments(
      'conv2d', {'weights_initializer': 'zeros'},
      {'weights_regularizer': 'l2', 'biases_regularizer': None}, None, None,
      None, None, None)
  assert callable(checked.initializers['weights_initializer'])
  assert callable(checked.regularizers['weights_regularizer'])
  assert checked.regularizers['biases_regularizer'] is None


def test_variable_initializer_string_like_get_variable(graph):
  theirs = _raised(lambda: tf.get_variable('v', [2], initializer='zeros'))
  with tf.Graph().as_default():
    ours = _raised(lambda: _argcheck.variable_initializer(
        'variable', 'initializer', 'zeros', [2]))
  assert type(ours) is type(theirs) is ValueError
  assert 'tf.zeros_initializer()' in str(ours)


def test_variable_regularizer_like_get_variable(graph):
  theirs = _raised(lambda: tf.get_variable('v', [2], regularizer=5))
  for value in (5, 'l2'):
    ours = _raised(lambda: _argcheck.variable_regularizer(
        'variable', 'regularizer', value))
    assert type(ours) is type(theirs) is TypeError


def test_regularization_loss(graph):
  var = tf.get_variable('w', [2])
  loss = tf.reduce_sum(var)
  assert _argcheck.regularization_loss(loss, var, None, False) is loss
  assert _argcheck.regularization_loss(None, var, None, False) is None
  converted = _argcheck.regularization_loss(0.5, var, None, True)
  assert converted.dtype == tf.float32
  def my_regularizer(w):
    return 'x'
  for value, convert in (('x', True), (0.5, False), (True, True)):
    err = _raised(lambda: _argcheck.regularization_loss(
        value, var, my_regularizer, convert))
    assert type(err) is TypeError
    assert 'w:0' in str(err) and 'my_regularizer' in str(err)


def test_collections_argument_like_add_to_collections(graph):
  theirs = _raised(lambda: tf.add_to_collections(5, tf.constant(1)))
  ours = _raised(lambda: _argcheck.collections_argument(
      'conv2d', 'outputs_collections', 5))
  assert type(ours) is type(theirs) is TypeError
  _argcheck.collections_argument('conv2d', 'outputs_collections', 'abc')
  err = _raised(lambda: _argcheck.variables_collections_argument(
      'conv2d', {'weights': 5}, ('weights', 'biases')))
  assert type(err) is TypeError and "variables_collections['weights']" in (
      str(err))


def test_normalizer_params_checked_against_the_normalizer():
  def norm(x, decay=0.9):
    return x
  _argcheck.normalizer('conv2d', norm, {'decay': 0.5})
  _argcheck.normalizer('conv2d', None, {'bogus': 1})  # unused: not checked
  for params in ({'bogus': 1}, [('decay', 1)], 5):
    assert type(_raised(lambda: _argcheck.normalizer(
        'conv2d', norm, params))) is TypeError
  # What calling it with those params raises.
  assert type(_raised(lambda: norm(1, **{'bogus': 1}))) is TypeError
  assert type(_raised(lambda: norm(1, **[('decay', 1)]))) is TypeError


def test_probes_leave_the_graph_alone(graph):
  tf.constant(1.0, name='before')
  state = _graph_state(graph)
  err = _raised(lambda: _argcheck.probe_regularizer(
      'conv2d', 'weights_regularizer', lambda w: 'x', [3, 2], tf.float32,
      True))
  assert type(err) is TypeError and 'weights_regularizer' in str(err)
  _argcheck.probe_regularizer('conv2d', 'weights_regularizer',
                              lambda w: 0.5, [3, 2], tf.float32, True)
  err = _raised(lambda: _argcheck.probe_initializer(
      'conv2d', 'weights_initializer', lambda shape, dtype=None: tf.zeros([7]),
      [3, 2], tf.float32))
  assert type(err) is ValueError and '[3, 2]' in str(err)
  # Inconclusive probes (the function fails on a stand-in) say nothing.
  _argcheck.probe_regularizer('conv2d', 'weights_regularizer',
                              lambda w: w.bogus, [3], tf.float32, True)
  assert _graph_state(graph) == state


@pytest.mark.parametrize('value,cls', [
    (None, ValueError), (-1, ValueError), ('4', TypeError),
    (True, _argcheck.ValueAndTypeError)])
def test_output_channels(value, cls):
  err = _raised(lambda: _argcheck.output_channels('conv2d', value))
  assert type(err) is cls
  assert str(err).startswith('conv2d: num_outputs=')
  assert _argcheck.output_channels('conv2d', 0) == 0


@pytest.mark.parametrize('value', [
    tf.Dimension(16), np.int64(16), np.int32(16), np.array(16), 16.0,
    np.uint8(16)], ids=repr)
def test_output_channels_takes_sizes_as_legacy_code_computes_them(value):
  size = _argcheck.output_channels('conv2d', value)
  assert size == 16 and type(size) is int


@pytest.mark.parametrize('value,cls', [
    (tf.Dimension(None), ValueError), (np.array([16]), TypeError),
    (np.array(-2), ValueError)], ids=repr)
def test_output_channels_refuses_unknown_or_non_scalar_sizes(value, cls):
  err = _raised(lambda: _argcheck.output_channels('conv2d', value))
  assert type(err) is cls and 'num_outputs=' in str(err)


def test_output_channels_tensor_like_graph_mode_bool(graph):
  count = tf.constant(4)
  theirs = _raised(lambda: bool(count < 0))
  ours = _raised(lambda: _argcheck.output_channels('conv2d', count))
  assert isinstance(ours, type(theirs))


def test_reused_variable_exists(graph):
  _argcheck.reused_variable_exists('conv2d', 'L', None, 'weights')
  err = _raised(lambda: _argcheck.reused_variable_exists(
      'conv2d', 'L', True, 'weights'))
  assert type(err) is ValueError and 'L/weights' in str(err)
  with tf.variable_scope('outer'):
    tf.get_variable('L/weights', [1])
    _argcheck.reused_variable_exists('conv2d', 'L', True, 'weights')
  with tf.variable_scope('M', reuse=True):
    theirs = _raised(lambda: tf.get_variable('weights', [1]))
  assert type(theirs) is ValueError


def test_trusted_initializers_probed_only_for_other_dtypes(graph):
  # TensorFlow's glorot initializer refuses an integer dtype; the probe
  # raises what it raises, without touching the user's graph.
  theirs = _raised(lambda: tf.glorot_uniform_initializer()([2, 2],
                                                          dtype=tf.int32))
  state = _graph_state(graph)
  ours = _raised(lambda: _argcheck.probe_initializer(
      'conv2d', 'weights_initializer', tf.glorot_uniform_initializer(),
      [2, 2], tf.int32))
  assert type(ours) is type(theirs)
  _argcheck.probe_initializer('conv2d', 'weights_initializer',
                              tf.glorot_uniform_initializer(), [2, 2],
                              tf.float32)
  err = _raised(lambda: _argcheck.probe_initializer(
      'conv2d', 'weights_initializer', lambda shape, dtype=None: 'x', [2],
      tf.float32))
  assert type(err) is TypeError and "'x' (str)" in str(err)
  assert _graph_state(graph) == state
