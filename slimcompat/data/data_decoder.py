"""tf_slim.data.data_decoder: the interface every data decoder implements.

A reader hands a decoder one encoded record (a serialized proto, a line of
text ...); the decoder turns it into one tensor per requested item name.
"""

import abc


class DataDecoder(metaclass=abc.ABCMeta):
  """Turns one encoded record into tensors, one per named item."""

  @abc.abstractmethod
  def decode(self, data, items):
    """Decodes `data` into the tensors named by `items`.

    Args:
      data: the encoded record, as a tensor.
      items: list of item names, each one of `list_items()`.

    Returns:
      A list of tensors, in the order of `items`.

    Raises:
      ValueError: if an item cannot be decoded.
    """

  @abc.abstractmethod
  def list_items(self):
    """Returns the names of the items this decoder can produce."""
