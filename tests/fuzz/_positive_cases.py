"""The generated calls of the positive differential fuzz.

Where `_cases` makes arguments bad, this module makes them *valid but
unusual*: each plain valid value of an argument is delivered as every type
legacy code hands over for it (a TF1 `Dimension`, a NumPy scalar, an entry of
a `TensorShape`, a tuple for a list and the reverse, a 0-d tensor, a NumPy
string or bool, a dtype by name or as a NumPy type ...).  A case is a base
call (`BASES`, most of them `_cases.BASES`) with one or two arguments so
replaced, or with one delivered by an `arg_scope`.

Generation is seeded (`SEED`): a case id names a call that the next run
generates again.
"""

import collections
import random

import numpy as np

from slimcompat._compat import tf
from tests.fuzz import _cases
from tests.fuzz._cases import V

SEED = 23

Case = _cases.Case
case_id = _cases.case_id
function_name = _cases.function_name


def _v(label, make):
  return V(label, lambda slim: make())


def _slim_v(label, make):
  return V(label, make)


# ---- kinds: one plain value delivered as the types legacy code uses -------

def _int_kinds(n):
  shaped = [  # a size: only a non-negative int can be one
      _v('Dimension(%d)' % n, lambda: tf.Dimension(n)),
      _v('TensorShape([%d])[0]' % n, lambda: tf.TensorShape([n])[0]),
  ] if n >= 0 else []
  return [_v('%d' % n, lambda: n)] + shaped + [
      _v('np.int64(%d)' % n, lambda: np.int64(n)),
      _v('np.int32(%d)' % n, lambda: np.int32(n)),
      _v('np.array(%d)' % n, lambda: np.array(n)),
      _v('tensor(%d)' % n, lambda: tf.constant(n)),
  ]


def _float_kinds(x):
  return [
      _v('%r' % x, lambda: x),
      _v('np.float32(%r)' % x, lambda: np.float32(x)),
      _v('np.float64(%r)' % x, lambda: np.float64(x)),
      _v('tensor(%r)' % x, lambda: tf.constant(x, tf.float32)),
  ]


def _bool_kinds(b):
  return [
      _v('%r' % b, lambda: b),
      _v('np.bool_(%r)' % b, lambda: np.bool_(b)),
      _v('tensor(%r)' % b, lambda: tf.constant(b)),
  ]


def _str_kinds(s):
  return [_v('%r' % s, lambda: s), _v('np.str_(%r)' % s, lambda: np.str_(s))]


def _ints_kinds(ints):
  ints = list(ints)
  text = ','.join('None' if i is None else str(i) for i in ints)
  kinds = [
      _v('[%s]' % text, lambda: list(ints)),
      _v('(%s)' % text, lambda: tuple(ints)),
      _v('TensorShape([%s])' % text, lambda: tf.TensorShape(ints)),
      _v('TensorShape([%s]).dims' % text, lambda: tf.TensorShape(ints).dims),
      _v('[Dimension]*(%s)' % text, lambda: [tf.Dimension(i) for i in ints]),
  ]
  if None not in ints:
    kinds += [
        _v('[np.int64]*(%s)' % text, lambda: [np.int64(i) for i in ints]),
        _v('np.array([%s])' % text, lambda: np.array(ints)),
    ]
  return kinds


def _floats_kinds(floats):
  text = ','.join(repr(f) for f in floats)
  return [_v('[%s]' % text, lambda: list(floats)),
          _v('(%s)' % text, lambda: tuple(floats)),
          _v('[np.float32](%s)' % text,
             lambda: [np.float32(f) for f in floats]),
          _v('np.array([%s])' % text, lambda: np.array(floats))]


def _strs_kinds(strs):
  text = ','.join(repr(s) for s in strs)
  return [_v('[%s]' % text, lambda: list(strs)),
          _v('(%s)' % text, lambda: tuple(strs)),
          _v('[np.str_](%s)' % text, lambda: [np.str_(s) for s in strs])]


def _dtype_kinds(dtype):
  return [_v('tf.%s' % dtype.name, lambda: dtype),
          _v("'%s'" % dtype.name, lambda: dtype.name),
          _v('np.%s' % dtype.name, lambda: dtype.as_numpy_dtype),
          _v("np.dtype('%s')" % dtype.name,
             lambda: np.dtype(dtype.as_numpy_dtype))]


