"""slimcompat._identifiers against the resolution tf-slim 1.1.0 relies on.

tf-slim's conv / dense / separable layers hand string identifiers to
TensorFlow's legacy layer classes, which resolve them with the Keras copy
bundled inside TensorFlow (``tensorflow.python.keras``, present on every
supported TensorFlow): that copy is the reference here, on every env.  Where
Keras 2 itself is installed (TF 2.12 / 2.15; it resolves the names for the
reference's non-fused batch_norm), its resolution is checked too: same names,
same distributions and parameters (its unseeded initializers draw a random
seed per process, so values cannot be compared).
"""

import importlib

import numpy as np
import pytest

from slimcompat import _identifiers
from slimcompat._compat import tf

WEIGHTS = np.random.RandomState(4).uniform(-2, 2, (4, 3)).astype(np.float32)


def _legacy_keras():
  """TensorFlow's bundled Keras copy: (initializers, regularizers)."""
  initializers = importlib.import_module(
      'tensorflow.python.keras.initializers')
  regularizers = importlib.import_module(
      'tensorflow.python.keras.regularizers')
  return initializers, regularizers


def _keras2():
  """Keras 2 (the standalone package), or None under Keras 3 / without it."""
  try:
    keras = importlib.import_module('keras')
  except ImportError:
    return None
  if not str(getattr(keras, '__version__', '3')).startswith('2.'):
    return None
  return _keras2_module('initializers'), _keras2_module('regularizers')


def _keras2_module(name):
  # Keras 2.13+ keeps the implementation (and populate_deserializable_objects)
  # under keras.src; keras.<name> is then only the public API.
  try:
    return importlib.import_module('keras.src.' + name)
  except ImportError:
    return importlib.import_module('keras.' + name)


def _copies():
  copies = [('tensorflow.python.keras', _legacy_keras())]
  keras2 = _keras2()
  if keras2 is not None:
    copies.append(('keras 2', keras2))
  return copies


COPIES = _copies()


def _reference_initializer_names(initializers):
  initializers.populate_deserializable_objects()
  return set(initializers.LOCAL.ALL_OBJECTS)


@pytest.mark.parametrize('copy', [c[1] for c in COPIES],
                         ids=[c[0] for c in COPIES])
def test_initializer_names_are_the_references(copy):
  initializers, _ = copy
  assert _identifiers.INITIALIZER_NAMES == _reference_initializer_names(
      initializers)


def test_regularizer_names_are_the_references():
  _, regularizers = _legacy_keras()
  names = set()
  for name, value in vars(regularizers).items():
    if name.startswith('_') or not callable(value):
      continue
    try:
      resolved = regularizers.get(name)
      with tf.Graph().as_default():
        resolved(tf.constant(WEIGHTS))
    except Exception:
      continue  # a helper of the module, not a regularizer
    names.add(name)
  assert _identifiers.REGULARIZER_NAMES == names


def _values(make, shape, dtype=tf.float32):
  """`make()(shape, dtype)` as the first ops of a seeded graph."""
  with tf.Graph().as_default() as graph:
    tf.set_random_seed(7)
    value = make()(shape, dtype=dtype)
    with tf.Session(graph=graph) as sess:
      return sess.run(value)


def _shapes(name):
  if name.lower().startswith('identity'):
    return [(4, 3), (3, 3)]
  return [(4, 3), (2, 2, 3, 5), (6,)]


INITIALIZER_CASES = sorted(n for n in _identifiers.INITIALIZER_NAMES
                           if n.lower() != 'initializer')


