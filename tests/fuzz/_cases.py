"""The generated calls of the differential fuzz test.

A case is one call of a slim function with some of its arguments replaced by
bad or unusual values: every argument alone, random pairs of arguments, and
single arguments delivered by an active ``arg_scope`` instead of the call.
Values are described, not built: `V.make(slim)` builds a value inside the
current graph for one slim package (slimcompat or the reference), so both
packages see equal but separate inputs.

Generation is seeded (`random.Random(SEED)`), so a failure names a case that
the next run generates again.
"""

import collections
import random

import numpy as np

from slimcompat._compat import tf

SEED = 18


class V(collections.namedtuple('V', 'label make')):
  """A described value: `label` names it in reports, `make(slim)` builds it."""

  def __repr__(self):
    return self.label


def const(label, value):
  """A plain Python value (rebuilt each time, so lists and dicts are fresh)."""
  return V(label, lambda slim: _copy(value))


def _copy(value):
  if isinstance(value, dict):
    return {k: _copy(v) for k, v in value.items()}
  if isinstance(value, list):
    return [_copy(v) for v in value]
  return value


def placeholder(label, shape, dtype=tf.float32):
  return V(label, lambda slim: tf.placeholder(dtype, shape, name='in'))


def slim_fn(name):
  """A function of the slim package under test (`slim.batch_norm`, ...)."""
  return V('slim.' + name, lambda slim: getattr(slim, name))


def _const_tensor(value, dtype):
  return lambda slim: tf.constant(value, dtype)


# ---- inputs ---------------------------------------------------------------

IMAGES = placeholder('images[2,5,5,3]', [2, 5, 5, 3])
FEATURES = placeholder('features[2,3]', [2, 3])
LABELS = placeholder('labels[2]int32', [2], tf.int32)

BAD_IMAGES = [
    placeholder('rank3[2,5,3]', [2, 5, 3]),
    placeholder('rank2[2,3]', [2, 3]),
    placeholder('unknown_rank', None),
    placeholder('unknown_channels[2,5,5,?]', [2, 5, 5, None]),
    placeholder('zero_channels[2,5,5,0]', [2, 5, 5, 0]),
    placeholder('int32_images', [2, 5, 5, 3], tf.int32),
    placeholder('string_images', [2, 5, 5, 3], tf.string),
    placeholder('unknown_batch[?,5,5,3]', [None, 5, 5, 3]),
    const('None', None),
    const('list_4d', np.zeros([1, 3, 3, 2], np.float32).tolist()),
    placeholder('float16_images', [2, 5, 5, 3], tf.float16),
    placeholder('tiny[2,1,1,3]', [2, 1, 1, 3]),
]

BAD_FEATURES = [
    placeholder('rank1[3]', [3]),
    placeholder('unknown_last[2,?]', [2, None]),
    placeholder('unknown_rank', None),
    placeholder('rank4[2,5,5,3]', [2, 5, 5, 3]),
    placeholder('int32_features', [2, 3], tf.int32),
    placeholder('string_features', [2, 3], tf.string),
    placeholder('zero_last[2,0]', [2, 0]),
    const('None', None),
    const('list_2d', [[1.0, 2.0, 3.0]]),
    placeholder('float64_features', [2, 3], tf.float64),
]

# ---- value pools, by argument name ----------------------------------------

_BAD_CALLABLE = [
    const('str_relu', 'relu'), const('int5', 5),
    const('returns_str', lambda *a, **k: 'x'),
    const('two_args', lambda a, b: a),
]

_INITIALIZERS = [
    const("'glorot_uniform'", 'glorot_uniform'), const("'zeros'", 'zeros'),
    const("'ones'", 'ones'), const("'he_normal'", 'he_normal'),
    const("'bogus'", 'bogus'), const('int5', 5), const('float0.5', 0.5),
    const('returns_str', lambda *a, **k: 'x'),
    const('wrong_shape', lambda shape, dtype=None, partition_info=None:
          tf.zeros([7])),
    const('class_not_instance', tf.zeros_initializer),
]

_REGULARIZERS = [
    const("'l2'", 'l2'), const("'l1'", 'l1'), const("'l1_l2'", 'l1_l2'),
    const("'bogus'", 'bogus'), const('int5', 5),
    const('returns_str', lambda w: 'x'),
    const('returns_None', lambda w: None),
    const('returns_python_float', lambda w: 0.5),
    const('two_args', lambda a, b: a),
]

_COLLECTIONS = [
    const('int5', 5), const("'abc'", 'abc'), const("['c']", ['c']),
    const('[None]', [None]), const('[5]', [5]), const('set', {'c'}),
    const('empty', []),
]

