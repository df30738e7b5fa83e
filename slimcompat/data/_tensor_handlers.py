"""Item handlers that return a parsed feature as a tensor: Tensor (optionally
reshaped), LookupTensor (mapped through a table), BackupHandler (one handler,
or another when the first gives an empty tensor) and SparseTensor (built from
an index feature and a value feature)."""

from slimcompat._compat import tf
from slimcompat.data._item_handler import ItemHandler


def _dense(value):
  """`value` as a dense tensor (a VarLenFeature parses to a SparseTensor)."""
  if isinstance(value, tf.SparseTensor):
    return tf.sparse_tensor_to_dense(value)
  return value


class Tensor(ItemHandler):
  """Returns one parsed feature, densified and optionally reshaped.

  The shape comes from `shape`, or at run time from the features
  `shape_keys` (one key holding the whole shape, or one key per dimension).

  Args:
    tensor_key: the feature holding the values.
    shape_keys: optional key, or list of keys, of the shape feature(s).
    shape: optional fixed shape to reshape to.
    default_value: fills the positions a sparse feature does not set.

  Raises:
    ValueError: if both `shape_keys` and `shape` are given.
  """

  def __init__(self, tensor_key, shape_keys=None, shape=None, default_value=0):
    if shape_keys and shape is not None:
      raise ValueError(
          'Tensor(%r): give the shape either as shape_keys (read from the '
          'example) or as shape (fixed), not both.' % (tensor_key,))
    if shape_keys and not isinstance(shape_keys, list):
      shape_keys = [shape_keys]
    self._tensor_key = tensor_key
    self._shape_keys = shape_keys
    self._shape = shape
    self._default_value = default_value
    super(Tensor, self).__init__([tensor_key] + list(shape_keys or []))

  def tensors_to_item(self, keys_to_tensors):
    tensor = keys_to_tensors[self._tensor_key]
    shape = self._shape
    if self._shape_keys:
      dims = [_dense(keys_to_tensors[key]) for key in self._shape_keys]
      shape = tf.reshape(tf.stack(dims), [-1])
    if isinstance(tensor, tf.SparseTensor):
      if shape is not None:
        tensor = tf.sparse_reshape(tensor, shape)
      return tf.sparse_tensor_to_dense(tensor, self._default_value)
    if shape is not None:
      tensor = tf.reshape(tensor, shape)
    return tensor


class LookupTensor(Tensor):
  """Like `Tensor`, then maps the values through `table.lookup`.

  Args:
    tensor_key: the feature holding the keys to look up.
    table: a `tf.lookup` table (e.g. from `tf.lookup.index_table_from_tensor`).
    shape_keys: as for `Tensor`.
    shape: as for `Tensor`.
    default_value: as for `Tensor` (a string for string features).

  Raises:
    ValueError: if both `shape_keys` and `shape` are given.
  """

  def __init__(self,
               tensor_key,
               table,
               shape_keys=None,
               shape=None,
               default_value=''):
    self._table = table
    super(LookupTensor, self).__init__(tensor_key, shape_keys, shape,
                                       default_value)

  def tensors_to_item(self, keys_to_tensors):
    keys = super(LookupTensor, self).tensors_to_item(keys_to_tensors)
    return self._table.lookup(keys)


class BackupHandler(ItemHandler):
  """Returns `handler`'s item, or `backup`'s when that item has no elements.

  The choice is made at run time, per example, with a `tf.compat.v1.cond`.

  Args:
    handler: the preferred ItemHandler.
    backup: the ItemHandler used when `handler` gives an empty tensor.

  Raises:
    ValueError: if either is not an ItemHandler.
  """

  def __init__(self, handler, backup):
    for role, value in (('Primary', handler), ('Backup', backup)):
      if not isinstance(value, ItemHandler):
        raise ValueError(
            '%s handler is of type %s; BackupHandler needs ItemHandler '
            'instances (e.g. tfexample_decoder.Tensor(key)).' %
            (role, type(value)))
    self._handler = handler
    self._backup = backup
    super(BackupHandler, self).__init__(handler.keys + backup.keys)

  def tensors_to_item(self, keys_to_tensors):
    item = self._handler.tensors_to_item(keys_to_tensors)
    is_empty = tf.equal(tf.reduce_prod(tf.shape(item)), 0)
    return tf.cond(
        pred=is_empty,
        true_fn=lambda: self._backup.tensors_to_item(keys_to_tensors),
        false_fn=lambda: item)


class SparseTensor(ItemHandler):
  """Builds a SparseTensor whose last index comes from an `indices` feature.

  The `indices` feature (parsed as a VarLenFeature) holds, for each value of
  the `values` feature, its position in the last dimension.

  Args:
    indices_key: feature of the indices; default ``'indices'``.
    values_key: feature of the values; default ``'values'``.
    shape_key: optional feature holding the dense shape.
    shape: the dense shape when there is no `shape_key`; default: the parsed
      shape of the indices feature.
    densify: return a dense tensor instead.
    default_value: fills the unset positions when `densify`.
  """

  def __init__(self,
               indices_key=None,
               values_key=None,
               shape_key=None,
               shape=None,
               densify=False,
               default_value=0):
    keys = [indices_key or 'indices', values_key or 'values']
    self._indices_key, self._values_key = keys
    if shape_key:
      keys.append(shape_key)
    super(SparseTensor, self).__init__(keys)
    # Where the dense shape comes from: a feature, a fixed shape or the
    # parsed indices, in that order of preference.
    self._shape_key, self._shape = shape_key, shape
    self._densify, self._default_value = densify, default_value

  def _dense_shape(self, keys_to_tensors, indices):
    if self._shape_key:
      return _dense(keys_to_tensors[self._shape_key])
    return self._shape or indices.dense_shape

  def tensors_to_item(self, keys_to_tensors):
    indices = keys_to_tensors[self._indices_key]
    # The shape's ops come first, then the index ops (the reference's order).
    shape = self._dense_shape(keys_to_tensors, indices)
    item = tf.SparseTensor(_ids_as_last_index(indices),
                           keys_to_tensors[self._values_key].values, shape)
    if not self._densify:
      return item
    return tf.sparse_tensor_to_dense(item, self._default_value)


def _ids_as_last_index(indices):
  """The index matrix of `indices` with its last column replaced by its
  values: each value of the `indices` feature is a position in the last
  dimension."""
  rank = tf.shape(indices.indices)[1]
  ids = tf.cast(indices.values, tf.int64)
  leading = tf.slice(indices.indices, [0, 0], tf.stack([-1, rank - 1]))
  return tf.concat([leading, tf.reshape(ids, [-1, 1])], 1)
