"""String (and config-dict) identifiers for initializers and regularizers.

tf-slim 1.1.0 hands the initializers and regularizers of its conv, dense and
separable layers to TensorFlow's legacy layer classes, which look a string
such as ``'glorot_uniform'`` or ``'l2'`` up by name (and a dict
``{'class_name': 'L2', 'config': {'l2': 0.1}}`` by class name and
arguments).  Code written against tf-slim therefore passes such names.  This
module resolves the same names, without Keras, to objects that build the same
ops with the same defaults:

- initializers: unseeded random ones draw from the graph-level seed with
  TensorFlow's stateful random ops; a ``seed`` in a config dict selects the
  stateless ops (``seed=[seed, 0]``), as the legacy classes do.  Random ones
  accept floating dtypes only.
- regularizers: ``l1`` (0.01), ``l2`` (0.01) and ``l1_l2`` (0.01 each); the
  class names ``L1``, ``L2`` (same defaults) and ``L1L2`` (0 and 0: a zero
  loss).

`initializer(value, argument)` and `regularizer(value, argument)` return
anything that is not a string or dict unchanged; an unknown name raises
ValueError, the class the reference raises.
"""

import math
from typing import Any

import numpy as np

from slimcompat._compat import tf
from slimcompat._compat import tf2

__all__ = ['initializer', 'regularizer', 'INITIALIZER_NAMES',
           'REGULARIZER_NAMES', 'UnknownIdentifierError']


class UnknownIdentifierError(ValueError):
  """A string or dict that names no initializer / regularizer."""


def _float_dtype(dtype: Any) -> Any:
  dtype = tf.as_dtype(dtype or tf.float32)
  if not dtype.is_floating:
    raise ValueError('Expected floating point type, got %s: a random '
                     'initializer makes floating point values only; pass a '
                     'float dtype or use a constant initializer.' % dtype)
  return dtype


def _check_kwargs(name: str, kwargs: Any) -> None:
  # The legacy classes take only the partition keywords beside shape/dtype.
  for key in kwargs:
    if key not in ('partition_shape', 'partition_offset'):
      raise TypeError('Unknown keyword arguments: %s (the %s initializer '
                      'takes shape and dtype).' % (key, name))


class _Initializer(object):
  """Base: called as ``init(shape, dtype=None)``."""

  name = 'Initializer'

  def __call__(self, shape: Any, dtype: Any = None, **kwargs: Any) -> Any:
    _check_kwargs(self.name, kwargs)
    shape = kwargs.get('partition_shape', shape)
    return self._make(list(shape), dtype)

  def _make(self, shape: Any, dtype: Any) -> None:
    raise NotImplementedError(
        "the base 'Initializer' makes no values; name a concrete one such "
        "as 'glorot_uniform' or 'zeros'.")

  def get_config(self) -> Any:
    return {}

  def __repr__(self) -> Any:
    return '%s(%s)' % (self.name, ', '.join(
        '%s=%r' % item for item in sorted(self.get_config().items())))


class _Fill(_Initializer):
  """Zeros / ones / a constant."""

  def __init__(self, name: str, value: Any = None) -> None:
    self.name = name
    self.value = value

  def _make(self, shape: Any, dtype: Any) -> Any:
    dtype = tf.as_dtype(dtype or tf.float32)
    if self.value is None:
      if not dtype.is_numpy_compatible or dtype == tf.string:
        raise ValueError('Expected numeric or boolean dtype, got %s.' % dtype)
      fill = tf.zeros if self.name == 'Zeros' else tf.ones
      return fill(shape, dtype)
    return tf.constant(self.value, dtype=dtype, shape=shape)

  def get_config(self) -> Any:
    return {} if self.value is None else {'value': self.value}


