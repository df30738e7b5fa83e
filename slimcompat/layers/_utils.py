"""Helpers shared by the layer files (private to slimcompat.layers)."""

import functools

import numpy as np

from slimcompat import _compat
from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat.layers import utils
from slimcompat.ops import variables

DATA_FORMAT_NCHW = 'NCHW'
DATA_FORMAT_NHWC = 'NHWC'
DATA_FORMAT_NCDHW = 'NCDHW'
DATA_FORMAT_NDHWC = 'NDHWC'


def assign_moving_average(variable, value, decay):
  """Moves `variable` towards `value`: ``variable -= (variable - value) * (1 - decay)``.

  Builds the same ops, under the same names, as TensorFlow's (private)
  `assign_moving_average` without zero-debiasing, outside any distribution
  strategy.

  Args:
    variable: the variable holding the average.
    value: a tensor of the variable's shape.
    decay: a float or float scalar tensor.

  Returns:
    The updated value (reading it runs the update).
  """
  with tf.name_scope(None, 'AssignMovingAvg', [variable, value, decay]) as scope:
    rate = tf.convert_to_tensor(1.0 - decay, name='decay')
    if rate.dtype != variable.dtype.base_dtype:
      rate = tf.cast(rate, variable.dtype.base_dtype)
    return tf.assign_sub(variable, (variable - value) * rate, name=scope)


def gradients(ys, xs, grad_ys=None, stop_gradients=None):
  """`tf.gradients` under TF2 behaviour, `tf.compat.v1.gradients` after
  `disable_v2_behavior()`: the choice tf-slim makes in its custom gradients."""
  build = tf2.gradients if _compat.tf2_behavior_enabled() else tf.gradients
  return build(ys, xs, grad_ys, stop_gradients=stop_gradients)


def wraps_if_possible(fn):
  """`functools.wraps(fn)`, or a no-op for objects without a name to copy
  (functools.partial)."""
  if isinstance(fn, functools.partial):
    return lambda wrapper: wrapper
  return functools.wraps(fn)


def zero_debiased_moving_average(variable, value, decay, make_variable):
  """`assign_moving_average` with zero-debiasing (Kingma et al., 2015).

  A moving average that starts at 0 is biased towards 0 for its first
  updates.  The biased average is kept in a shadow variable ``biased`` and
  the number of updates in ``local_step``, both created by `make_variable`
  in a variable scope named after `variable` (so a `batch_norm` in scope
  ``BatchNorm`` gets ``BatchNorm/BatchNorm/moving_mean/biased``); `variable`
  is then set to ``biased / (1 - decay ** local_step)``.  Names, shadow
  variables and the returned value are those of TensorFlow's (private)
  ``assign_moving_average(..., zero_debias=True)``.

  Args:
    variable: the variable holding the debiased average.
    value: a tensor of the variable's shape.
    decay: a float or float scalar tensor.
    make_variable: called as ``make_variable(name, shape=, dtype=,
      initializer=, trainable=False)`` to create (or, under a reusing scope,
      get) each shadow variable.

  Returns:
    The updated value of `variable` (reading it runs the update).
  """
  with tf.name_scope(None, 'AssignMovingAvg', [variable, value, decay]):
    rate = tf.convert_to_tensor(1.0 - decay, name='decay')
    if rate.dtype != variable.dtype.base_dtype:
      rate = tf.cast(rate, variable.dtype.base_dtype)
    with tf.variable_scope(variable.name.split(':')[0],  # no .op when eager
                           values=[variable, value, rate]), \
        tf.colocate_with(variable):
      biased = make_variable(
          _unused_shadow_name('biased'), shape=variable.get_shape(),
          dtype=variable.dtype.base_dtype,
          initializer=tf.zeros_initializer(), trainable=False)
      local_step = make_variable(
          _unused_shadow_name('local_step'), shape=[],
          dtype=variable.dtype.base_dtype,
          initializer=tf.zeros_initializer(), trainable=False)
    new_biased = tf.assign_sub(biased, (biased - value) * rate)
    steps = local_step.assign_add(1)
    correction = 1 - tf.pow(1.0 - rate, steps)
    return tf.assign(variable, new_biased / correction,
                     name=tf.get_default_graph().get_name_scope() + '/')


def _unused_shadow_name(name):
  # A second average of the same variable (outside a reusing scope) gets
  # `biased_1`, `biased_2`, ... instead of failing on the existing name.
  scope = tf.get_variable_scope()
  if scope.reuse:
    return name
  taken = set(v.op.name for v in scope.global_variables())
  full_name = scope.name + '/' + name
  if full_name not in taken:
    return name
  index = 1
  while '%s_%d' % (full_name, index) in taken:
    index += 1
  return '%s_%d' % (name, index)


