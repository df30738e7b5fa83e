"""Streaming concatenation of every batch seen, stored as a growing array.

The values live in a local variable `array` whose first axis is the
concatenation axis (moved to the front so appends write contiguous rows) and
whose capacity grows geometrically; `size` counts the valid rows.

`metrics_collections` and `updates_collections`, wherever a metric here takes
them, name the collections its value and its update op are added to.
"""

from slimcompat._compat import tf
from slimcompat.metrics import _utils


def _next_array_size(required_size, growth_factor=1.5):
  """The smallest power of `growth_factor` (rounded up) >= `required_size`.

  Args:
    required_size: number or `Tensor`, the capacity needed.
    growth_factor: number or `Tensor`, the growth between reallocations.

  Returns:
    int32 `Tensor`, the next capacity.
  """
  exponent = tf.ceil(
      tf.log(tf.cast(required_size, tf.float32)) /
      tf.log(tf.cast(growth_factor, tf.float32)))
  return tf.cast(tf.ceil(growth_factor**exponent), tf.int32)


def _fixed_dims(values, axis):
  """Static sizes of all axes but `axis` (ValueError if any is unknown)."""
  shape = values.get_shape()
  if shape.dims is None:
    raise ValueError('`values` must have known statically known rank: '
                     'streaming_concat needs the rank when the graph is '
                     'built (set a static shape).')
  rank = len(shape)
  if axis < 0:
    axis += rank
  if not 0 <= axis < rank:
    raise ValueError('axis = %r not in [0, %r)' % (axis, rank))
  fixed = [tf.dimension_value(dim) for n, dim in enumerate(shape) if n != axis]
  if any(size is None for size in fixed):
    raise ValueError('all dimensions of `values` other than the dimension to '
                     'concatenate along must have statically known size')
  return axis, rank, fixed


def streaming_concat(values,
                     axis=0,
                     max_size=None,
                     metrics_collections=None,
                     updates_collections=None,
                     name=None):
  """Concatenates `values` along `axis` across all update steps.

  Args:
    values: `Tensor` with static rank and static sizes on every axis but
      `axis`.
    axis: the axis to concatenate along.
    max_size: optional cap on the concatenated size; later rows are dropped.
      Without it the storage grows as needed (amortised constant time).
    name: variable scope name (default "streaming_concat").

  Returns:
    `(value, update_op)`: the concatenation so far, and an op that appends a
    batch and returns the new size.

  Raises:
    ValueError: if the rank or a non-concatenated size of `values` is not
      static, or `axis` is out of range.
  """
  with tf.variable_scope(name, 'streaming_concat', (values,)):
    axis, rank, fixed = _fixed_dims(values, axis)
    initial_rows = 0 if max_size is None else max_size
    array = _utils.metric_variable([initial_rows] + fixed, values.dtype,
                                   validate_shape=False, name='array')
    size = _utils.metric_variable([], tf.int32, name='size')

    # Storage axis 0 is `axis`: put it back in place for the value.
    to_values = [0 if n == axis else n + 1 if n < axis else n
                 for n in range(rank)]
    valid_rows = array[:size]
    valid_rows.set_shape([None] + fixed)
    value = tf.transpose(valid_rows, to_values, name='concat')

    incoming = tf.shape(values)[axis]
    if max_size is None:
      batch_size = incoming
    else:
      batch_size = tf.minimum(incoming, max_size - size)
    to_storage = [axis] + [n for n in range(rank) if n != axis]
    batch_rows = tf.transpose(values, to_storage)[:batch_size]
    new_size = size + batch_size

    def reallocate():
      new_shape = tf.stack([_next_array_size(new_size)] + fixed)
      old_rows = array.value()
      with tf.control_dependencies([old_rows]):
        resized = tf.assign(array, tf.zeros(new_shape, dtype=values.dtype),
                            validate_shape=False)
      with tf.control_dependencies([resized]):
        copied = array[:size].assign(old_rows[:size])
      with tf.control_dependencies([copied]):
        return tf.no_op()

    # Read the capacity at run time: the variable's static shape is unknown.
    capacity = tf.shape(array)[0]
    maybe_grow = tf.cond(new_size > capacity, reallocate, tf.no_op)
    with tf.control_dependencies([maybe_grow]):
      appended = array[size:new_size].assign(batch_rows)
    with tf.control_dependencies([appended]):
      update_op = size.assign(new_size)

    return _utils.collected(value, update_op, metrics_collections,
                            updates_collections)