class _Random(object):
  """Stateful random ops (graph seed) or, with a seed, stateless ones."""

  def __init__(self, seed: Any) -> None:
    self.seed = seed

  def normal(self, shape: Any, mean: Any, stddev: Any, dtype: Any) -> Any:
    if self.seed is None:
      return tf.random_normal(shape, mean, stddev, dtype)
    return tf2.random.stateless_normal(shape, [self.seed, 0], mean, stddev,
                                       dtype)

  def uniform(self, shape: Any, low: Any, high: Any, dtype: Any) -> Any:
    if self.seed is None:
      return tf.random_uniform(shape, low, high, dtype)
    return tf2.random.stateless_uniform(shape, [self.seed, 0], low, high,
                                        dtype)

  def truncated(self, shape: Any, mean: Any, stddev: Any, dtype: Any) -> Any:
    if self.seed is None:
      return tf.truncated_normal(shape, mean, stddev, dtype)
    return tf2.random.stateless_truncated_normal(shape, [self.seed, 0], mean,
                                                 stddev, dtype)


class _Distribution(_Initializer):
  """Normal, uniform or truncated normal with fixed parameters."""

  def __init__(self, name: str, kind: str, first: Any, second: Any,
               seed: Any = None) -> None:
    self.name, self.kind = name, kind
    self.first, self.second, self.seed = first, second, seed
    self._random = _Random(seed)

  def _make(self, shape: Any, dtype: Any) -> Any:
    draw = getattr(self._random, self.kind)
    return draw(shape, self.first, self.second, _float_dtype(dtype))

  def get_config(self) -> Any:
    keys = ('minval', 'maxval') if self.kind == 'uniform' else ('mean',
                                                                'stddev')
    return {keys[0]: self.first, keys[1]: self.second, 'seed': self.seed}


def _fans(shape: Any) -> Any:
  if not shape:
    return 1, 1
  if len(shape) == 1:
    return shape[0], shape[0]
  if len(shape) == 2:
    return shape[0], shape[1]
  receptive = 1
  for dim in shape[:-2]:
    receptive *= dim
  return shape[-2] * receptive, shape[-1] * receptive


class _VarianceScaling(_Initializer):
  """Scale / fan, then a truncated normal, normal or uniform draw."""

  _MODES = ('fan_in', 'fan_out', 'fan_avg')
  _DISTRIBUTIONS = ('normal', 'uniform', 'truncated_normal',
                    'untruncated_normal')

  def __init__(self, name: str = 'VarianceScaling', scale: Any = 1.0,
               mode: str = 'fan_in', distribution: str = 'truncated_normal',
               seed: Any = None) -> None:
    if scale <= 0.:
      raise ValueError('`scale` must be positive float, got %r.' % (scale,))
    if mode not in self._MODES:
      raise ValueError('Invalid `mode` argument: %r; use one of %s.' %
                       (mode, ', '.join(self._MODES)))
    distribution = distribution.lower()
    if distribution == 'normal':
      distribution = 'truncated_normal'
    if distribution not in self._DISTRIBUTIONS:
      raise ValueError('Invalid `distribution` argument: %r; use one of %s.'
                       % (distribution, ', '.join(self._DISTRIBUTIONS)))
    self.name, self.scale, self.mode = name, scale, mode
    self.distribution, self.seed = distribution, seed
    self._random = _Random(seed)

  def __call__(self, shape: Any, dtype: Any = None, **kwargs: Any) -> Any:
    _check_kwargs(self.name, kwargs)
    dtype = _float_dtype(dtype)
    fan_in, fan_out = _fans(list(shape))
    shape = list(kwargs.get('partition_shape', shape))
    fan = {'fan_in': fan_in, 'fan_out': fan_out,
           'fan_avg': (fan_in + fan_out) / 2.}[self.mode]
    scale = self.scale / max(1., fan)
    if self.distribution == 'truncated_normal':
      # The standard deviation of a unit normal truncated to [-2, 2].
      stddev = math.sqrt(scale) / .87962566103423978
      return self._random.truncated(shape, 0.0, stddev, dtype)
    if self.distribution == 'untruncated_normal':
      return self._random.normal(shape, 0.0, math.sqrt(scale), dtype)
    limit = math.sqrt(3.0 * scale)
    return self._random.uniform(shape, -limit, limit, dtype)

  def get_config(self) -> Any:
    return {'scale': self.scale, 'mode': self.mode,
            'distribution': self.distribution, 'seed': self.seed}