_SCOPES = [const('int5', 5), const("''", ''), const("'a b'", 'a b'),
           const('None', None), const("'a/b'", 'a/b'), const('list', ['L'])]

_BOOLS = [const("'yes'", 'yes'), const('None', None), const('int0', 0),
          const('tensor_bool', None)._replace(
              label='tensor_true', make=_const_tensor(True, tf.bool))]

POOLS = {
    'inputs': [],  # by base: BAD_IMAGES or BAD_FEATURES (see `pool`)
    # variables
    'name': [const('None', None), const('int5', 5), const("''", ''),
             const("'a b'", 'a b'), const("'a/'", 'a/'),
             const('list', ['v'])],
    'shape': [const('None', None), const('[None,3]', [None, 3]),
              const('[-1,3]', [-1, 3]), const("'ab'", 'ab'),
              const('int3', 3), const('[2.5,3]', [2.5, 3]),
              const('[]', []), const('[0,3]', [0, 3])],
    'dtype': [const("'bogus'", 'bogus'), const('int5', 5),
              const('tf.string', tf.string), const('tf.int32', tf.int32),
              const("'float64'", 'float64'), const('tf.bool', tf.bool)],
    'initializer': _INITIALIZERS + [
        V('tensor[2,3]', _const_tensor(np.ones([2, 3]), tf.float32)),
        const('ndarray[2,3]', np.ones([2, 3], np.float32))],
    'regularizer': _REGULARIZERS,
    'trainable': [const("'yes'", 'yes'), const('None', None),
                  const('int0', 0)],
    'collections': _COLLECTIONS,
    'caching_device': [const('int5', 5), const("'/cpu:0'", '/cpu:0')],
    'device': [const('int5', 5), const("'/cpu:0'", '/cpu:0'),
               const('func', lambda op: '/cpu:0')],
    'partitioner': [const('int5', 5),
                    const('returns_bad', lambda shape, dtype: [3, 1]),
                    const('returns_str', lambda shape, dtype: 'x')],
    'custom_getter': [const('int5', 5),
                      const('returns_str', lambda getter, *a, **k: 'x')],
    'use_resource': [const("'x'", 'x'), const('False', False)],
    'synchronization': [const('int5', 5), const("'ON_READ'", 'ON_READ'),
                        const('ON_READ', tf.VariableSynchronization.ON_READ)],
    'aggregation': [const('int5', 5), const("'SUM'", 'SUM')],
    'initial_value': [const('None', None), const("'abc'", 'abc'),
                      const('ragged', [[1.0], [2.0, 3.0]]),
                      const('callable', lambda: tf.zeros([2]))],
    'validate_shape': [const("'x'", 'x'), const('None', None)],
    # layers
    'num_outputs': [const('None', None), const('-1', -1), const('0', 0),
                    const('2.5', 2.5), const("'4'", '4'),
                    const('True', True), const('np.int64(4)', np.int64(4)),
                    V('tensor4', _const_tensor(4, tf.int32))],
    'kernel_size': [const('0', 0), const('-1', -1), const('[3]', [3]),
                    const('[3,3,3]', [3, 3, 3]), const("'a'", 'a'),
                    const('None', None), const('7', 7), const('2.5', 2.5),
                    const('[3,None]', [3, None])],
    'stride': [const('0', 0), const('[1]', [1]), const('None', None),
               const("'x'", 'x'), const('3', 3), const('-2', -2)],
    'padding': [const("'same'", 'same'), const("'bogus'", 'bogus'),
                const('int5', 5), const('None', None),
                const('[1,1]', [1, 1]), const("'CAUSAL'", 'CAUSAL'),
                const("'valid'", 'valid')],
    'data_format': [const("'NCHW'", 'NCHW'), const("'bogus'", 'bogus'),
                    const('int5', 5), const("'NWC'", 'NWC'),
                    const("'nhwc'", 'nhwc')],
    'rate': [const('0', 0), const('-1', -1), const('[2]', [2]),
             const('None', None), const('2', 2)],
    'activation_fn': _BAD_CALLABLE + [const('None', None)],
    'normalizer_fn': _BAD_CALLABLE[:2] + [
        slim_fn('batch_norm'), const('identity', lambda x: x),
        const('two_args', lambda a, b: a)],
    'normalizer_params': [const('int5', 5), const("{'bogus':1}", {'bogus': 1}),
                          const('list', []),
                          const("{'scale':True}", {'scale': True})],
    'weights_initializer': _INITIALIZERS + [const('None', None)],
    'pointwise_initializer': _INITIALIZERS[:5] + [const('int5', 5)],
    'weights_regularizer': _REGULARIZERS,
    'biases_initializer': _INITIALIZERS[:6] + [const('None', None)],
    'biases_regularizer': _REGULARIZERS[:6],
    'reuse': [const('True', True), const("'x'", 'x'), const('int5', 5),
              const('AUTO_REUSE', tf.AUTO_REUSE)],
    'variables_collections': _COLLECTIONS + [
        const("{'weights':['w']}", {'weights': ['w']}),
        const("{'weights':5}", {'weights': 5})],
    'outputs_collections': _COLLECTIONS[:5],
    'scope': _SCOPES,
    'conv_dims': [const('1', 1), const('3', 3), const('-1', -1),
                  const("'x'", 'x'), const('2', 2)],
    'depth_multiplier': [const('0', 0), const('-1', -1), const('2.5', 2.5),
                         const('None', None), const("'2'", '2'),
                         const('2', 2)],
    # batch_norm
    'decay': [const('None', None), const("'x'", 'x'), const('2.0', 2.0),
              const('-1', -1), V('tensor0.9', _const_tensor(0.9, tf.float32))],
    'center': _BOOLS,
    'scale': _BOOLS,
    'epsilon': [const('-1', -1.0), const('None', None), const("'x'", 'x'),
                const('0', 0.0)],
    'param_initializers': [
        const("{'beta':'zeros'}", {'beta': 'zeros'}),
        const("{'beta':'bogus'}", {'beta': 'bogus'}),
        const("{'beta':5}", {'beta': 5}),
        const("{'bogus':zeros}", {'bogus': tf.zeros_initializer()}),
        const('int5', 5), const('list', [])],
    'param_regularizers': [
        const("{'beta':'l2'}", {'beta': 'l2'}),
        const("{'beta':5}", {'beta': 5}),
        const("{'beta':returns_str}", {'beta': lambda w: 'x'}),
        const('int5', 5)],
    'updates_collections': [const('int5', 5), const('None', None),
                            const("'abc'", 'abc'), const("['u']", ['u'])],
    'is_training': _BOOLS,
    'batch_weights': [const('int5', 5),
                      placeholder('weights[3]', [3])],
    'fused': [const('True', True), const('False', False),
              const("'x'", 'x')],
    'zero_debias_moving_mean': [const('True', True), const("'x'", 'x')],
    'renorm': [const('True', True), const("'x'", 'x')],
    'renorm_clipping': [const('int5', 5), const("{'bogus':1}", {'bogus': 1})],
    'renorm_decay': [const('None', None), const("'x'", 'x')],
    'adjustment': [const('int5', 5)],
    # dropout / one_hot / repeat / stack
    'keep_prob': [const('0', 0.0), const('1.5', 1.5), const('-1', -1.0),
                  const("'x'", 'x'), const('None', None), const('1', 1.0),
                  V('tensor0.5', _const_tensor(0.5, tf.float32))],
    'noise_shape': [const('[1]', [1]), const("'x'", 'x'),
                    const('[2,1,1,3]', [2, 1, 1, 3]), const('int5', 5)],
    'seed': [const("'x'", 'x'), const('-1', -1)],
    'num_classes': [const('-1', -1), const('None', None), const("'3'", '3'),
                    const('2.5', 2.5), const('0', 0)],
    'on_value': [const("'x'", 'x'), const('None', None)],
    'off_value': [const("'x'", 'x'), const('None', None)],
    'repetitions': [const('0', 0), const('-1', -1), const("'x'", 'x'),
                    const('None', None), const('2.5', 2.5), const('4', 4)],
    'layer': [const('int5', 5), const('None', None),
              slim_fn('flatten'), const('returns_str', lambda *a, **k: 'x')],
    'stack_args': [const('[]', []), const('None', None), const('int5', 5),
                   const('[4,-1]', [4, -1]), const("'ab'", 'ab'),
                   const('[4,[4,9]]', [4, [4, 9]])],
    'list_ops_or_scope': [
        const('[5]', [5]), const("['conv2d']", ['conv2d']),
        const('[None]', [None]), const('int5', 5), const('None', None),
        const('{}', {}), const('[print]', [print]),
        V('[slim.conv2d,5]', lambda slim: [slim.conv2d, 5])],
    'labels': [placeholder('float_labels', [2]),
               placeholder('rank2_labels[2,1]', [2, 1], tf.int32),
               placeholder('unknown_rank', None, tf.int32),
               const('None', None), const('list', [0, 1]),
               placeholder('int64_labels', [2], tf.int64)],
    'arg_scope_kwargs': [
        const('{}', {}), const("{'bogus':1}", {'bogus': 1}),
        const("{'num_outputs':-1}", {'num_outputs': -1}),
        const("{'padding':5}", {'padding': 5}),
        const("{'weights_regularizer':5}", {'weights_regularizer': 5})],
}