# ---- argument checks shared by the pooling / reshape layers -----------------


def normalize_tuple(value, n, name):
  """Returns `value` as a tuple of `n` entries: one int repeated, or an
  iterable of exactly `n` int-convertible entries (kept as given).

  Raises:
    ValueError: for anything else.
  """
  if isinstance(value, int):
    return (value,) * n
  try:
    entries = tuple(value)
  except TypeError:
    entries = None
  if entries is None or len(entries) != n:
    raise ValueError('`%s` must be one int or a sequence of %d ints, got %r.' %
                     (name, n, value))
  for entry in entries:
    try:
      int(entry)
    except (TypeError, ValueError):
      raise ValueError('`%s` must be one int or a sequence of %d ints, got %r '
                       '(entry %r is not an int).' %
                       (name, n, value, entry)) from None
  return entries


def normalize_padding(padding):
  """Returns 'VALID' or 'SAME' for a padding string in any case.

  Raises:
    AttributeError: if `padding` is not a string (tf-slim's error class).
    ValueError: for another string.
  """
  if not isinstance(padding, str):
    raise AttributeError("padding must be the string 'VALID' or 'SAME', got "
                         '%r.' % (padding,))
  if padding.lower() not in ('valid', 'same', 'causal'):
    raise ValueError("padding must be 'VALID' or 'SAME', got %r." % padding)
  return padding.upper()


def check_rank(inputs, ndim, layer):
  """Raises ValueError if `inputs` has a known rank other than `ndim`."""
  rank = inputs.get_shape().ndims
  if rank is not None and rank != ndim:
    raise ValueError('%s expects a rank-%d input, but got rank %d (shape %s).'
                     % (layer, ndim, rank, inputs.get_shape()))


# Op types whose value is only known when the graph runs, even if they have no
# inputs; a predicate built from them is never folded at graph-build time.
_NOT_FOLDABLE = frozenset([
    'Placeholder', 'PlaceholderV2', 'PlaceholderWithDefault', 'If', 'While',
    'StatelessIf', 'StatelessWhile', 'PartitionedCall',
    'StatefulPartitionedCall', 'Case', 'StatelessCase'
])


def fold_constant(tensor, max_ops=64):
  """The value of `tensor` if it depends on constants only, else None.

  Like the constant folding TensorFlow's own `smart_cond` does (which tf-slim
  layers built on legacy layer objects inherit): a predicate such as
  ``tf.logical_not(tf.constant(False))`` is decided when the graph is built.
  A small stateless subgraph without placeholders is evaluated once.
  """
  value = tf.get_static_value(tensor)
  if value is not None:
    return value
  seen, pending = set(), [tensor.op]
  while pending:
    op = pending.pop()
    if op.name in seen:
      continue
    seen.add(op.name)
    if (len(seen) > max_ops or op.type in _NOT_FOLDABLE or
        op.op_def.is_stateful or op.control_inputs):
      return None
    pending.extend(t.op for t in op.inputs)
  try:
    with tf.Session(graph=tensor.graph) as sess:
      return sess.run(tensor)
  except (tf.errors.OpError, ValueError, TypeError):
    return None


# ---- the path shared by the conv / dense / separable / bias layers ----------
#
# tf-slim builds conv*, conv*_transpose, separable_conv2d (with num_outputs)
# and fully_connected on TensorFlow's layer classes and builds bias_add,
# conv2d_in_plane and the depthwise-only separable_conv2d by hand.  The two
# families differ in graph-visible ways (where a weight regularizer's loss is
# named, when collections are joined, which model_variable arguments an
# arg_scope may still set), so each has its own variable helper below.


def static_shape(value):
  """The static shape of a tensor-like `value`, found without adding ops.

  Layers check their input with it before opening their variable scope, so a
  bad input leaves scope names as they were.

  Returns:
    A `tf.TensorShape`, or None when the shape cannot be read without
    converting `value` (e.g. a list of tensors).
  """
  shape = getattr(value, 'shape', None)
  try:
    if shape is None:
      shape = np.shape(value)
    return tf.TensorShape(shape)
  except Exception:  # pylint: disable=broad-except
    return None


def static_dtype(value):
  """The base dtype of a tensor-like `value` if it has one, else None."""
  dtype = getattr(value, 'dtype', None)
  if dtype is None:
    return None
  try:
    return tf.as_dtype(dtype).base_dtype
  except TypeError:
    return None


def reserve_layer_name(scope):
  """Uses up the op name ``<name scope>/<last part of scope.name>``.

  tf-slim's conv and dense layers re-enter their own variable scope once while
  building, which takes that name.  TensorFlow compares op names without case,
  so it renames later ops (``Conv2d_transpose/conv2d_transpose`` becomes
  ``..._1``); taking the same name keeps every later op name identical.
  """
  tf.get_default_graph().unique_name(scope.name.split('/')[-1])


