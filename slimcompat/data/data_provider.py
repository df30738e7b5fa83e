"""tf_slim.data.data_provider: maps item names to tensors from some source.

A provider's `get(['image', 'label'])` returns one tensor per requested item;
how the tensors are produced (readers, queues, decoders) is up to the subclass.
"""

import abc


class DataProvider(metaclass=abc.ABCMeta):
  """Serves a fixed dictionary of item name -> tensor.

  Args:
    items_to_tensors: dict mapping each item name to its tensor.
    num_samples: how many samples the underlying dataset holds.
  """

  def __init__(self, items_to_tensors, num_samples):
    self._items_to_tensors = items_to_tensors
    self._num_samples = num_samples

  def get(self, items):
    """Returns the tensors of `items` (a list or tuple of item names), in order.

    Raises:
      ValueError: if `items` is not a list or tuple or names an unknown item.
    """
    self._validate_items(items)
    return [self._items_to_tensors[item] for item in items]

  def list_items(self):
    """Returns the item names `get` accepts."""
    return self._items_to_tensors.keys()

  def num_samples(self):
    """Returns the number of samples in the provided dataset."""
    return self._num_samples

  def _validate_items(self, items):
    if not isinstance(items, (list, tuple)):
      raise ValueError(
          'items must be a list or tuple of item names, got %s; wrap a single '
          'name in a list: get([%r]).' % (type(items).__name__, items))
    known = self.list_items()
    for item in items:
      if item not in known:
        raise ValueError('Unknown item %r: this provider serves %s.'
                         % (item, sorted(known)))
