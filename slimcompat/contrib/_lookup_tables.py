"""TF 1.x's vocabulary tables, built from the public ``tf.compat.v1.lookup``.

TF 2 keeps the tables themselves public (``StaticHashTable``, the
initializers, ``MutableHashTable``, ``DenseHashTable``) but not the helpers
slim-era input pipelines called: the index tables made from a vocabulary
file or tensor, the out-of-vocabulary hash buckets (`IdTableWithHashBuckets`)
and the hasher specs.  They are written here over public ops.  Every table
is the graph-mode (v1) kind: its initializer lands in the
``TABLE_INITIALIZERS`` collection, so ``tf.tables_initializer()`` runs it.
"""

import collections
import numbers

from slimcompat._compat import tf

_v1_lookup = tf.lookup


def _base_named(cls, name):
  """The base class `name` of public class `cls` (TF does not export the
  lookup base classes, yet isinstance checks against them are TF 1.x API)."""
  for base in cls.__mro__:
    if base.__name__ == name:
      return base
  raise ImportError('TensorFlow no longer has a %s base of %s' %
                    (name, cls.__name__))


LookupInterface = _base_named(_v1_lookup.StaticHashTable, 'LookupInterface')
InitializableLookupTableBase = _base_named(_v1_lookup.StaticHashTable,
                                           'InitializableLookupTableBase')
TableInitializerBase = _base_named(_v1_lookup.KeyValueTensorInitializer,
                                   'TableInitializerBase')
KeyValueTensorInitializer = _v1_lookup.KeyValueTensorInitializer
TextFileIndex = _v1_lookup.TextFileIndex
TextFileInitializer = _v1_lookup.TextFileInitializer
MutableHashTable = _v1_lookup.experimental.MutableHashTable
MutableDenseHashTable = _v1_lookup.experimental.DenseHashTable


class HasherSpec(collections.namedtuple('HasherSpec', ['hasher', 'key'])):
  """How out-of-vocabulary keys are hashed into buckets.

  ``hasher`` is ``'fasthash'`` (the default, `FastHashSpec`), ``'stronghash'``
  (keyed, see `StrongHashSpec`) or ``'legacy'``; ``key`` is the strong
  hash's key pair, else None.
  """

  __slots__ = ()


FastHashSpec = HasherSpec('fasthash', None)


class StrongHashSpec(HasherSpec):
  """A keyed hasher spec: ``StrongHashSpec((k0, k1))`` with two integers."""

  __slots__ = ()

  def __new__(cls, key):
    if len(key) != 2:
      raise ValueError('StrongHashSpec needs a key of two integers, got %d '
                       'values: %r' % (len(key), key))
    if not all(isinstance(part, numbers.Integral) for part in key):
      raise TypeError('StrongHashSpec needs a key of two unsigned integers, '
                      'got %r' % (key,))
    return super().__new__(cls, 'stronghash', key)


def _hash_buckets(strings, num_buckets, hasher_spec):
  """Bucket ids in [0, num_buckets) of a string tensor, by `hasher_spec`."""
  if not isinstance(hasher_spec, HasherSpec):
    raise TypeError('hasher_spec must be a HasherSpec (FastHashSpec or '
                    'StrongHashSpec(key)), got %r' % (hasher_spec,))
  if hasher_spec.hasher == 'fasthash':
    return tf.string_to_hash_bucket_fast(strings, num_buckets,
                                         name='hash_bucket')
  if hasher_spec.hasher == 'stronghash':
    return tf.string_to_hash_bucket_strong(strings, num_buckets,
                                           list(hasher_spec.key),
                                           name='hash_bucket')
  if hasher_spec.hasher == 'legacy':
    return tf.string_to_hash_bucket(strings, num_buckets, name='hash_bucket')
  raise ValueError('Unknown hasher %r in hasher_spec; use FastHashSpec or '
                   'StrongHashSpec(key)' % (hasher_spec.hasher,))


