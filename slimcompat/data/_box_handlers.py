"""Item handlers for boxes and keypoints: BoundingBox (one Example),
BoundingBoxSequence, KeypointsSequence and NumBoxesSequence (SequenceExamples,
one list of boxes per frame)."""

from slimcompat._compat import tf
from slimcompat.data._item_handler import ItemHandler


def _prefixed_keys(handler_name, keys, prefix, default_keys):
  """Checks the number of `keys` (default `default_keys`) and prefixes them."""
  if keys is None:
    keys = list(default_keys)
  elif len(keys) != len(default_keys):
    raise ValueError('%s expects %d keys (%s) but got %d: %r.' %
                     (handler_name, len(default_keys),
                      ', '.join(default_keys), len(keys), keys))
  try:
    return keys, [prefix + key for key in keys]
  except TypeError as err:
    raise TypeError(
        '%s needs prefix to be a string that starts every key (use \'\' for '
        'none), got %r.' % (handler_name, prefix)) from err


def _sparse_with_unit_last_dim(value):
  """Adds a trailing dimension of size 1 to the SparseTensor `value`."""
  shape = tf.concat([tf.cast(tf.shape(value), tf.int64, name='ToInt64'),
                     tf.constant([1], dtype=tf.int64)], 0)
  return tf.sparse_reshape(value, shape)


def _stacked_along_last(values, return_dense, default_value):
  """Concatenates the SparseTensors `values` along a new last axis."""
  parts = [_sparse_with_unit_last_dim(value) for value in values]
  stacked = tf.sparse_concat(2, parts)
  if return_dense:
    stacked = tf.sparse_tensor_to_dense(stacked, default_value=default_value)
  return stacked


class BoundingBox(ItemHandler):
  """Returns the boxes of an Example as a [num_boxes, 4] tensor.

  The four coordinate features may be parsed sparse (VarLenFeature) or dense.

  Args:
    keys: the four coordinate keys, in output order; default
      ['ymin', 'xmin', 'ymax', 'xmax'].
    prefix: string put before each key, e.g. ``'image/object/bbox/'``.

  Raises:
    ValueError: if `keys` is given and does not hold exactly 4 keys.
  """

  def __init__(self, keys=None, prefix=''):
    self._prefix = prefix
    self._keys, self._full_keys = _prefixed_keys(
        'BoundingBox', keys, prefix, ('ymin', 'xmin', 'ymax', 'xmax'))
    super(BoundingBox, self).__init__(self._full_keys)

  def tensors_to_item(self, keys_to_tensors):
    """Returns [num_boxes, 4] coordinates, one box per row, in `keys` order."""
    rows = []
    for key in self._full_keys:
      side = keys_to_tensors[key]
      if isinstance(side, tf.SparseTensor):
        side = side.values
      rows.append(tf.expand_dims(side, 0))
    return tf.transpose(tf.concat(rows, 0))


class _PointsPerFrame(object):
  """What BoundingBoxSequence and KeypointsSequence share, held by each.

  (Held, not inherited: like tf_slim's, both classes derive from ItemHandler
  alone.)  Each coordinate key is a VarLenFeature sequence feature (one list
  per frame); the item is [time, num_points, len(keys)], dense or sparse.
  """

  def __init__(self, handler_name, default_keys, keys, prefix, return_dense,
               default_value):
    _, self.full_keys = _prefixed_keys(handler_name, keys, prefix,
                                       default_keys)
    self._return_dense = return_dense
    self._default_value = default_value

  def stack(self, keys_to_tensors):
    return _stacked_along_last(
        [keys_to_tensors[key] for key in self.full_keys], self._return_dense,
        self._default_value)