def kinds(value):
  """The described values delivering plain `value` as each legacy type."""
  if isinstance(value, V):
    return [value]
  if value is None:
    return [_v('None', lambda: None)]
  if isinstance(value, bool):
    return _bool_kinds(value)
  if isinstance(value, int):
    return _int_kinds(value)
  if isinstance(value, float):
    return _float_kinds(value)
  if isinstance(value, str):
    return _str_kinds(value)
  if isinstance(value, tf.DType):
    return _dtype_kinds(value)
  if isinstance(value, (list, tuple)) and all(isinstance(v, str)
                                              for v in value):
    return _strs_kinds(value)
  if isinstance(value, (list, tuple)) and all(isinstance(v, float)
                                              for v in value):
    return _floats_kinds(value)
  if isinstance(value, (list, tuple)):
    return _ints_kinds(value)
  raise TypeError('no kinds for %r' % (value,))


# ---- inputs ----------------------------------------------------------------

def _input_kinds(label, shape, dtype=tf.float32):
  """A tensor input as a placeholder, with an unknown batch, as a NumPy
  array, a nested list, a constant and a variable."""
  np_dtype = dtype.as_numpy_dtype
  values = (np.arange(np.prod(shape)) % 3).reshape(shape).astype(np_dtype)
  return [
      _cases.placeholder(label, shape, dtype),
      _cases.placeholder('%s[?batch]' % label, [None] + list(shape[1:]),
                         dtype),
      _v('np.array%s' % label, lambda: values.copy()),
      _v('list%s' % label, values.tolist),
      _v('constant%s' % label, lambda: tf.constant(values)),
      _v('Variable%s' % label, lambda: tf.Variable(values, name='x')),
  ]


IMAGES = _input_kinds('[2,5,5,3]', [2, 5, 5, 3])
FEATURES = _input_kinds('[2,3]', [2, 3])
TARGETS = _input_kinds('[2,3]', [2, 3])
LABELS = _input_kinds('[2]int32', [2], tf.int32)
PROBABILITIES = [_v('probs[2]', lambda: tf.constant([0.2, 0.9])),
                 _v('np.probs[2]', lambda: np.array([0.2, 0.9], np.float32))]
BOOL_LABELS = [_v('bools[2]', lambda: tf.constant([False, True])),
               _v('np.bools[2]', lambda: np.array([False, True]))]

# ---- plain valid values, by argument name ----------------------------------
# A value valid for one base may not be for another that shares the
# argument; such cases are simply refused by the reference and not compared.

_REGULARIZER = _slim_v('slim.l2_regularizer(0.1)',
                       lambda slim: slim.l2_regularizer(0.1))

PLAIN = {
    'num_outputs': [4, 1],
    'kernel_size': [3, [1, 3], (2, 2)],
    'stride': [2, [1, 2]],
    'rate': [2, [2, 1]],
    'padding': ['VALID', 'SAME'],
    'depth_multiplier': [2],
    'scope': ['L', 'block_1'],
    'data_format': ['NHWC'],
    'activation_fn': [None, _v('tf.nn.relu6', lambda: tf.nn.relu6)],
    'weights_initializer': [
        _v('tf.zeros_initializer()', tf.zeros_initializer),
        _v('tf.constant_initializer(0.5)',
           lambda: tf.constant_initializer(0.5))],
    'biases_initializer': [None, _v('tf.constant_initializer(0.1)',
                                    lambda: tf.constant_initializer(0.1))],
    'weights_regularizer': [_REGULARIZER],
    'biases_regularizer': [_REGULARIZER],
    'trainable': [False, True],
    'reuse': [None],
    'variables_collections': [['vc']],
    'outputs_collections': [['oc']],
    # variables
    'name': ['v', 'w_1'],
    'shape': [[2, 3], [4], []],
    'dtype': [tf.float32, tf.float64],
    'initializer': [_v('tf.zeros_initializer()', tf.zeros_initializer),
                    _v('tf.ones_initializer()', tf.ones_initializer)],
    'regularizer': [_REGULARIZER],
    'collections': [['c'], ['c', 'd']],
    'device': ['/cpu:0'],
    'initial_value': [_v('[1.0,2.0]', lambda: [1.0, 2.0]),
                      _v('np.float32[2]', lambda: np.ones([2], np.float32)),
                      _v('tensor[2]', lambda: tf.ones([2]))],
    'validate_shape': [True],
    'use_resource': [True, False],
    # batch_norm / normalization
    'decay': [0.9, 0.5],
    'center': [False, True],
    'scale': [True],
    'epsilon': [0.01],
    'is_training': [False, True],
    'begin_norm_axis': [1, 2],
    'begin_params_axis': [-1, 1],
    'dim': [1],
    # dropout / one_hot / repeat / stack
    'keep_prob': [0.5, 1.0],
    'noise_shape': [[2, 1, 1, 3], [None, 1, 1, None], [1]],
    'seed': [7],
    'num_classes': [3, 5],
    'on_value': [2.0],
    'off_value': [-1.0],
    'repetitions': [1, 3],
    'stack_args': [_v('[4,5]', lambda: [4, 5]), _v('(4,5)', lambda: (4, 5)),
                   _v('np.array([4,5])', lambda: np.array([4, 5])),
                   _v('[np.int64(4),Dimension(5)]',
                      lambda: [np.int64(4), tf.Dimension(5)])],
    'list_ops_or_scope': [
        _slim_v('[slim.conv2d]', lambda slim: [slim.conv2d]),
        _slim_v('(slim.conv2d,)', lambda slim: (slim.conv2d,)),
        _slim_v('(slim.conv2d,slim.fully_connected)',
                lambda slim: (slim.conv2d, slim.fully_connected))],
    'arg_scope_kwargs': [
        _v("{'padding':'VALID'}", lambda: {'padding': 'VALID'}),
        _v("{'stride':np.int64(2)}", lambda: {'stride': np.int64(2)}),
        _v("{'kernel_size':(1,1)}", lambda: {'kernel_size': (1, 1)}),
        _v("{'num_outputs':Dimension(2)}",
           lambda: {'num_outputs': tf.Dimension(2)}),
        _v("{'weights_initializer':zeros}",
           lambda: {'weights_initializer': tf.zeros_initializer()}),
        _v("{'normalizer_fn':None,'trainable':np.bool_(False)}",
           lambda: {'normalizer_fn': None, 'trainable': np.bool_(False)})],
    # losses / metrics
    'weights': [0.5, 2],
    'label_smoothing': [0.1],
    'axis': [1],
    'k': [1, 2],
    'threshold': [0.5],
    'thresholds': [[0.5], [0.25, 0.75]],
    'num_thresholds': [10],
    'metrics_collections': [['mc']],
    'updates_collections': [['uc']],
}