class TextFileIdTableInitializer(TextFileInitializer):
  """Reads a vocabulary file into a key -> int64 id table (default: each
  whole line is a key, its zero-based line number the id)."""

  def __init__(self, filename, key_column_index=TextFileIndex.WHOLE_LINE,
               value_column_index=TextFileIndex.LINE_NUMBER, vocab_size=None,
               delimiter='\t', name='text_file_id_table_init',
               key_dtype=tf.string):
    super().__init__(filename, key_dtype, key_column_index, tf.int64,
                     value_column_index, vocab_size=vocab_size,
                     delimiter=delimiter, name=name)


class TextFileStringTableInitializer(TextFileInitializer):
  """Reads a vocabulary file into an int64 id -> string table (default: the
  zero-based line number is the key, the whole line the value)."""

  def __init__(self, filename, key_column_index=TextFileIndex.LINE_NUMBER,
               value_column_index=TextFileIndex.WHOLE_LINE, vocab_size=None,
               delimiter='\t', name='text_file_string_table_init'):
    super().__init__(filename, tf.int64, key_column_index, tf.string,
                     value_column_index, vocab_size=vocab_size,
                     delimiter=delimiter, name=name)


class HashTable(_v1_lookup.StaticHashTable):
  """TF 1.x's immutable hash table (``tf.contrib.lookup.HashTable``).

  Keys and values take the initializer's dtypes; `default_value` answers a
  missing key.  Run ``tf.tables_initializer()`` (or ``table.init``) once
  before the first lookup.  A `shared_name` shares the table across
  sessions of the same server, as in TF 1.x.
  """

  def __init__(self, initializer, default_value, shared_name=None, name=None):
    self._requested_shared_name = shared_name
    super().__init__(initializer, default_value, name=name)

  def _create_resource(self):
    if self._requested_shared_name:
      # TF 2 derives the shared name from the initializer; TF 1.x took it
      # from the constructor, which is what a TF 1.x caller passed.
      self._shared_name = self._requested_shared_name
    return super()._create_resource()

  @property
  def init(self):
    """The op that fills the table (TF 1.x's name for `initializer`)."""
    return self.initializer


