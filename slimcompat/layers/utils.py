"""tf_slim.layers.utils: output aliases, static conditionals and argument checks.

Layers tag their outputs with aliases (``tensor.aliases``) and add them to
``outputs_collections``; `convert_collection_to_dict` turns such a collection
into the familiar ``end_points`` dict.
"""

import collections as _collections

from slimcompat._compat import tf as _tf
from slimcompat._compat import tf2 as _tf2

__all__ = ['collect_named_outputs',
           'constant_value',
           'static_cond',
           'smart_cond',
           'get_variable_collections',
           'two_element_tuple',
           'n_positive_integers',
           'channel_dimension',
           'last_dimension']

NamedOutputs = _collections.namedtuple('NamedOutputs', ['name', 'outputs'])


def collect_named_outputs(collections, alias, outputs):
  """Adds `alias` to `outputs`' aliases and `outputs` to `collections`.

  Args:
    collections: a collection name or list of them; nothing happens if empty.
    alias: the alias to record, e.g. 'vgg_16/conv1'.
    outputs: the tensor to collect.

  Returns:
    `outputs`, so that the call can be written inline.
  """
  if collections:
    append_tensor_alias(outputs, alias)
    _tf.add_to_collections(collections, outputs)
  return outputs


def append_tensor_alias(tensor, alias):
  """Records `alias` in `tensor.aliases`, a list made on first use.

  A scope name passed as alias loses its trailing '/' ('vgg_16/conv1/' is
  recorded as 'vgg_16/conv1'); an empty alias raises IndexError, as in
  tf-slim.

  Returns:
    `tensor` itself.
  """
  trimmed = alias[:-1] if alias[-1] == '/' else alias
  recorded = getattr(tensor, 'aliases', None)
  if recorded is None:
    tensor.aliases = recorded = []
  recorded.append(trimmed)
  return tensor


def gather_tensors_aliases(tensors):
  """Returns the aliases of all `tensors`, in order."""
  aliases = []
  for tensor in tensors:
    aliases += get_tensor_aliases(tensor)
  return aliases


def get_tensor_aliases(tensor):
  """Returns `tensor.aliases`, or its op name (its name past output 0)."""
  if hasattr(tensor, 'aliases'):
    return tensor.aliases
  if tensor.name[-2:] == ':0':
    return [tensor.op.name]
  return [tensor.name]


def convert_collection_to_dict(collection, clear_collection=False):
  """Returns an OrderedDict `{alias: tensor}` for the tensors of `collection`.

  Args:
    collection: the collection name.
    clear_collection: if True, the collection is emptied afterwards.
  """
  output = _collections.OrderedDict(
      (alias, tensor)
      for tensor in _tf.get_collection(collection)
      for alias in get_tensor_aliases(tensor))
  if clear_collection:
    _tf.get_default_graph().clear_collection(collection)
  return output


def constant_value(value_or_tensor_or_var, dtype=None):
  """Returns the value known at graph-build time, or None.

  Args:
    value_or_tensor_or_var: a Python value, a Tensor or a Variable.
    dtype: if given, a Tensor or Variable must have this dtype.

  Returns:
    A plain value as it is; for a Tensor its static value (None when it has
    none); for a Variable always None.

  Raises:
    ValueError: if the argument is None, or has another dtype than `dtype`.
  """
  if value_or_tensor_or_var is None:
    raise ValueError('value_or_tensor_or_var cannot be None: pass a Python '
                     'value, a Tensor or a Variable.')
  value = value_or_tensor_or_var
  if isinstance(value, (_tf2.Tensor, _tf2.Variable)):
    if dtype and value.dtype != dtype:
      raise ValueError('It has the wrong type %s instead of %s' %
                       (value.dtype, dtype))
    if isinstance(value, _tf2.Variable):
      return None
    return _tf.get_static_value(value)
  return value


def static_cond(pred, fn1, fn2):
  """Calls `fn1()` if the Python value `pred` is true, else `fn2()`.

  Raises:
    TypeError: if `fn1` or `fn2` is not callable.
  """
  if not callable(fn1):
    raise TypeError('fn1 must be callable.')
  if not callable(fn2):
    raise TypeError('fn2 must be callable.')
  return fn1() if pred else fn2()


def smart_cond(pred, fn1, fn2, name=None):
  """Like `static_cond` when `pred` is known at build time, else `tf.cond`."""
  known = constant_value(pred)
  if known is not None:
    return static_cond(known, fn1, fn2)
  return _tf.cond(pred, fn1, fn2, name=name)


def get_variable_collections(variables_collections, name):
  """Picks the collections for variable `name` from a dict, or uses the list."""
  if isinstance(variables_collections, dict):
    return variables_collections.get(name, None)
  return variables_collections


def _dimension(shape, dim, min_rank=1):
  if shape.rank is None:
    raise ValueError('dims of shape must be known but is None')
  if shape.rank < min_rank:
    raise ValueError('rank of shape must be at least %d not: %d' %
                     (min_rank, shape.rank))
  value = _tf.dimension_value(shape[dim])
  if value is None:
    raise ValueError('dimension %d of shape must be known but is None: %s' %
                     (dim, shape))
  return value


def channel_dimension(shape, data_format, min_rank=1):
  """Returns the channel size of `shape` ('channels_first' or '..._last').

  Raises:
    ValueError: if the rank is unknown or below `min_rank`, or the size is
      unknown.
  """
  return _dimension(shape, 1 if data_format == 'channels_first' else -1,
                    min_rank=min_rank)


def last_dimension(shape, min_rank=1):
  """Returns the size of the last dimension of `shape` (checked as above)."""
  return _dimension(shape, -1, min_rank=min_rank)


def two_element_tuple(int_or_tuple):
  """A pair `(height, width)` from one int, a pair of ints or a 2-d TensorShape.

  An int is used for both entries, list and tuple entries are converted with
  `int()`, and a TensorShape's two entries are returned as they are.

  Raises:
    ValueError: for a list or tuple whose length is not 2, or any other type.
  """
  value = int_or_tuple
  if isinstance(value, int):
    side = int(value)
    return side, side
  if isinstance(value, (list, tuple)):
    if len(value) == 2:
      first, second = value
      return int(first), int(second)
    raise ValueError('Must be a list with 2 elements: %s' % (value,))
  if isinstance(value, _tf.TensorShape) and len(value) == 2:
    return value[0], value[1]
  raise ValueError('Must be an int, a list with 2 elements or a TensorShape of '
                   'length 2')


def _positive(value):
  if value < 1:
    raise ValueError('expected positive integer, but received %d' % value)
  return value


def n_positive_integers(n, value):
  """Returns a tuple of `n` positive ints from one int or a sequence of `n`.

  Raises:
    TypeError: if `n` cannot be converted to an int.
    ValueError: if `n` is not a positive integer, or `value` is not one
      positive int or a sequence of exactly `n` of them.
  """
  count = int(n)
  if count < 1 or count != n:
    raise ValueError('n must be a positive integer')
  try:
    single = int(value)
  except (TypeError, ValueError):
    if len(value) != count:
      raise ValueError(
          'Expected sequence of %d positive integers, but received %r' %
          (count, value))
    try:
      values = tuple(int(x) for x in value)
    except (TypeError, ValueError) as err:
      raise ValueError(
          'Expected sequence of %d positive integers, but received %r' %
          (count, value)) from err
    return tuple(_positive(x) for x in values)
  return (_positive(single),) * count
