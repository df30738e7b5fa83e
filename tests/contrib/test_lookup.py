"""contrib.lookup against TensorFlow's own (private, unexported) copies of
TF 1.x's table helpers, run live in the same process, and against the
examples of TF 1.15's API reference.

``tensorflow.python.ops.lookup_ops`` still holds the code TF 1.15's
``tf.contrib.lookup`` re-exported; tests may import it (slimcompat may not).
"""

import importlib

import numpy as np
import pytest
from tensorflow.python.ops import lookup_ops as tf_own  # pylint: disable=g-direct-tensorflow-import

from slimcompat._compat import tf
from slimcompat.contrib import lookup

VOCABULARY = ('emerson', 'lake', 'palmer')
FEATURES = ('emerson', 'lake', 'and', 'palmer', 'carl', 'greg', '')


@pytest.fixture
def vocabulary_file(tmp_path):
  path = tmp_path / 'vocab.txt'
  path.write_text(''.join(word + '\n' for word in VOCABULARY))
  return str(path)


def _run(build):
  """Runs `build()` (a structure of tensors) after tf.tables_initializer()."""
  with tf.Graph().as_default():
    fetches = build()
    initialisers = [op.name for op in
                    tf.get_collection(tf.GraphKeys.TABLE_INITIALIZERS)]
    with tf.Session() as session:
      session.run(tf.tables_initializer())
      return session.run(fetches), initialisers


def _both(build):
  """`build(module)` with slimcompat's lookup and with TensorFlow's own."""
  return _run(lambda: build(lookup)), _run(lambda: build(tf_own))


def _assert_same(ours, theirs):
  (our_values, our_ops), (their_values, their_ops) = ours, theirs
  assert our_ops == their_ops
  for mine, reference in zip(our_values, their_values):
    np.testing.assert_array_equal(mine, reference)


@pytest.mark.parametrize('num_oov_buckets,default_value',
                         [(0, -1), (0, -9), (1, -1), (4, -1)])
def test_index_table_from_file(vocabulary_file, num_oov_buckets,
                               default_value):
  def build(module):
    table = module.index_table_from_file(
        vocabulary_file, num_oov_buckets=num_oov_buckets,
        default_value=default_value)
    return [table.lookup(tf.constant(FEATURES)), table.size()]
  _assert_same(*_both(build))


def test_documented_examples(vocabulary_file):
  """The examples of TF 1.15's contrib.lookup reference pages."""
  def build():
    features = tf.constant(['emerson', 'lake', 'and', 'palmer'])
    mapping = tf.constant(list(VOCABULARY))
    indices = tf.constant([1, 5], tf.int64)
    return [
        lookup.index_table_from_tensor(
            mapping=mapping, num_oov_buckets=1).lookup(features),
        lookup.index_table_from_file(
            vocabulary_file=vocabulary_file,
            num_oov_buckets=1).lookup(features),
        lookup.string_to_index(features, mapping=mapping),
        lookup.index_to_string_table_from_tensor(
            mapping, default_value='UNKNOWN').lookup(indices),
        lookup.index_to_string(indices, mapping=mapping,
                               default_value='UNKNOWN'),
        lookup.index_to_string_table_from_file(
            vocabulary_file, default_value='UNKNOWN').lookup(indices),
    ]
  values, _ = _run(build)
  assert values[0].tolist() == [0, 1, 3, 2]
  assert values[1].tolist() == [0, 1, 3, 2]
  assert values[2].tolist() == [0, 1, -1, 2]
  for strings in values[3:]:
    assert strings.tolist() == [b'lake', b'UNKNOWN']


@pytest.mark.parametrize('dtype', [tf.string, tf.int64, tf.int32])
def test_index_table_from_tensor(dtype):
  if dtype == tf.string:
    mapping, keys = list(VOCABULARY), list(FEATURES)
  else:
    mapping, keys = [10, 20, 30], [20, 7, 10, 30, 99]

  def build(module):
    table = module.index_table_from_tensor(
        tf.constant(mapping, dtype), num_oov_buckets=3,
        hasher_spec=module.StrongHashSpec((7, 11)), dtype=dtype)
    return [table.lookup(tf.constant(keys, dtype))]
  _assert_same(*_both(build))


