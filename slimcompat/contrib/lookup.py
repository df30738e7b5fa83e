"""Stand-in for ``tensorflow.contrib.lookup``: TF 1.x's vocabulary tables.

The tables are the graph-mode ones of ``tf.compat.v1.lookup`` (initialised
by ``tf.tables_initializer()``); the TF 1.x helpers that TF 2 no longer
exports (index tables from a file or tensor, out-of-vocabulary hash
buckets, hasher specs) come from `slimcompat.contrib._lookup_tables`.
"""

from slimcompat._deprecation import deprecated as _deprecated
from slimcompat._compat import tf as _tf
from slimcompat.contrib._lookup_tables import FastHashSpec
from slimcompat.contrib._lookup_tables import HashTable
from slimcompat.contrib._lookup_tables import HasherSpec
from slimcompat.contrib._lookup_tables import IdTableWithHashBuckets
from slimcompat.contrib._lookup_tables import InitializableLookupTableBase
from slimcompat.contrib._lookup_tables import KeyValueTensorInitializer
from slimcompat.contrib._lookup_tables import LookupInterface
from slimcompat.contrib._lookup_tables import MutableDenseHashTable
from slimcompat.contrib._lookup_tables import MutableHashTable
from slimcompat.contrib._lookup_tables import StrongHashSpec
from slimcompat.contrib._lookup_tables import TableInitializerBase
from slimcompat.contrib._lookup_tables import TextFileIdTableInitializer
from slimcompat.contrib._lookup_tables import TextFileIndex
from slimcompat.contrib._lookup_tables import TextFileInitializer
from slimcompat.contrib._lookup_tables import TextFileStringTableInitializer
from slimcompat.contrib._lookup_tables import index_table_from_file
from slimcompat.contrib._lookup_tables import index_table_from_tensor
from slimcompat.contrib._lookup_tables import index_to_string_table_from_file
from slimcompat.contrib._lookup_tables import index_to_string_table_from_tensor


@_deprecated('2017-04-10', 'Use `index_table_from_file`.')
def string_to_index_table_from_file(vocabulary_file=None, num_oov_buckets=0,
                                    vocab_size=None, default_value=-1,
                                    hasher_spec=FastHashSpec, name=None):
  """Old name of `index_table_from_file` with string keys."""
  return index_table_from_file(
      vocabulary_file, num_oov_buckets=num_oov_buckets, vocab_size=vocab_size,
      default_value=default_value, hasher_spec=hasher_spec,
      key_dtype=_tf.string, name=name)


@_deprecated('2017-04-10', 'Use `index_table_from_tensor`.')
def string_to_index_table_from_tensor(mapping, num_oov_buckets=0,
                                      default_value=-1,
                                      hasher_spec=FastHashSpec, name=None):
  """Old name of `index_table_from_tensor` for a string `mapping`.

  Raises:
    ValueError: if `mapping` is not a string tensor.
  """
  with _tf.name_scope(name, 'string_to_index') as scope:
    mapping = _tf.convert_to_tensor(mapping)
  if mapping.dtype.base_dtype != _tf.string:
    raise ValueError('string_to_index_table_from_tensor needs a string '
                     'mapping, got %s; use index_table_from_tensor for '
                     'integer keys.' % mapping.dtype)
  return index_table_from_tensor(mapping, num_oov_buckets=num_oov_buckets,
                                 default_value=default_value,
                                 hasher_spec=hasher_spec, name=scope)


@_deprecated('2017-01-07', 'Use index_table_from_tensor and the lookup '
             'method of the table it returns.')
def string_to_index(tensor, mapping, default_value=-1, name=None):
  """The int64 positions of the strings of `tensor` in `mapping`
  (`default_value` where absent); run ``tf.tables_initializer()`` first."""
  table = index_table_from_tensor(mapping=mapping,
                                  default_value=default_value, name=name)
  return table.lookup(tensor)


@_deprecated('2017-01-07', 'Use index_to_string_table_from_tensor and the '
             'lookup method of the table it returns.')
def index_to_string(tensor, mapping, default_value='UNK', name=None):
  """The strings of `mapping` at the int64 positions of `tensor`
  (`default_value` out of range); run ``tf.tables_initializer()`` first."""
  table = index_to_string_table_from_tensor(
      mapping=mapping, default_value=default_value, name=name)
  return table.lookup(tensor)


__all__ = [
    'FastHashSpec',
    'HashTable',
    'HasherSpec',
    'IdTableWithHashBuckets',
    'InitializableLookupTableBase',
    'KeyValueTensorInitializer',
    'LookupInterface',
    'MutableDenseHashTable',
    'MutableHashTable',
    'StrongHashSpec',
    'TableInitializerBase',
    'TextFileIdTableInitializer',
    'TextFileIndex',
    'TextFileInitializer',
    'TextFileStringTableInitializer',
    'index_table_from_file',
    'index_table_from_tensor',
    'index_to_string',
    'index_to_string_table_from_file',
    'index_to_string_table_from_tensor',
    'string_to_index',
    'string_to_index_table_from_file',
    'string_to_index_table_from_tensor',
]