class IdTableWithHashBuckets(LookupInterface):
  """A string or integer -> int64 id table with out-of-vocabulary buckets.

  Keys found in `table` get its id; the others get
  ``table.size() + hash(key) % num_oov_buckets``.  Without a `table`, every
  key is hashed into ``[0, num_oov_buckets)``.
  """

  def __init__(self, table, num_oov_buckets, hasher_spec=FastHashSpec,
               name=None, key_dtype=None):
    if not isinstance(hasher_spec, HasherSpec):
      raise TypeError('hasher_spec must be a HasherSpec (FastHashSpec or '
                      'StrongHashSpec(key)), got %r' % (hasher_spec,))
    name = name.rstrip('/') if name else name
    if table is not None:
      key_dtype = tf.as_dtype(key_dtype or table.key_dtype)
      if table.key_dtype not in (tf.int64, tf.string):
        raise TypeError('The wrapped table must have int64 or string keys, '
                        'got %s' % table.key_dtype)
      if table.key_dtype.is_integer != key_dtype.is_integer:
        raise TypeError('key_dtype %s does not fit the wrapped table\'s %s '
                        'keys' % (key_dtype, table.key_dtype))
      if table.value_dtype != tf.int64:
        raise TypeError('The wrapped table must have int64 values, got %s' %
                        table.value_dtype)
      name = name or table.name
    else:
      if num_oov_buckets <= 0:
        raise ValueError('Without a table, num_oov_buckets must be > 0, got '
                         '%s' % num_oov_buckets)
      key_dtype = tf.as_dtype(key_dtype or tf.string)
      name = name or 'hash_bucket'
    if not (key_dtype.is_integer or key_dtype == tf.string):
      raise TypeError('key_dtype must be an integer type or string, got %s' %
                      key_dtype)
    self._table = table
    self._num_oov_buckets = num_oov_buckets
    self._hasher_spec = hasher_spec
    self._table_name = name.split('/')[-1] if name else None
    super().__init__(key_dtype, tf.int64)

  def _create_resource(self):
    return None if self._table is None else self._table.resource_handle

  @property
  def resource_handle(self):
    return None if self._table is None else self._table.resource_handle

  @property
  def initializer(self):
    if self._table is not None:
      return self._table.initializer
    with tf.name_scope(None, 'init'):
      return tf.no_op()

  @property
  def init(self):
    """TF 1.x's name for `initializer`."""
    return self.initializer

  @property
  def name(self):
    return self._table_name

  def size(self, name=None):
    """The vocabulary size plus the number of buckets (an int64 scalar)."""
    with tf.name_scope(name, '%s_Size' % self.name):
      if self._table is None:
        return tf.constant(self._num_oov_buckets, tf.int64)
      return self._table.size() + self._num_oov_buckets

  def lookup(self, keys, name=None):
    """The int64 ids of `keys` (a Tensor or SparseTensor of key_dtype)."""
    if keys.dtype.base_dtype != self._key_dtype:
      raise TypeError('keys must be %s, got %s' % (self._key_dtype,
                                                   keys.dtype))
    sparse = isinstance(keys, tf.SparseTensor)
    values = keys.values if sparse else keys
    if self._table is not None and self._table.key_dtype == tf.int64:
      values = tf.cast(values, tf.int64)
    if self._num_oov_buckets == 0:
      ids = self._table.lookup(values, name=name)
    else:
      with tf.name_scope(name, '%s_Lookup' % self.name):
        strings = values if values.dtype == tf.string else tf.as_string(values)
        buckets = _hash_buckets(strings, self._num_oov_buckets,
                                self._hasher_spec)
        if self._table is None:
          ids = buckets
        else:
          found = self._table.lookup(values)
          buckets = buckets + self._table.size()
          ids = tf.where(tf.not_equal(found, self._table.default_value),
                         found, buckets)
    if sparse:
      return tf.SparseTensor(keys.indices, ids, keys.dense_shape)
    return ids


def _check_vocabulary_file(vocabulary_file, vocab_size):
  if vocabulary_file is None or (isinstance(vocabulary_file, str) and
                                 not vocabulary_file):
    raise ValueError('vocabulary_file must be given (a path, or a scalar '
                     'string Tensor) and not empty.')
  if vocab_size is not None and vocab_size < 1:
    raise ValueError('vocab_size must be greater than 0, got %d for '
                     'vocabulary_file %s.' % (vocab_size, vocabulary_file))


def _check_oov_buckets(num_oov_buckets):
  if num_oov_buckets < 0:
    raise ValueError('num_oov_buckets must be 0 or more, got %d.' %
                     num_oov_buckets)


def _with_buckets(table, num_oov_buckets, hasher_spec, key_dtype):
  if not num_oov_buckets:
    return table
  return IdTableWithHashBuckets(table, num_oov_buckets=num_oov_buckets,
                                hasher_spec=hasher_spec, key_dtype=key_dtype)


def index_table_from_file(vocabulary_file=None, num_oov_buckets=0,
                          vocab_size=None, default_value=-1,
                          hasher_spec=FastHashSpec, key_dtype=tf.string,
                          name=None, key_column_index=TextFileIndex.WHOLE_LINE,
                          value_column_index=TextFileIndex.LINE_NUMBER,
                          delimiter='\t'):
  """A key -> int64 id table read from a vocabulary file (one key a line,
  the line number its id); unknown keys get `default_value`, or with
  `num_oov_buckets` > 0 a hash bucket after the vocabulary.

  Raises:
    ValueError: no file, `num_oov_buckets` < 0 or `vocab_size` < 1.
    TypeError: `key_dtype` neither string nor integer.
  """
  _check_vocabulary_file(vocabulary_file, vocab_size)
  _check_oov_buckets(num_oov_buckets)
  key_dtype = tf.as_dtype(key_dtype)
  if not (key_dtype.is_integer or key_dtype == tf.string):
    raise TypeError('key_dtype must be an integer type or string, got %s' %
                    key_dtype)
  with tf.name_scope(name, 'string_to_index'):
    with tf.name_scope(None, 'hash_table'):
      init = TextFileIdTableInitializer(
          vocabulary_file, vocab_size=vocab_size,
          key_dtype=tf.int64 if key_dtype.is_integer else key_dtype,
          name='table_init', key_column_index=key_column_index,
          value_column_index=value_column_index, delimiter=delimiter)
      table = _v1_lookup.StaticHashTable(init, default_value)
    return _with_buckets(table, num_oov_buckets, hasher_spec, key_dtype)