class BoundingBoxSequence(ItemHandler):
  """Returns the boxes of every frame of a SequenceExample.

  Each coordinate is a VarLenFeature sequence feature (one list per frame).

  Args:
    keys: the four coordinate keys, in output order; default
      ['ymin', 'xmin', 'ymax', 'xmax'].
    prefix: string put before each key (required; use '' for none).
    return_dense: return a dense [time, max_boxes, 4] tensor instead of a
      SparseTensor.
    default_value: fills the missing boxes of the dense result.

  Raises:
    ValueError: if `keys` is given and does not hold exactly 4 keys.
    TypeError: if `prefix` is not a string.
  """

  def __init__(self, keys=None, prefix=None, return_dense=True,
               default_value=-1.0):
    self._points = _PointsPerFrame(
        'BoundingBoxSequence', ('ymin', 'xmin', 'ymax', 'xmax'), keys, prefix,
        return_dense, default_value)
    super(BoundingBoxSequence, self).__init__(self._points.full_keys)

  def tensors_to_item(self, keys_to_tensors):
    """Returns the [time, num_boxes, 4] boxes, dense or sparse."""
    return self._points.stack(keys_to_tensors)


class KeypointsSequence(ItemHandler):
  """Returns the keypoints of every frame of a SequenceExample.

  As `BoundingBoxSequence`, with two coordinate keys (default ['y', 'x']):
  the dense result is [time, max_keypoints, 2].
  """

  def __init__(self, keys=None, prefix=None, return_dense=True,
               default_value=-1.0):
    self._points = _PointsPerFrame('KeypointsSequence', ('y', 'x'), keys,
                                   prefix, return_dense, default_value)
    super(KeypointsSequence, self).__init__(self._points.full_keys)

  def tensors_to_item(self, keys_to_tensors):
    """Returns the [time, num_keypoints, 2] keypoints, dense or sparse."""
    return self._points.stack(keys_to_tensors)


def _num_boxes_per_frame(tensor, key):
  """Counts the values of each row of the 2-D [time, boxes] SparseTensor."""
  if not isinstance(tensor, tf.SparseTensor):
    raise ValueError(
        'NumBoxesSequence: the parsed tensor must be of type tf.SparseTensor. '
        'Parse feature %r with tf.io.VarLenFeature, got %s.' %
        (key, type(tensor).__name__))
  box_ids = tf.SparseTensor(indices=tensor.indices,
                            values=tensor.indices[:, 1],
                            dense_shape=tensor.dense_shape)
  box_ids = tf.sparse_tensor_to_dense(box_ids, default_value=-1)
  # The extra column of zeros gives frames without any box a count of 0.
  return tf.reduce_max(tf.pad(box_ids + 1, [[0, 0], [0, 1]]), axis=1)


class NumBoxesSequence(ItemHandler):
  """Returns the number of boxes of each frame, an int64 [time] tensor.

  The count comes from the first key's 2-D SparseTensor (frames x boxes);
  with `check_consistency` the other keys must give the same counts, checked
  when the item is evaluated (`tf.errors.InvalidArgumentError` otherwise).

  Args:
    keys: keys of VarLenFeature sequence features, e.g. the box coordinates.
    check_consistency: check that all keys agree.

  Raises:
    ValueError: if `keys` is empty.
  """

  def __init__(self, keys=None, check_consistency=True):
    if not keys:
      raise ValueError(
          'keys must not be empty: NumBoxesSequence needs at least one '
          'sparse sequence feature key to count boxes in.')
    self._check_consistency = check_consistency
    super(NumBoxesSequence, self).__init__(keys)

  def tensors_to_item(self, keys_to_tensors):
    """Returns the per-frame counts.

    Raises:
      ValueError: if a keyed tensor is not a SparseTensor.
    """
    first = self._keys[0]
    num_boxes = _num_boxes_per_frame(keys_to_tensors[first], first)
    checks = []
    if self._check_consistency:
      for key in self._keys[1:]:
        checks.append(tf.assert_equal(
            num_boxes, _num_boxes_per_frame(keys_to_tensors[key], key)))
    with tf.control_dependencies(checks):
      return tf.identity(num_boxes)
