"""TFExampleDecoder and TFSequenceExampleDecoder: parse a serialized proto,
then let each item's ItemHandler build the item from the parsed features."""

from slimcompat._compat import tf
from slimcompat.data import data_decoder


def _checked_handlers(items_to_handlers, items, parsed_keys):
  """The (item, handler) pairs to decode, checked before any item is built.

  Args:
    items_to_handlers: the decoder's dict of item -> ItemHandler.
    items: the requested item names; all items when None or empty.
    parsed_keys: the feature keys the decoder parses.

  Raises:
    KeyError: for an unknown item or a handler key that is not parsed.
  """
  if not items:
    items = items_to_handlers.keys()
  pairs = []
  for item in items:
    if item not in items_to_handlers:
      raise KeyError('Unknown item %r: the decoder has handlers for %s.' %
                     (item, sorted(items_to_handlers)))
    handler = items_to_handlers[item]
    missing = [key for key in handler.keys if key not in parsed_keys]
    if missing:
      raise KeyError(
          'The handler of item %r reads the feature(s) %s, which the decoder '
          'does not parse; add them to its feature dictionaries (parsed '
          'keys: %s).' % (item, missing, sorted(parsed_keys)))
    pairs.append((item, handler))
  return pairs


def _build_items(pairs, parsed):
  return [handler.tensors_to_item({key: parsed[key] for key in handler.keys})
          for _, handler in pairs]


class TFExampleDecoder(data_decoder.DataDecoder):
  """Decodes serialized `tf.train.Example` protos into items.

  Decoding first parses the features of `keys_to_features` (dense features
  are reshaped to their declared shape), then calls each requested item's
  handler on the features it names.

  Args:
    keys_to_features: dict of feature key -> `tf.io.FixedLenFeature`,
      `tf.io.VarLenFeature` (or another parsing spec).
    items_to_handlers: dict of item name -> `ItemHandler`.
  """

  def __init__(self, keys_to_features, items_to_handlers):
    self._keys_to_features = keys_to_features
    self._items_to_handlers = items_to_handlers

  def list_items(self):
    """Returns the item names, a list."""
    return list(self._items_to_handlers.keys())

  def decode(self, serialized_example, items=None):
    """Decodes one serialized Example.

    Args:
      serialized_example: scalar string tensor.
      items: item names to decode; all items when None or empty.

    Returns:
      A list with one tensor (or SparseTensor) per item.

    Raises:
      KeyError: for an unknown item, or a handler key that is not parsed.
    """
    # Parsing comes first so that a bad feature dictionary is reported as
    # TensorFlow's ValueError, as in tf_slim.
    example = tf.parse_single_example(serialized_example,
                                      self._keys_to_features)
    # Sorted, so that the reshape ops are created in a fixed order.
    for key in sorted(self._keys_to_features):
      spec = self._keys_to_features[key]
      if isinstance(spec, tf.FixedLenFeature):
        example[key] = tf.reshape(example[key], spec.shape)
    pairs = _checked_handlers(self._items_to_handlers, items, example)
    return _build_items(pairs, example)


class TFSequenceExampleDecoder(data_decoder.DataDecoder):
  """Decodes serialized `tf.train.SequenceExample` protos into items.

  Handlers see the context and the sequence features in one dict, so a key
  may not name both a context and a sequence feature.

  Args:
    keys_to_context_features: dict of context key -> `tf.io.FixedLenFeature`
      or `tf.io.VarLenFeature`.
    keys_to_sequence_features: dict of sequence key ->
      `tf.io.FixedLenSequenceFeature` or `tf.io.VarLenFeature`.
    items_to_handlers: dict of item name -> `ItemHandler`.

  Raises:
    ValueError: if a key is both a context and a sequence key.
  """

  def __init__(self, keys_to_context_features, keys_to_sequence_features,
               items_to_handlers):
    shared = set(keys_to_context_features) & set(keys_to_sequence_features)
    if shared:
      raise ValueError(
          'Context and sequence keys are not unique: %s name both a context '
          'and a sequence feature; rename one of them. \n Context keys: %s \n '
          'Sequence keys: %s' % (sorted(shared),
                                 list(keys_to_context_features),
                                 list(keys_to_sequence_features)))
    self._keys_to_context_features = keys_to_context_features
    self._keys_to_sequence_features = keys_to_sequence_features
    self._items_to_handlers = items_to_handlers

  def list_items(self):
    """Returns the item names (a dict keys view)."""
    return self._items_to_handlers.keys()

  def decode(self, serialized_example, items=None):
    """Decodes one serialized SequenceExample, as `TFExampleDecoder.decode`."""
    context, sequences = tf.io.parse_single_sequence_example(
        serialized_example, self._keys_to_context_features,
        self._keys_to_sequence_features)
    for key, spec in self._keys_to_context_features.items():
      if isinstance(spec, tf.FixedLenFeature):
        context[key] = tf.reshape(context[key], spec.shape)
    parsed = dict(sequences)
    parsed.update(context)
    pairs = _checked_handlers(self._items_to_handlers, items, parsed)
    return _build_items(pairs, parsed)