def _partitions(var):
  """The variables behind `var`: `[var]`, or the partitions of a
  PartitionedVariable (a class TensorFlow does not export)."""
  if isinstance(var, tf2.Variable):
    return [var]
  return list(var)


def _add_once(collection, value):
  if not any(item is value for item in tf.get_collection(collection)):
    tf.add_to_collection(collection, value)


def slim_variable(name, shape, dtype, initializer, regularizer, trainable,
                  variables_collections, collections_key):
  """A parameter of a layer tf-slim builds by hand (bias_add, conv2d_in_plane).

  Only the arguments tf-slim passes are given to `model_variable`, so an
  `arg_scope` on `model_variable` still sets the others (device,
  partitioner, ...).  A regularizer's loss is named
  ``<scope>/<name>/Regularizer/...``.

  Args:
    name: the variable name ('biases', 'weights', 'depthwise_weights').
    shape: its shape.
    dtype: its dtype.
    initializer: its initializer.
    regularizer: optional regularizer.
    trainable: whether it joins TRAINABLE_VARIABLES.
    variables_collections: the layer's argument: a list of collections, or a
      dict from `collections_key` to such a list.
    collections_key: 'weights' or 'biases'.

  Returns:
    The variable.
  """
  return variables.model_variable(
      name,
      shape=shape,
      dtype=dtype,
      initializer=initializer,
      regularizer=regularizer,
      collections=utils.get_variable_collections(variables_collections,
                                                 collections_key),
      trainable=trainable)


def core_layer_variable(name, loss_name, shape, dtype, initializer,
                        regularizer, trainable, variables_collections,
                        collections_key):
  """A parameter of a conv / dense layer, made as tf-slim's layer classes do.

  Every `model_variable` argument except `device` is given explicitly (an
  `arg_scope` on `model_variable` can only move these variables), the
  regularizer's loss is built once, when the variable is created, under
  ``<scope>/<loss_name>/Regularizer`` ('kernel', 'bias', ...: the names the
  layer classes use), and `variables_collections` are joined afterwards, also
  by a reused variable.

  Args:
    name: the variable name ('weights', 'biases', 'pointwise_weights', ...).
    loss_name: the name its regularization loss is scoped under.
    shape: its shape.
    dtype: its dtype.
    initializer: its initializer.
    regularizer: optional regularizer.
    trainable: whether it joins TRAINABLE_VARIABLES.
    variables_collections: a list of collections, or a dict from
      `collections_key` to such a list.
    collections_key: 'weights' or 'biases'.

  Returns:
    The variable (a PartitionedVariable under a partitioner).
  """
  existing = set(id(v) for v in tf.global_variables())
  var = variables.model_variable(
      name,
      shape=shape,
      dtype=dtype,
      initializer=initializer,
      regularizer=None,
      trainable=trainable,
      collections=None,
      caching_device=None,
      partitioner=None,
      custom_getter=None,
      use_resource=None,
      synchronization=tf.VariableSynchronization.AUTO,
      aggregation=tf.VariableAggregation.NONE)
  parts = _partitions(var)
  if regularizer and not any(id(part) in existing for part in parts):
    for part in parts:
      with tf.name_scope(loss_name + '/Regularizer'):
        loss = regularizer(part)
      if loss is not None:
        _add_once(tf.GraphKeys.REGULARIZATION_LOSSES, loss)
  collections = utils.get_variable_collections(variables_collections,
                                               collections_key)
  for collection in collections or []:
    for part in parts:
      _add_once(collection, part)
  return var


def core_layer_biases(num_outputs, dtype, normalizer_fn, biases_initializer,
                      biases_regularizer, trainable, variables_collections):
  """The 'biases' of a conv / dense layer, or None when there are none.

  As in tf-slim, a layer has biases unless a `normalizer_fn` is given or
  `biases_initializer` is None.
  """
  if normalizer_fn or not biases_initializer:
    return None
  return core_layer_variable('biases', 'bias', [num_outputs], dtype,
                             biases_initializer, biases_regularizer,
                             trainable, variables_collections, 'biases')


def apply_normalizer(outputs, normalizer_fn, normalizer_params):
  """`normalizer_fn(outputs, **normalizer_params)`, or `outputs`."""
  if normalizer_fn is None:
    return outputs
  return normalizer_fn(outputs, **(normalizer_params or {}))