# How each function is called when nothing is wrong ('base'); a case replaces
# some of these (or adds arguments that are left at their default here).
# Several bases for one function are told apart by the name in brackets.
_IMAGE_LAYER = dict(inputs=IMAGES, num_outputs=const('4', 4),
                    kernel_size=const('3', 3), scope=const("'L'", 'L'))

BASES = {
    'variable': dict(name=const("'v'", 'v'), shape=const('[2,3]', [2, 3])),
    'model_variable': dict(name=const("'v'", 'v'),
                           shape=const('[2,3]', [2, 3])),
    'local_variable': dict(initial_value=const('[1.0,2.0]', [1.0, 2.0]),
                           name=const("'v'", 'v')),
    'conv2d': dict(_IMAGE_LAYER),
    'convolution': dict(_IMAGE_LAYER),
    'conv2d_transpose': dict(_IMAGE_LAYER),
    'separable_conv2d': dict(_IMAGE_LAYER, depth_multiplier=const('1', 1)),
    'separable_conv2d[depthwise]': dict(
        _IMAGE_LAYER, num_outputs=const('None', None),
        depth_multiplier=const('1', 1)),
    'fully_connected': dict(inputs=FEATURES, num_outputs=const('4', 4),
                            scope=const("'L'", 'L')),
    # tf-slim takes its own fused path (no Keras) only for rank 2, zero
    # debiasing or custom update collections; the default goes through the
    # legacy Keras layer, which the reference lacks under Keras 3.
    'batch_norm[fused]': dict(inputs=IMAGES, fused=const('True', True),
                              updates_collections=const('None', None),
                              scope=const("'L'", 'L')),
    'batch_norm': dict(inputs=IMAGES, scope=const("'L'", 'L')),
    'avg_pool2d': dict(inputs=IMAGES, kernel_size=const('2', 2),
                       scope=const("'L'", 'L')),
    'max_pool2d': dict(inputs=IMAGES, kernel_size=const('2', 2),
                       scope=const("'L'", 'L')),
    'dropout': dict(inputs=IMAGES, scope=const("'L'", 'L')),
    'flatten': dict(inputs=IMAGES, scope=const("'L'", 'L')),
    'one_hot_encoding': dict(labels=LABELS, num_classes=const('3', 3),
                             scope=const("'L'", 'L')),
    # repeat(inputs, repetitions, layer, *args, **kwargs) with conv2d(4, 3).
    'repeat': dict(inputs=IMAGES, repetitions=const('2', 2),
                   layer=slim_fn('conv2d'), args=const('(4,3)', (4, 3)),
                   kwargs=const("{'scope':'L'}", {'scope': 'L'})),
    'stack': dict(inputs=FEATURES, layer=slim_fn('fully_connected'),
                  stack_args=const('[4,5]', [4, 5]),
                  kwargs=const("{'scope':'L'}", {'scope': 'L'})),
    # arg_scope(list_ops_or_scope, **kwargs) entered around a base conv2d.
    'arg_scope': dict(inputs=IMAGES, list_ops_or_scope=V('[slim.conv2d]',
                                          lambda slim: [slim.conv2d]),
                      arg_scope_kwargs=const("{'padding':'VALID'}",
                                             {'padding': 'VALID'})),
}

