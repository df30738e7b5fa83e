"""Shape-changing layers: flatten, images_to_sequence, sequence_to_images,
dense_to_sparse, one_hot_encoding (and the private `_inner_flatten`)."""

import functools
import numbers
import operator

from slimcompat import _argcheck
from slimcompat._compat import tf
from slimcompat.layers import _argcheck as _layer_argcheck
from slimcompat.layers import _dry_run
from slimcompat.layers import utils
from slimcompat.layers._argcheck import DATA_FORMAT_NCHW
from slimcompat.layers._argcheck import DATA_FORMAT_NHWC
from slimcompat.layers._sparse_cells import keep_cells_other_than
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = ['dense_to_sparse', 'flatten', 'images_to_sequence',
           'one_hot_encoding', 'sequence_to_images']


def _flatten_keeping_batch(inputs):
  """[batch, ...] -> [batch, k], keeping as much static shape as possible."""
  shape = inputs.get_shape()
  if shape.ndims == 1:
    return tf.expand_dims(inputs, axis=1)
  batch = tf.dimension_value(shape[0])
  rest = shape[1:]
  if rest.is_fully_defined():
    size = int(functools.reduce(operator.mul, rest.as_list(), 1))
    target = tf.constant([-1, size])
  elif batch is not None:
    target = tf.constant([int(batch), -1])
  else:
    target = [tf.shape(inputs)[0], -1]
  return tf.reshape(inputs, target)


@add_arg_scope
def flatten(inputs, outputs_collections=None, scope=None):
  """Flattens every dimension but the first (the batch): `[batch, k]`.

  Args:
    inputs: a tensor of rank >= 1; a rank-1 input becomes `[batch, 1]`.
    outputs_collections: collections to add the output to.
    scope: name scope (default 'Flatten').

  Returns:
    The flattened tensor.

  Raises:
    ValueError: if `inputs` is a scalar.
  """
  if inputs is None:
    raise ValueError('flatten: inputs is None: pass a tensor of rank >= 1. '
                     'None values not supported.')
  _argcheck.collections_argument('flatten', 'outputs_collections',
                                 outputs_collections)
  if isinstance(inputs, (numbers.Number, str, bytes)) or (
      getattr(inputs, 'ndim', None) == 0 and not tf.is_tensor(inputs)):
    # A Python or NumPy scalar: refused before its constant is made.  (A
    # scalar tensor is refused inside the scope, which then takes the name
    # the reference's failed call takes too.)
    _scalar_input()
  if _dry_run.active():
    return _dry_run.output(lambda: _flattened_shape(inputs.shape),
                           inputs.dtype)
  with tf.name_scope(scope, 'Flatten', [inputs]) as sc:
    inputs = tf.convert_to_tensor(inputs)
    # tf-slim's inner 'flatten' scope is a variable scope with a default name.
    with tf.variable_scope(None, default_name='flatten'):
      if inputs.get_shape().ndims == 0:
        _scalar_input()
      outputs = _flatten_keeping_batch(inputs)
    return utils.collect_named_outputs(outputs_collections, sc, outputs)


_dry_run.register(flatten)


def _scalar_input():
  raise ValueError('flatten needs an input of rank >= 1 (the first dimension '
                   'is the batch), got a scalar.')


def _flattened_shape(shape):
  """The static shape `_flatten_keeping_batch` gives an input of `shape`
  (None for a scalar, which it refuses, or an unknown rank)."""
  if shape.rank is None or shape.rank == 0:
    return None
  if shape.rank == 1:
    return [shape[0], 1]
  return [shape[0], shape[1:].num_elements()]


def _named_output(scope, default_name, values, outputs_collections, build):
  """Runs `build()` in a name scope and collects its result under that name.

  The shape layers below share this frame: name scope `scope` (default
  `default_name`), the output aliased by the scope's name.
  """
  with tf.name_scope(scope, default_name, values) as name:
    return utils.collect_named_outputs(outputs_collections, name, build())


def _sparse_inner_flatten(inputs, new_rank):
  """Merges the trailing dimensions of a SparseTensor into one."""
  dense_shape = inputs.dense_shape
  rank = dense_shape.get_shape().as_list()[0]
  if rank < new_rank:
    raise ValueError(
        'Inputs has rank less than new_rank. {} must have rank at least {}. '
        'Received rank {}, shape {}; lower new_rank or pass a higher-rank '
        'input.'.format(inputs, new_rank, rank, inputs.get_shape()))
  split = new_rank - 1
  kept = dense_shape[:split]
  merged = tf.reduce_prod(dense_shape[split:])
  return tf.sparse_reshape(inputs, tf.concat((kept, [merged]), 0))