def normalize_or_add_biases(outputs, num_outputs, normalizer_fn,
                            normalizer_params, biases_initializer,
                            biases_regularizer, trainable,
                            variables_collections, data_format=None):
  """The step after the convolution of a hand-built layer: the normalizer if
  one is given, else 'biases' (made by `slim_variable`) unless
  `biases_initializer` is None."""
  if normalizer_fn is not None:
    return apply_normalizer(outputs, normalizer_fn, normalizer_params)
  if biases_initializer is None:
    return outputs
  biases = slim_variable('biases', [num_outputs], outputs.dtype.base_dtype,
                         biases_initializer, biases_regularizer, trainable,
                         variables_collections, 'biases')
  return tf.nn.bias_add(outputs, biases, data_format=data_format)


def activate_and_collect(outputs, scope, activation_fn, outputs_collections):
  """Applies `activation_fn` (if any) and adds the result, aliased by the
  layer's scope name, to `outputs_collections`."""
  if activation_fn is not None:
    outputs = activation_fn(outputs)
  return utils.collect_named_outputs(outputs_collections, scope.name, outputs)


def conv_output_length(length, kernel, padding, stride, dilation=1):
  """Output size of a convolution along one axis (None if `length` is)."""
  if length is None:
    return None
  kernel = kernel + (kernel - 1) * (dilation - 1)
  if padding.upper() == 'VALID':
    length = length - kernel + 1
  return (length + stride - 1) // stride


def deconv_output_length(length, kernel, padding, stride, dilation=1):
  """Output size of a transposed convolution along one axis; `length` may be
  a scalar tensor (or None, giving None)."""
  if length is None:
    return None
  kernel = kernel + (kernel - 1) * (dilation - 1)
  if padding.upper() == 'VALID':
    return length * stride + max(kernel - stride, 0)
  return length * stride


def add_to_collections_once(var, collections):
  """Adds `var` (each partition of a PartitionedVariable) to `collections`
  (a list, or None), skipping collections that already hold it."""
  for collection in collections or []:
    for part in _partitions(var):
      _add_once(collection, part)


def add_layer_regularization(var, regularizer, loss_name, existing_ids):
  """Adds ``regularizer(part)`` to REGULARIZATION_LOSSES for each part of
  `var`, under the name scope ``<loss_name>/Regularizer``, unless `var`
  existed before (its id in `existing_ids`): how tf-slim's Keras-based layers
  regularize, once per variable and without building the loss twice."""
  parts = _partitions(var)
  if not regularizer or any(id(part) in existing_ids for part in parts):
    return
  for part in parts:
    with tf.name_scope(loss_name + '/Regularizer'):
      loss = regularizer(part)
    if loss is not None:
      _add_once(tf.GraphKeys.REGULARIZATION_LOSSES, loss)


def conv_padding(padding):
  """`normalize_padding` for conv / conv_transpose, where tf-slim's layers
  take a list or tuple of explicit paddings and TensorFlow then rejects it
  with a TypeError (raised here, before any variable is made)."""
  if isinstance(padding, (list, tuple)):
    raise TypeError("padding must be the string 'SAME' or 'VALID'; explicit "
                    'paddings are not supported, got %r.' % (padding,))
  return normalize_padding(padding)


def check_op_padding(padding):
  """Checks the `padding` a hand-built layer hands to TensorFlow's op as it
  is: 'SAME', 'VALID' or a list of explicit paddings.

  Raises:
    ValueError: for another string.
    TypeError: for anything else.
  """
  if isinstance(padding, str):
    if padding not in ('SAME', 'VALID'):
      raise ValueError("padding must be 'SAME' or 'VALID' (upper case), got "
                       '%r.' % padding)
  elif not isinstance(padding, (list, tuple)):
    raise TypeError("padding must be 'SAME', 'VALID' or a list of explicit "
                    'paddings, got %r.' % (padding,))
  return padding


def unregularized_variable(name, shape, dtype, initializer, trainable,
                           variables_collections, collections_key=None):
  """A parameter tf-slim creates without passing a `regularizer` (the
  normalization layers' beta, gamma and moving statistics).

  Only the arguments tf-slim passes reach `model_variable`, so an
  ``arg_scope([model_variable], regularizer=...)`` still regularizes it.

  Args:
    name: the variable name.
    shape: its shape.
    dtype: its dtype.
    initializer: its initializer.
    trainable: whether it joins TRAINABLE_VARIABLES.
    variables_collections: a list of collections, or a dict from
      `collections_key` (default: `name`) to such a list.
    collections_key: the dict key, when not `name`.

  Returns:
    The variable (a PartitionedVariable under a partitioner).
  """
  return variables.model_variable(
      name,
      shape=shape,
      dtype=dtype,
      initializer=initializer,
      collections=utils.get_variable_collections(
          variables_collections, collections_key or name),
      trainable=trainable)