# Input arguments, by base: the pool replaces the whole argument.
_INPUT_POOLS = {'inputs': None, 'logits': FEATURES, 'predictions': FEATURES,
                'labels': TARGETS, 'onehot_labels': TARGETS,
                'multi_class_labels': TARGETS, 'values': FEATURES,
                'losses': FEATURES}


def _base(**arguments):
  """A base call: every value a V (plain values as their first kind)."""
  return {k: (v if isinstance(v, V) else kinds(v)[0])
          for k, v in arguments.items()}


_F = _cases.FEATURES
_T = _cases.placeholder('targets[2,3]', [2, 3])
_L = _cases.LABELS

BASES = dict(_cases.BASES)
BASES.update({
    'global_variable': dict(_cases.BASES['local_variable']),
    'layer_norm': _base(inputs=_cases.IMAGES, scope='L'),
    'bias_add': _base(inputs=_cases.IMAGES, scope='L'),
    'unit_norm': _base(inputs=_F, dim=1),
    'softmax': _base(logits=_F, scope='L'),
    'losses.mean_squared_error': _base(predictions=_F, labels=_T),
    'losses.absolute_difference': _base(predictions=_F, labels=_T),
    'losses.log_loss': _base(predictions=_F, labels=_T),
    'losses.softmax_cross_entropy': _base(logits=_F, onehot_labels=_T),
    'losses.sigmoid_cross_entropy': _base(logits=_F, multi_class_labels=_T),
    'losses.sparse_softmax_cross_entropy': _base(logits=_F, labels=_L),
    'losses.hinge_loss': _base(logits=_F, labels=_T),
    'losses.cosine_distance': _base(predictions=_F, labels=_T, axis=1),
    'losses.compute_weighted_loss': _base(losses=_F),
    'metrics.streaming_mean': _base(values=_F),
    'metrics.streaming_accuracy': _base(predictions=_L, labels=_L),
    'metrics.streaming_mean_squared_error': _base(predictions=_F,
                                                  labels=_T),
    'metrics.streaming_mean_absolute_error': _base(predictions=_F,
                                                   labels=_T),
    'metrics.streaming_mean_iou': _base(predictions=_L, labels=_L,
                                        num_classes=3),
    'metrics.streaming_auc': _base(predictions=PROBABILITIES[0],
                                   labels=BOOL_LABELS[0]),
    'metrics.streaming_precision': _base(predictions=BOOL_LABELS[0],
                                         labels=BOOL_LABELS[0]),
    'metrics.streaming_recall': _base(predictions=BOOL_LABELS[0],
                                      labels=BOOL_LABELS[0]),
    'metrics.streaming_percentage_less': _base(values=_F, threshold=0.5),
    'metrics.streaming_precision_at_thresholds': _base(
        predictions=PROBABILITIES[0], labels=BOOL_LABELS[0],
        thresholds=[0.5]),
    'metrics.streaming_recall_at_k': _base(predictions=_F, labels=_L, k=1),
})