@pytest.mark.parametrize('name', INITIALIZER_CASES)
def test_initializer_values_equal_the_references(name):
  initializers, _ = _legacy_keras()
  for shape in _shapes(name):
    if name.lower().startswith('orthogonal') and len(shape) < 2:
      continue
    ours = _values(lambda: _identifiers.initializer(name), shape)
    theirs = _values(lambda: initializers.get(name), shape)
    np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize('config', [
    {'class_name': 'RandomNormal', 'config': {'stddev': 0.3, 'seed': 3}},
    {'class_name': 'GlorotUniform', 'config': {'seed': 5}},
    {'class_name': 'VarianceScaling',
     'config': {'scale': 2.0, 'mode': 'fan_out', 'distribution': 'uniform'}},
    {'class_name': 'VarianceScaling',
     'config': {'distribution': 'untruncated_normal', 'seed': 2}},
    {'class_name': 'Constant', 'config': {'value': 0.25}},
    {'class_name': 'Orthogonal', 'config': {'gain': 2.0, 'seed': 1}},
    {'class_name': 'TruncatedNormal', 'config': {'mean': 1.0}},
], ids=lambda c: c['class_name'])
def test_config_dicts_equal_the_references(config):
  initializers, _ = _legacy_keras()
  ours = _values(lambda: _identifiers.initializer(dict(config)), (4, 3))
  theirs = _values(lambda: initializers.get(dict(config)), (4, 3))
  np.testing.assert_array_equal(ours, theirs)


def _parameters(obj):
  keys = ('scale', 'mode', 'distribution', 'mean', 'stddev', 'minval',
          'maxval', 'gain', 'value', 'seed')
  return {k: getattr(obj, k) for k in keys if hasattr(obj, k)}


@pytest.mark.parametrize('copy', [c[1] for c in COPIES],
                         ids=[c[0] for c in COPIES])
def test_initializer_parameters_equal_each_keras(copy):
  initializers, _ = copy
  for name in INITIALIZER_CASES:
    ours = _identifiers.initializer(name)
    theirs = initializers.get(name)
    ours_parameters = _parameters(ours)
    if type(ours).__name__ == '_Distribution':
      keys = (('minval', 'maxval') if ours.kind == 'uniform' else
              ('mean', 'stddev'))
      ours_parameters = dict(zip(keys, (ours.first, ours.second)),
                             seed=ours.seed)
    if type(ours).__name__ == '_Fill' and ours.value is None:
      del ours_parameters['value']  # zeros / ones: no value to compare
    assert ours_parameters == _parameters(theirs), name


def test_deterministic_initializers_equal_keras2_values():
  keras2 = _keras2()
  copies = [_legacy_keras()] + ([keras2] if keras2 else [])
  for initializers, _ in copies:
    for name in ('zeros', 'ones', 'constant', 'identity', 'Zeros', 'one'):
      ours = _values(lambda: _identifiers.initializer(name), (3, 3))
      theirs = _values(lambda: initializers.get(name), (3, 3))
      np.testing.assert_array_equal(ours, theirs)


def test_base_initializer_raises_not_implemented_like_the_reference():
  initializers, _ = _legacy_keras()
  for make in (lambda: _identifiers.initializer('Initializer'),
               lambda: initializers.get('Initializer')):
    with pytest.raises(NotImplementedError):
      _values(make, (2, 2))


@pytest.mark.parametrize('name', ['truncated_normal', 'glorot_uniform',
                                  'orthogonal', 'identity'])
def test_random_initializers_refuse_integer_dtypes(name):
  initializers, _ = _legacy_keras()
  with pytest.raises(ValueError) as theirs:
    _values(lambda: initializers.get(name), (3, 3), tf.int32)
  with pytest.raises(ValueError) as ours:
    _values(lambda: _identifiers.initializer(name), (3, 3), tf.int32)
  assert type(ours.value) is type(theirs.value)
  assert 'int32' in str(ours.value)


def _loss(make):
  with tf.Graph().as_default() as graph:
    weights = tf.constant(WEIGHTS, name='w')
    with tf.name_scope('kernel/Regularizer'):
      loss = make()(weights)
    with tf.Session(graph=graph) as sess:
      return loss.name, sess.run(loss)


