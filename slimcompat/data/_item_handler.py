"""ItemHandler, the base of the TFExampleDecoder's item handlers, and the
ItemHandlerCallback that wraps a plain function."""

import abc


class ItemHandler(metaclass=abc.ABCMeta):
  """Names the parsed features an item needs and builds the item from them.

  The decoder parses the features named by `keys` and passes them, as a dict
  key -> tensor (or SparseTensor), to `tensors_to_item`.

  Args:
    keys: one feature key, or a list/tuple of them.
  """

  def __init__(self, keys):
    if not isinstance(keys, (tuple, list)):
      keys = [keys]
    self._keys = keys

  @property
  def keys(self):
    """The feature keys this handler reads."""
    return self._keys

  @abc.abstractmethod
  def tensors_to_item(self, keys_to_tensors):
    """Builds the item.

    Args:
      keys_to_tensors: dict of each of `keys` to its parsed tensor.

    Returns:
      The item's tensor (or SparseTensor).
    """


class ItemHandlerCallback(ItemHandler):
  """An ItemHandler whose item is whatever `func(keys_to_tensors)` returns.

  Args:
    keys: one feature key, or a list of them.
    func: function of the dict key -> parsed tensor, returning the item.
  """

  def __init__(self, keys, func):
    super(ItemHandlerCallback, self).__init__(keys)
    self._func = func

  def tensors_to_item(self, keys_to_tensors):
    return self._func(keys_to_tensors)