class _Orthogonal(_Initializer):
  """A (semi-)orthogonal matrix from the QR decomposition of a normal draw."""

  name = 'Orthogonal'

  def __init__(self, gain: Any = 1.0, seed: Any = None) -> None:
    self.gain, self.seed = gain, seed
    self._random = _Random(seed)

  def __call__(self, shape: Any, dtype: Any = None, **kwargs: Any) -> Any:
    if kwargs:
      raise ValueError("Orthogonal initializer doesn't support "
                       'partition-related arguments')
    dtype = _float_dtype(dtype)
    if len(shape) < 2:
      raise ValueError('The tensor to initialize must be at least '
                       'two-dimensional')
    rows = int(np.prod(shape[:-1]))
    cols = shape[-1]
    draw = self._random.normal((max(rows, cols), min(rows, cols)), 0.0, 1.0,
                               dtype)
    q, r = tf.linalg.qr(draw, full_matrices=False)
    q *= tf.sign(tf.linalg.tensor_diag_part(r))
    if rows < cols:
      q = tf.linalg.matrix_transpose(q)
    return self.gain * tf.reshape(q, shape)

  def get_config(self) -> Any:
    return {'gain': self.gain, 'seed': self.seed}


class _Identity(_Initializer):
  """``gain`` times the identity matrix (2-D shapes only)."""

  name = 'Identity'

  def __init__(self, gain: Any = 1.0) -> None:
    self.gain = gain

  def __call__(self, shape: Any, dtype: Any = None, **kwargs: Any) -> Any:
    if kwargs:
      raise ValueError("Identity initializer doesn't support "
                       'partition-related arguments')
    dtype = _float_dtype(dtype)
    if len(shape) != 2:
      raise ValueError('Identity matrix initializer can only be used for 2D '
                       'matrices; this variable has shape %s.' % (shape,))
    return self.gain * tf.eye(*shape, dtype=dtype)

  def get_config(self) -> Any:
    return {'gain': self.gain}


# Each factory takes the constructor arguments the legacy classes take (the
# `config` of a dict identifier) and has their defaults.


def _zeros() -> Any:
  return _Fill('Zeros')


def _ones() -> Any:
  return _Fill('Ones')


def _constant(value: Any = 0) -> Any:
  return _Fill('Constant', value)


def _random_normal(mean: Any = 0.0, stddev: Any = 0.05,
                   seed: Any = None) -> Any:
  return _Distribution('RandomNormal', 'normal', mean, stddev, seed)


def _random_uniform(minval: Any = -0.05, maxval: Any = 0.05,
                    seed: Any = None) -> Any:
  return _Distribution('RandomUniform', 'uniform', minval, maxval, seed)


def _truncated_normal(mean: Any = 0.0, stddev: Any = 0.05,
                      seed: Any = None) -> Any:
  return _Distribution('TruncatedNormal', 'truncated', mean, stddev, seed)


def _variance_scaling(scale: Any = 1.0, mode: str = 'fan_in',
                      distribution: str = 'truncated_normal',
                      seed: Any = None) -> Any:
  return _VarianceScaling('VarianceScaling', scale, mode, distribution, seed)


def _scaled(name: str, scale: Any, mode: str, distribution: str) -> Any:
  def make(seed: Any = None) -> Any:
    return _VarianceScaling(name, scale, mode, distribution, seed)
  return make


def _base_initializer() -> Any:
  return _Initializer()


_INITIALIZER_CLASSES = {
    'Zeros': _zeros,
    'Ones': _ones,
    'Constant': _constant,
    'RandomNormal': _random_normal,
    'RandomUniform': _random_uniform,
    'TruncatedNormal': _truncated_normal,
    'VarianceScaling': _variance_scaling,
    'GlorotNormal': _scaled('GlorotNormal', 1., 'fan_avg', 'truncated_normal'),
    'GlorotUniform': _scaled('GlorotUniform', 1., 'fan_avg', 'uniform'),
    'HeNormal': _scaled('HeNormal', 2., 'fan_in', 'truncated_normal'),
    'HeUniform': _scaled('HeUniform', 2., 'fan_in', 'uniform'),
    'LecunNormal': _scaled('LecunNormal', 1., 'fan_in', 'truncated_normal'),
    'LecunUniform': _scaled('LecunUniform', 1., 'fan_in', 'uniform'),
    'Orthogonal': _Orthogonal,
    'Identity': _Identity,
    'Initializer': _base_initializer,
}