# Arguments of a function that the fuzz leaves alone (never mutated).
_FIXED = {'args', 'kwargs'}

# Arguments that are positional-only in effect (before *args).
POSITIONAL = {'repeat': ('inputs', 'repetitions', 'layer'),
              'stack': ('inputs', 'layer', 'stack_args')}

Case = collections.namedtuple('Case', 'function changes via_arg_scope')
# function: a key of BASES; changes: tuple of (argument, V); via_arg_scope:
# deliver `changes` through `arg_scope([fn], ...)` instead of the call.


def case_id(case):
  changes = ','.join('%s=%s' % (arg, value.label)
                     for arg, value in case.changes)
  return '%s(%s)%s' % (case.function, changes,
                       ' via arg_scope' if case.via_arg_scope else '')


def function_name(key):
  return key.split('[')[0]


def arguments(key, signature_names):
  """The arguments of base `key` the fuzz may change."""
  names = [n for n in signature_names if n not in _FIXED]
  if function_name(key) == 'arg_scope':
    names = ['list_ops_or_scope', 'arg_scope_kwargs']
  return [n for n in names if n in POOLS]


def pool(key, name):
  """The values tried for argument `name` of base `key`."""
  if name == 'inputs':
    return BAD_FEATURES if BASES[key]['inputs'] is FEATURES else BAD_IMAGES
  return POOLS[name]