# Arguments whose pool depends on the base (input tensors).
_INPUTS_BY_BASE = {
    'metrics.streaming_accuracy': {'predictions': LABELS, 'labels': LABELS},
    'metrics.streaming_mean_iou': {'predictions': LABELS, 'labels': LABELS},
    'metrics.streaming_auc': {'predictions': PROBABILITIES,
                              'labels': BOOL_LABELS},
    'metrics.streaming_precision': {'predictions': BOOL_LABELS,
                                    'labels': BOOL_LABELS},
    'metrics.streaming_recall': {'predictions': BOOL_LABELS,
                                 'labels': BOOL_LABELS},
    'metrics.streaming_precision_at_thresholds': {
        'predictions': PROBABILITIES, 'labels': BOOL_LABELS},
    'metrics.streaming_recall_at_k': {'labels': LABELS},
    'losses.sparse_softmax_cross_entropy': {'labels': LABELS},
    'one_hot_encoding': {'labels': LABELS},
}

# Bases whose arguments the fuzz varies only where they are not arguments of
# another function (arg_scope: its two, repeat / stack: not the layer).
_FIXED = {'args', 'kwargs', 'layer'}
_NOT_SCOPED = ('repeat', 'stack', 'arg_scope', 'local_variable',
               'global_variable', 'losses.', 'metrics.', 'softmax')


def pool(key, name):
  """The described valid values tried for argument `name` of base `key`."""
  special = _INPUTS_BY_BASE.get(key, {})
  if name in special:
    return special[name]
  if name in _INPUT_POOLS:
    if name == 'inputs':
      return FEATURES if BASES[key]['inputs'] is _F else IMAGES
    return _INPUT_POOLS[name]
  values = []
  for plain in PLAIN.get(name, ()):
    values.extend(kinds(plain))
  return values


def arguments(key, signature_names):
  """The arguments of base `key` the fuzz varies."""
  if function_name(key) == 'arg_scope':
    return ['list_ops_or_scope', 'arg_scope_kwargs']
  names = [n for n in signature_names if n not in _FIXED]
  return [n for n in names if pool(key, n)]


# Arguments whose every kind is tried alone on every base (the sizes and
# shapes legacy code computes); of the others a random `OTHER_SINGLES` are.
PRIORITY = frozenset([
    'num_outputs', 'kernel_size', 'stride', 'rate', 'shape', 'noise_shape',
    'num_classes', 'stack_args', 'repetitions', 'list_ops_or_scope',
    'arg_scope_kwargs', 'k', 'axis', 'dim', 'dtype', 'depth_multiplier'])
OTHER_SINGLES = 8


def generate(signatures, pairs_per_function=3, scoped_per_function=3,
             seed=SEED):
  """All cases: every kind of every priority argument alone, a sample of
  the other single changes, random pairs, and random singles delivered by
  an arg_scope.

  The arguments are those of `_cases.generate`.
  """
  rng = random.Random(seed)
  cases = []
  for key in sorted(BASES):
    names = arguments(key, signatures[function_name(key)])
    singles = [(n, v) for n in names for v in pool(key, n)]
    others = [c for c in singles if c[0] not in PRIORITY]
    if len(others) > OTHER_SINGLES:
      kept = set(rng.sample(range(len(others)), OTHER_SINGLES))
      others = [c for i, c in enumerate(others) if i in kept]
    cases.extend(Case(key, (change,), False) for change in singles
                 if change[0] in PRIORITY or change in others)
    cases.extend(_cases.random_pairs(
        rng, key, names, pool, pairs_per_function if len(names) > 1 else 0))
    if function_name(key).startswith(_NOT_SCOPED):
      continue
    scopable = [c for c in singles if c[0] not in _INPUT_POOLS and
                c[0] not in _INPUTS_BY_BASE.get(key, {})]
    cases.extend(_cases.scoped_singles(rng, key, scopable,
                                       scoped_per_function))
  return cases


def counts_by_function(cases, outcomes):
  """{function: Counter of outcome categories}, for the report."""
  table = collections.defaultdict(collections.Counter)
  for case, outcome in zip(cases, outcomes):
    table[case.function][outcome] += 1
  return table