# The names the legacy layers accept: each class name, its snake_case form,
# a 'V2' alias of each class name, a few snake_case 'V2' aliases and four
# short forms.
_SNAKE = {
    'Zeros': 'zeros', 'Ones': 'ones', 'Constant': 'constant',
    'RandomNormal': 'random_normal', 'RandomUniform': 'random_uniform',
    'TruncatedNormal': 'truncated_normal',
    'VarianceScaling': 'variance_scaling', 'GlorotNormal': 'glorot_normal',
    'GlorotUniform': 'glorot_uniform', 'HeNormal': 'he_normal',
    'HeUniform': 'he_uniform', 'LecunNormal': 'lecun_normal',
    'LecunUniform': 'lecun_uniform', 'Orthogonal': 'orthogonal',
    'Identity': 'identity', 'Initializer': 'initializer',
}
_SNAKE_V2 = ('GlorotNormal', 'GlorotUniform', 'HeNormal', 'HeUniform',
             'LecunNormal', 'LecunUniform')
_SHORT = {'normal': 'RandomNormal', 'uniform': 'RandomUniform',
          'one': 'Ones', 'zero': 'Zeros'}


def _initializer_table() -> Any:
  table = {}
  for class_name, factory in _INITIALIZER_CLASSES.items():
    table[class_name] = factory
    table[_SNAKE[class_name]] = factory
    if class_name != 'Initializer':
      table[class_name + 'V2'] = factory
  for class_name in _SNAKE_V2:
    table[_SNAKE[class_name] + 'V2'] = _INITIALIZER_CLASSES[class_name]
  for short, class_name in _SHORT.items():
    table[short] = _INITIALIZER_CLASSES[class_name]
  return table


_INITIALIZERS = _initializer_table()
INITIALIZER_NAMES = frozenset(_INITIALIZERS)


# ---- regularizers -----------------------------------------------------------


def _penalty(value: Any, name: str) -> Any:
  if not isinstance(value, (int, float, np.number)) or math.isnan(value):
    raise ValueError('Value: %r is not a valid regularization penalty number, '
                     'expected an int or float value (the `%s` factor).' %
                     (value, name))
  return np.asarray(value, dtype=np.float32)


class _Penalty(object):
  """``l1 * sum(|w|) + l2 * sum(w**2)``, built as the legacy classes build it.

  The single-term forms (L1, L2) return their term alone; the two-term form
  starts from a zero constant and adds each non-zero term.
  """

  def __init__(self, name: str, l1: Any = 0.0, l2: Any = 0.0,
               both: bool = False) -> None:
    self.name, self.both = name, both
    self.l1 = _penalty(0. if l1 is None else l1, 'l1')
    self.l2 = _penalty(0. if l2 is None else l2, 'l2')

  def __call__(self, weights: Any) -> Any:
    if not self.both:
      if self.name == 'L1':
        return self.l1 * tf.reduce_sum(tf.abs(weights))
      return self.l2 * tf.reduce_sum(tf.square(weights))
    loss = tf.constant(0., dtype=weights.dtype)
    if self.l1:
      loss += self.l1 * tf.reduce_sum(tf.abs(weights))
    if self.l2:
      loss += self.l2 * tf.reduce_sum(tf.square(weights))
    return loss

  def get_config(self) -> Any:
    if not self.both:
      key = self.name.lower()
      return {key: float(getattr(self, key))}
    return {'l1': float(self.l1), 'l2': float(self.l2)}

  def __repr__(self) -> Any:
    return '%s(%s)' % (self.name, ', '.join(
        '%s=%r' % item for item in sorted(self.get_config().items())))