# Bases that mostly repeat another's argument handling: a random share of
# their single changes is tried (the rest is the other base's job).
SAMPLED = {'convolution': 0.25, 'separable_conv2d[depthwise]': 0.3,
           'batch_norm': 0.35, 'max_pool2d': 0.3, 'model_variable': 0.35,
           'conv2d_transpose': 0.4, 'separable_conv2d': 0.45,
           'batch_norm[fused]': 0.6, 'avg_pool2d': 0.7, 'variable': 0.8,
           'fully_connected': 0.85}


# Bad calls the reference makes only after it has created variables or ops
# (TensorFlow finds them when it infers a shape), each given once by hand:
# slimcompat refuses them with the reference's class, leaving nothing.
EXPLICIT = (
    Case('conv2d', (('kernel_size', const('7', 7)),
                    ('padding', const("'VALID'", 'VALID'))), False),
    Case('convolution', (('kernel_size', const('[3,7]', [3, 7])),
                         ('padding', const("'VALID'", 'VALID'))), False),
    Case('separable_conv2d', (('kernel_size', const('7', 7)),
                              ('padding', const("'VALID'", 'VALID'))), False),
    Case('separable_conv2d[depthwise]', (
        ('kernel_size', const('7', 7)),
        ('padding', const("'VALID'", 'VALID'))), False),
    Case('conv2d', (('rate', const('3', 3)),
                    ('padding', const("'VALID'", 'VALID'))), False),
    Case('dropout', (('noise_shape', const('[2,1,1,4]', [2, 1, 1, 4])),),
         False),
    Case('dropout', (('noise_shape', const('(4,1)', (4, 1))),), False),
    Case('flatten', (('inputs', const("'abc'", 'abc')),), False),
    Case('flatten', (('inputs', const('2.5', 2.5)),), False),
    Case('one_hot_encoding', (('on_value', const('int1', 1)),), False),
    Case('one_hot_encoding', (('on_value', const('int1', 1)),
                              ('off_value', const('np.float64(0)',
                                                  np.float64(0)))), False),
    Case('conv2d_transpose', (('num_outputs', const('None', None)),
                              ('kernel_size', const('2', 2))), False),
)


def generate(signatures, pairs_per_function=9, scoped_per_function=5,
             seed=SEED):
  """All cases: every argument alone, random pairs, random singles
  delivered by an arg_scope, and the `EXPLICIT` ones.

  Args:
    signatures: maps a function name to its parameter names.
    pairs_per_function: random pairs of changed arguments per base.
    scoped_per_function: random single changes made through arg_scope.
    seed: the generator's seed.

  Returns:
    A list of `Case`.
  """
  rng = random.Random(seed)
  cases = []
  for key in sorted(BASES):
    names = arguments(key, signatures[function_name(key)])
    singles = [(n, v) for n in names for v in pool(key, n)]
    share = SAMPLED.get(key, 1.0)
    tried = (singles if share == 1.0 else
             rng.sample(singles, int(round(share * len(singles)))))
    cases.extend(Case(key, (change,), False) for change in tried)
    cases.extend(random_pairs(rng, key, names, pool, pairs_per_function))
    if function_name(key) in ('repeat', 'stack', 'arg_scope',
                              'local_variable'):
      continue  # not decorated with add_arg_scope (or arg_scope itself)
    scopable = [c for c in singles if c[0] not in ('inputs', 'labels')]
    cases.extend(scoped_singles(rng, key, scopable, scoped_per_function))
  return cases + list(EXPLICIT)


def random_pairs(rng, key, names, pool_fn, number):
  """`number` cases of base `key` changing two random arguments of `names`
  to random values of `pool_fn(key, name)`."""
  pairs = []
  for _ in range(number):
    first, second = rng.sample(names, 2)
    pairs.append(Case(key, ((first, rng.choice(pool_fn(key, first))),
                            (second, rng.choice(pool_fn(key, second)))),
                      False))
  return pairs


def scoped_singles(rng, key, scopable, number):
  """Up to `number` random single changes of `scopable`, each delivered by
  an arg_scope around the call of base `key`."""
  return [Case(key, (change,), True)
          for change in rng.sample(scopable, min(number, len(scopable)))]