def _dense_inner_flatten(inputs, new_rank):
  check = tf.assert_rank_at_least(
      inputs, new_rank, message='inputs has rank less than new_rank')
  with tf.control_dependencies([check]):
    outer = tf.strided_slice(tf.shape(inputs), [0], [new_rank - 1])
    reshaped = tf.reshape(inputs, tf.concat((outer, [-1]), 0))
  static = inputs.get_shape()
  if isinstance(new_rank, int) and static.dims is not None:
    dims = static.as_list()
    inner = dims[new_rank - 1:]
    merged = None if None in inner else functools.reduce(operator.mul, inner,
                                                         1)
    reshaped.set_shape(dims[:new_rank - 1] + [merged])
  return reshaped


@add_arg_scope
def _inner_flatten(inputs, new_rank, output_collections=None, scope=None):
  """Merges the innermost dimensions of `inputs` so it has rank `new_rank`.

  Args:
    inputs: a `Tensor` or `SparseTensor` of rank >= `new_rank`.
    new_rank: the rank of the result.
    output_collections: collections to add the output to.
    scope: name scope (default 'InnerFlatten').

  Returns:
    A `Tensor` or `SparseTensor` with the same values and rank `new_rank`.

  Raises:
    ValueError: if the input's known rank is below `new_rank`.
  """

  def merge():
    if isinstance(inputs, tf.SparseTensor):
      return _sparse_inner_flatten(inputs, new_rank)
    return _dense_inner_flatten(tf.convert_to_tensor(inputs), new_rank)

  return _named_output(scope, 'InnerFlatten', [inputs, new_rank],
                       output_collections, merge)


@add_arg_scope
def images_to_sequence(inputs,
                       data_format=DATA_FORMAT_NHWC,
                       outputs_collections=None,
                       scope=None):
  """Turns images into sequences along the width: one step per column.

  Args:
    inputs: images `[num_images, height, width, depth]` ('NHWC') or
      `[num_images, depth, height, width]` ('NCHW').
    data_format: 'NHWC' (default) or 'NCHW'.
    outputs_collections: collections to add the output to.
    scope: name scope (default 'ImagesToSequence').

  Returns:
    A `[width, num_images * height, depth]` tensor.

  Raises:
    ValueError: if `data_format` is neither 'NCHW' nor 'NHWC'.
  """
  if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
    raise ValueError('data_format has to be either NCHW or NHWC. Got %r; pass '
                     'one of those two strings.' % (data_format,))

  def columns_as_steps():
    images = tf.convert_to_tensor(inputs)
    if data_format == DATA_FORMAT_NCHW:
      images = tf.transpose(images, [0, 2, 3, 1])
    width, depth = images.get_shape().as_list()[2:]
    # parity: the image count and height come from the run-time shape, and
    # the columns move first before their product is taken.
    dynamic_shape = tf.shape(images)
    count, height = dynamic_shape[0], dynamic_shape[1]
    columns_first = tf.transpose(images, [2, 0, 1, 3])
    return tf.reshape(columns_first, [width, count * height, depth])

  return _named_output(scope, 'ImagesToSequence', [inputs],
                       outputs_collections, columns_as_steps)


@add_arg_scope
def sequence_to_images(inputs,
                       height,
                       output_data_format='channels_last',
                       outputs_collections=None,
                       scope=None):
  """Inverse of `images_to_sequence`: sequences back into images.

  Args:
    inputs: a `[num_steps, num_batches, depth]` tensor; `num_batches` is
      `num_images * height`, `num_steps` becomes the width.
    height: the image height.
    output_data_format: 'channels_last' (default) or 'channels_first'.
    outputs_collections: collections to add the output to.
    scope: name scope (default 'SequenceToImages').

  Returns:
    Images `[num_images, height, width, depth]` (channels last) or
    `[num_images, depth, height, width]` (channels first).
  """

  def steps_as_columns():
    sequence = tf.convert_to_tensor(inputs)
    steps, rows, depth = sequence.get_shape().as_list()
    count = -1 if rows is None else rows // height
    grid = tf.reshape(sequence, [steps, count, height, depth])
    channels_first = output_data_format == 'channels_first'
    return tf.transpose(grid, [1, 3, 2, 0] if channels_first else [1, 2, 0, 3])

  return _named_output(scope, 'SequenceToImages', [inputs],
                       outputs_collections, steps_as_columns)