def _l1(l1: Any = 0.01, **kwargs: Any) -> Any:
  l1 = kwargs.pop('l', l1)  # the classes' older keyword
  if kwargs:
    raise TypeError('Argument(s) not recognized: %s' % (kwargs,))
  return _Penalty('L1', l1=0.01 if l1 is None else l1)


def _l2(l2: Any = 0.01, **kwargs: Any) -> Any:
  l2 = kwargs.pop('l', l2)
  if kwargs:
    raise TypeError('Argument(s) not recognized: %s' % (kwargs,))
  return _Penalty('L2', l2=0.01 if l2 is None else l2)


def _l1l2_class(l1: Any = 0.0, l2: Any = 0.0) -> Any:
  return _Penalty('L1L2', l1, l2, both=True)


def _l1_l2(l1: Any = 0.01, l2: Any = 0.01) -> Any:
  return _Penalty('L1L2', l1, l2, both=True)


class _ZeroRegularizer(object):
  """The base 'Regularizer' class: a penalty of 0 (a Python float)."""

  def __call__(self, weights: Any) -> Any:
    return 0.

  def get_config(self) -> Any:
    return {}


_REGULARIZERS = {
    'L1': _l1, 'l1': _l1,
    'L2': _l2, 'l2': _l2,
    'L1L2': _l1l2_class,
    'l1_l2': _l1_l2,  # the name's defaults (0.01 each) are not the class's
    'Regularizer': _ZeroRegularizer,
}
REGULARIZER_NAMES = frozenset(_REGULARIZERS)


# ---- resolution -------------------------------------------------------------


def _suggest(name: str, names: Any) -> Any:
  lowered = name.lower().replace('_', '')
  close = sorted(n for n in names
                 if n.lower().replace('_', '') == lowered and n != name)
  if close:
    return ' (did you mean %r?)' % close[0]
  return ''


def _resolve(value: Any, table: Any, kind: str, argument: str,
             examples: Any) -> Any:
  if isinstance(value, dict):
    if 'class_name' not in value:
      raise UnknownIdentifierError(
          'Improper config format for %s %s=%r: a dict identifier needs the '
          "keys 'class_name' and 'config', e.g. {'class_name': %r, "
          "'config': {}}." % (kind, argument, value, examples[0]))
    factory = table.get(value['class_name'])
    if factory is None:
      raise UnknownIdentifierError(
          'Unknown %s: %s (from %s=%r); use one of %s.' %
          (kind, value['class_name'], argument, value, ', '.join(examples)))
    return factory(**dict(value.get('config') or {}))
  factory = table.get(value)
  if factory is None:
    raise UnknownIdentifierError(
        'Unknown %s: %s (from %s=%r)%s; use one of %s, or pass a callable.' %
        (kind, value, argument, value, _suggest(value, table),
         ', '.join(repr(e) for e in examples)))
  return factory()


def initializer(value: Any, argument: str = 'initializer') -> Any:
  """Resolves a string or dict initializer identifier; other values are
  returned as they are.

  Args:
    value: e.g. 'glorot_uniform', 'zeros', {'class_name': 'RandomNormal',
      'config': {'stddev': 0.1}}, or anything else (returned unchanged).
    argument: the argument's name, for the message.

  Raises:
    UnknownIdentifierError: (a ValueError) for a name no initializer has.
  """
  if isinstance(value, (str, dict)):
    return _resolve(value, _INITIALIZERS, 'initializer', argument,
                    ('glorot_uniform', 'zeros', 'ones', 'he_normal',
                     'truncated_normal'))
  return value


def regularizer(value: Any, argument: str = 'regularizer') -> Any:
  """Resolves a string or dict regularizer identifier; other values are
  returned as they are.

  Raises:
    UnknownIdentifierError: (a ValueError) for a name no regularizer has.
  """
  if isinstance(value, (str, dict)):
    return _resolve(value, _REGULARIZERS, 'regularizer', argument,
                    ('l1', 'l2', 'l1_l2'))
  return value