@pytest.mark.parametrize('identifier', [
    'l1', 'l2', 'l1_l2', 'L1', 'L2', 'L1L2',
    {'class_name': 'L2', 'config': {'l2': 0.5}},
    {'class_name': 'L1L2', 'config': {'l1': 0.1}},
    {'class_name': 'l1_l2', 'config': {'l2': 0.2}},
    {'class_name': 'L1', 'config': {'l': 0.3}},
], ids=str)
def test_regularizer_losses_equal_the_references(identifier):
  _, regularizers = _legacy_keras()
  copy = lambda: dict(identifier) if isinstance(identifier, dict) else (
      identifier)
  ours_name, ours = _loss(lambda: _identifiers.regularizer(copy()))
  theirs_name, theirs = _loss(lambda: regularizers.get(copy()))
  assert ours_name == theirs_name
  np.testing.assert_allclose(ours, theirs, rtol=1e-6)


def test_regularizer_defaults():
  """l1 / l2 default to 0.01, l1_l2 to 0.01 each, L1L2 to nothing."""
  abs_sum = np.abs(WEIGHTS).sum()
  square_sum = np.square(WEIGHTS).sum()
  expected = {'l1': 0.01 * abs_sum, 'l2': 0.01 * square_sum,
              'l1_l2': 0.01 * abs_sum + 0.01 * square_sum, 'L1L2': 0.0}
  for name, value in expected.items():
    _, loss = _loss(lambda: _identifiers.regularizer(name))
    np.testing.assert_allclose(loss, value, rtol=1e-5)


def test_base_regularizer_is_a_zero_float_like_the_reference():
  _, regularizers = _legacy_keras()
  weights = tf.constant(WEIGHTS)
  assert _identifiers.regularizer('Regularizer')(weights) == 0.0
  assert regularizers.get('Regularizer')(weights) == 0.0


@pytest.mark.parametrize('resolve,keras_kind,value', [
    (_identifiers.initializer, 0, 'bogus'),
    (_identifiers.initializer, 0, 'GlorotUniformV3'),
    (_identifiers.initializer, 0, {'class_name': 'Bogus', 'config': {}}),
    (_identifiers.regularizer, 1, 'bogus'),
    (_identifiers.regularizer, 1, 'L3'),
    (_identifiers.regularizer, 1, {'class_name': 'Bogus', 'config': {}}),
    (_identifiers.regularizer, 1, {'class_name': 'L2', 'config': {'l2': 'x'}}),
])
def test_unknown_names_raise_the_references_class(resolve, keras_kind, value):
  reference = _legacy_keras()[keras_kind]
  with pytest.raises(Exception) as theirs:
    reference.get(value)
  with pytest.raises(Exception) as ours:
    resolve(value, 'weights_initializer')
  assert isinstance(ours.value, type(theirs.value))


def test_unknown_name_message_says_what_to_do():
  with pytest.raises(ValueError) as err:
    _identifiers.initializer('Glorot_Uniform', 'weights_initializer')
  message = str(err.value)
  assert 'weights_initializer' in message
  assert "'glorot_uniform'" in message  # the near miss
  with pytest.raises(ValueError) as err:
    _identifiers.regularizer('l3', 'biases_regularizer')
  assert 'biases_regularizer' in str(err.value) and "'l2'" in str(err.value)


def test_other_values_pass_through():
  init = tf.zeros_initializer()
  assert _identifiers.initializer(init) is init
  assert _identifiers.initializer(None) is None
  assert _identifiers.initializer(5) == 5
  fn = lambda w: None
  assert _identifiers.regularizer(fn) is fn
  assert _identifiers.regularizer(None) is None


def _partitioned_values(init):
  with tf.Graph().as_default():
    tf.set_random_seed(3)
    var = tf.get_variable('w', [40, 30], initializer=init,
                          partitioner=tf.fixed_size_partitioner(2))
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      return np.concatenate(sess.run(list(var)))


@pytest.mark.parametrize('name', ['glorot_uniform', 'he_normal', 'zeros'])
def test_partitioned_variable_like_the_reference(name):
  initializers, _ = _legacy_keras()
  np.testing.assert_array_equal(
      _partitioned_values(_identifiers.initializer(name)),
      _partitioned_values(initializers.get(name)))