def index_table_from_tensor(mapping, num_oov_buckets=0, default_value=-1,
                            hasher_spec=FastHashSpec, dtype=tf.string,
                            name=None):
  """A key -> int64 id table from a 1-D tensor of keys (a key's position is
  its id); unknown keys as in `index_table_from_file`.

  Raises:
    ValueError: `mapping` is None, its dtype does not fit `dtype`, or
      `num_oov_buckets` < 0.
    TypeError: `dtype` neither string nor integer.
  """
  if mapping is None:
    raise ValueError('mapping must be given: a 1-D Tensor (or list) of the '
                     'vocabulary keys.')
  _check_oov_buckets(num_oov_buckets)
  dtype = tf.as_dtype(dtype)
  if not (dtype.is_integer or dtype == tf.string):
    raise TypeError('dtype must be an integer type or string, got %s' % dtype)
  with tf.name_scope(name, 'string_to_index'):
    keys = tf.convert_to_tensor(mapping)
    if keys.dtype.is_integer != dtype.is_integer or (
        not dtype.is_integer and keys.dtype.base_dtype != dtype):
      raise ValueError('mapping has dtype %s, which does not fit dtype=%s.' %
                       (keys.dtype, dtype))
    ids = tf.cast(tf.range(tf.size(keys)), tf.int64)
    with tf.name_scope(None, 'hash_table'):
      if keys.dtype.is_integer:
        keys = tf.cast(keys, tf.int64)
      init = KeyValueTensorInitializer(keys, ids, keys.dtype.base_dtype,
                                       tf.int64, name='table_init')
      table = _v1_lookup.StaticHashTable(init, default_value)
    return _with_buckets(table, num_oov_buckets, hasher_spec, dtype)


def index_to_string_table_from_file(
    vocabulary_file, vocab_size=None, default_value='UNK', name=None,
    key_column_index=TextFileIndex.LINE_NUMBER,
    value_column_index=TextFileIndex.WHOLE_LINE, delimiter='\t'):
  """An int64 id -> string table read from a vocabulary file (the line
  number is the id, the line the string); unknown ids get `default_value`.

  Raises:
    ValueError: no file, or `vocab_size` < 1.
  """
  _check_vocabulary_file(vocabulary_file, vocab_size)
  with tf.name_scope(name, 'index_to_string'):
    init = TextFileStringTableInitializer(
        vocabulary_file, vocab_size=vocab_size, name='table_init',
        key_column_index=key_column_index,
        value_column_index=value_column_index, delimiter=delimiter)
    return _v1_lookup.StaticHashTable(init, default_value)


def index_to_string_table_from_tensor(mapping, default_value='UNK',
                                      name=None):
  """An int64 id -> string table from a 1-D string tensor (a string's
  position is its id); unknown ids get `default_value`.

  Raises:
    ValueError: `mapping` is None.
  """
  if mapping is None:
    raise ValueError('mapping must be given: a 1-D string Tensor (or list) '
                     'of the vocabulary.')
  with tf.name_scope(name, 'index_to_string'):
    strings = tf.convert_to_tensor(mapping, tf.string)
    ids = tf.cast(tf.range(tf.size(strings)), tf.int64)
    with tf.name_scope(None, 'hash_table'):
      init = KeyValueTensorInitializer(ids, strings, tf.int64, tf.string,
                                       name='table_init')
      return _v1_lookup.StaticHashTable(init, default_value)
