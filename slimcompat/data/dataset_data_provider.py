"""tf_slim.data.dataset_data_provider: a DataProvider reading a `Dataset`.

The provider builds a queue-runner input pipeline (see `parallel_reader`):
one or more readers fill a common queue, optionally shuffled, and every record
dequeued from it is decoded by the dataset's decoder.  All items of one `get`
(and of separate `get` calls) come from the same record.
"""

from slimcompat.data import data_provider
from slimcompat.data import parallel_reader


class DatasetDataProvider(data_provider.DataProvider):
  """Serves the decoded items of a `Dataset`, plus each record's key.

  With `num_epochs` set, the filename queue keeps an epoch counter in a local
  variable: run `tf.compat.v1.local_variables_initializer()` before reading.

  Args:
    dataset: the `Dataset` to read.
    num_readers: how many readers read in parallel.
    reader_kwargs: optional dict of keyword arguments for the reader class.
    shuffle: whether to shuffle the files and the records.
    num_epochs: how many times to read each file; None reads forever.
    common_queue_capacity: capacity of the queue shared by the readers.
    common_queue_min: records kept in that queue after each dequeue (the
      shuffling pool when `shuffle` is True).
    record_key: item name under which the record key is served.
    seed: seed for the shuffling.
    scope: optional name scope of the reading ops.

  Raises:
    ValueError: if `record_key` is also an item of the dataset's decoder.
  """

  def __init__(self,
               dataset,
               num_readers=1,
               reader_kwargs=None,
               shuffle=True,
               num_epochs=None,
               common_queue_capacity=256,
               common_queue_min=128,
               record_key='record_key',
               seed=None,
               scope=None):
    # The queue options go by their parallel_read names.
    key, record = parallel_reader.parallel_read(
        dataset.data_sources, dataset.reader, num_epochs=num_epochs,
        num_readers=num_readers, reader_kwargs=reader_kwargs, shuffle=shuffle,
        capacity=common_queue_capacity, min_after_dequeue=common_queue_min,
        seed=seed, scope=scope)
    served = _decode_every_item(dataset.decoder, record)
    if record_key in served:
      raise ValueError(
          'record_key %r is also the name of a dataset item; pass another '
          'record_key (the item names are %s).' % (record_key, sorted(served)))
    served[record_key] = key
    super(DatasetDataProvider, self).__init__(
        items_to_tensors=served, num_samples=dataset.num_samples)


def _decode_every_item(decoder, record):
  """{item name: tensor} for every item `decoder` knows, decoded from `record`."""
  names = decoder.list_items()
  return dict(zip(names, decoder.decode(record, names)))