@add_arg_scope
def dense_to_sparse(tensor, eos_token=0, outputs_collections=None, scope=None):
  """A SparseTensor of the cells of `tensor` other than `eos_token`.

  Handy for turning dense (padded) labels into the sparse labels `ctc_loss`
  wants.

  Args:
    tensor: an integer tensor.
    eos_token: the padding / end-of-sequence value to leave out.
    outputs_collections: collections to add the output to.
    scope: variable scope (default 'dense_to_sparse').

  Returns:
    A `tf.SparseTensor` with `tensor`'s dense shape.
  """
  with tf.variable_scope(scope, 'dense_to_sparse', [tensor]) as sc:
    tensor = tf.convert_to_tensor(tensor)
    outputs = keep_cells_other_than(tensor,
                                    tf.constant(eos_token, tensor.dtype))
    return utils.collect_named_outputs(outputs_collections, sc.name, outputs)


def _check_one_hot(labels, num_classes, on_value, off_value,
                   outputs_collections):
  """one_hot_encoding's checks, made before its scope opens."""
  if labels is None:
    raise ValueError('one_hot_encoding: labels is None: pass integer labels. '
                     'None values not supported.')
  dtype = getattr(labels, 'dtype', None)
  if dtype is not None and not tf.as_dtype(dtype).is_integer:
    raise TypeError('one_hot_encoding: the labels are %s: expected integer '
                    'class ids (uint8, int8, int32 or int64); cast them '
                    'first.' % tf.as_dtype(dtype).name)
  expected = 'a non-negative int (the number of classes)'
  if num_classes is None:
    raise _argcheck.error(ValueError, 'one_hot_encoding', 'num_classes',
                          num_classes, expected, 'Pass e.g. num_classes=10.')
  num_classes = _argcheck.as_size(num_classes)  # as tf.one_hot takes it
  if not tf.is_tensor(num_classes):
    if isinstance(num_classes, bool) or not isinstance(num_classes,
                                                       numbers.Integral):
      raise _argcheck.error(TypeError, 'one_hot_encoding', 'num_classes',
                            num_classes, expected, 'Pass e.g. num_classes=10.')
    if num_classes < 0:
      raise _argcheck.error(ValueError, 'one_hot_encoding', 'num_classes',
                            num_classes, expected, 'Pass e.g. num_classes=10.')
  kinds = [isinstance(v, str) for v in (on_value, off_value) if v is not None]
  if len(set(kinds)) > 1:
    raise TypeError('one_hot_encoding: on_value=%r and off_value=%r have '
                    'different types: pass two numbers (or two tensors of one '
                    'dtype).' % (on_value, off_value))
  on_dtype, off_dtype = _value_dtype(on_value), _value_dtype(off_value)
  if on_dtype and off_dtype and on_dtype != off_dtype:
    # parity: tf.one_hot's class, raised there after the cast of the labels.
    raise TypeError('one_hot_encoding: dtype %s of on_value does not match '
                    'dtype %s of off_value: pass both as floats (1.0, 0.0) '
                    'or both as ints.' % (on_dtype, off_dtype))
  _argcheck.collections_argument('one_hot_encoding', 'outputs_collections',
                                 outputs_collections)


def _value_dtype(value):
  """The dtype `tf.convert_to_tensor(value)` would give, without making an
  op; None when that cannot be told cheaply."""
  dtype = _layer_argcheck.static_dtype(value)
  if dtype is not None or isinstance(value, (list, tuple)) or value is None:
    return dtype
  if isinstance(value, bool):
    return tf.bool
  if isinstance(value, int):
    return tf.int32 if -2**31 <= value < 2**31 else tf.int64
  if isinstance(value, float):
    return tf.float32
  if isinstance(value, (str, bytes)):
    return tf.string
  return None


@add_arg_scope
def one_hot_encoding(labels,
                     num_classes,
                     on_value=1.0,
                     off_value=0.0,
                     outputs_collections=None,
                     scope=None):
  """One-hot encodes integer labels with `tf.one_hot`.

  Args:
    labels: `[batch_size]` integer labels (int32 labels are cast to int64).
    num_classes: the number of classes.
    on_value: value for the label's class.
    off_value: value for the other classes.
    outputs_collections: collections to add the output to.
    scope: name scope (default 'OneHotEncoding').

  Returns:
    A `[batch_size, num_classes]` tensor.
  """

  _check_one_hot(labels, num_classes, on_value, off_value,
                 outputs_collections)

  def encode():
    ids = tf.convert_to_tensor(labels)
    if ids.dtype == tf.int32:
      ids = tf.cast(ids, tf.int64, name='ToInt64')
    return tf.one_hot(ids, num_classes, on_value=on_value,
                      off_value=off_value)

  return _named_output(scope, 'OneHotEncoding', [labels, num_classes],
                       outputs_collections, encode)