def test_hash_buckets_without_a_table_and_sparse_keys():
  def build(module):
    fast = module.IdTableWithHashBuckets(None, 5)
    strong = module.IdTableWithHashBuckets(None, 5,
                                           module.StrongHashSpec((1, 2)))
    sparse = tf.SparseTensor([[0, 0], [1, 2]], tf.constant(['a', 'lake']),
                             [2, 3])
    table = module.index_table_from_tensor(list(VOCABULARY),
                                           num_oov_buckets=2)
    return [fast.lookup(tf.constant(FEATURES)),
            strong.lookup(tf.constant(FEATURES)), strong.size(),
            table.lookup(sparse).values]
  _assert_same(*_both(build))


def test_hash_table_shared_name_and_init():
  with tf.Graph().as_default():
    table = lookup.HashTable(
        lookup.KeyValueTensorInitializer(['a', 'b'], [3, 4], tf.string,
                                         tf.int64),
        default_value=-1, shared_name='shared_vocab')
    found = table.lookup(tf.constant(['b', 'z']))
    assert table.init is table.initializer
    assert table.resource_handle.op.get_attr('shared_name') == b'shared_vocab'
    with tf.Session() as session:
      session.run(tf.tables_initializer())
      assert session.run(found).tolist() == [4, -1]


def test_mutable_tables_and_bases():
  with tf.Graph().as_default():
    table = lookup.MutableHashTable(tf.string, tf.int64, -1)
    dense = lookup.MutableDenseHashTable(tf.int64, tf.int64, -1, empty_key=0,
                                         deleted_key=-1)
    insert = [table.insert(tf.constant(['x']), tf.constant([5], tf.int64)),
              dense.insert(tf.constant([3], tf.int64),
                           tf.constant([9], tf.int64))]
    found = [table.lookup(tf.constant(['x', 'y'])),
             dense.lookup(tf.constant([3, 4], tf.int64))]
    with tf.Session() as session:
      session.run(insert)
      assert [f.tolist() for f in session.run(found)] == [[5, -1], [9, -1]]
    assert isinstance(table, lookup.LookupInterface)
    static = lookup.index_table_from_tensor(['a'])
    assert isinstance(static, lookup.InitializableLookupTableBase)
    assert isinstance(lookup.index_table_from_tensor(['a'], 1),
                      lookup.LookupInterface)
    assert isinstance(lookup.TextFileIdTableInitializer('f'),
                      lookup.TableInitializerBase)


@pytest.mark.parametrize('call,error', [
    (lambda: lookup.index_table_from_file(None), ValueError),
    (lambda: lookup.index_table_from_file('v', vocab_size=0), ValueError),
    (lambda: lookup.index_table_from_file('v', num_oov_buckets=-1),
     ValueError),
    (lambda: lookup.index_table_from_file('v', key_dtype=tf.float32),
     TypeError),
    (lambda: lookup.index_table_from_tensor(None), ValueError),
    (lambda: lookup.index_table_from_tensor([1, 2]), ValueError),
    (lambda: lookup.index_to_string_table_from_tensor(None), ValueError),
    (lambda: lookup.string_to_index_table_from_tensor([1, 2]), ValueError),
    (lambda: lookup.IdTableWithHashBuckets(None, 0), ValueError),
    (lambda: lookup.IdTableWithHashBuckets(None, 2, hasher_spec='fast'),
     TypeError),
    (lambda: lookup.StrongHashSpec((1,)), ValueError),
    (lambda: lookup.StrongHashSpec((1, 'a')), TypeError),
])
def test_bad_input_raises_tf1_error_classes(call, error):
  with tf.Graph().as_default() as graph:
    with pytest.raises(error):
      call()
    assert not graph.get_collection(tf.GraphKeys.TABLE_INITIALIZERS)


def test_served_under_the_contrib_names(installed, vocabulary_file):
  del installed
  module = importlib.import_module('tensorflow.contrib.lookup')
  assert module is lookup
  assert tf.contrib.lookup is lookup
  values, _ = _run(lambda: tf.contrib.lookup.index_table_from_file(
      vocabulary_file).lookup(tf.constant(['palmer', 'x'])))
  assert values.tolist() == [2, -1]
