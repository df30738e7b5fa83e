"""tf_slim.data.dataset: the description of a dataset on disk.

A `Dataset` only records facts: where the files are, which reader class reads
them, which decoder turns a record into items, how many samples there are and
what each item means.  `DatasetDataProvider` turns it into tensors.
"""


class Dataset(object):
  """A dataset's files, reader, decoder and size, plus any extra fields.

  Every argument (and every extra keyword) becomes an attribute of the same
  name, e.g. ``dataset.num_samples`` or ``dataset.num_classes``.

  Args:
    data_sources: file names or glob patterns of the dataset's files.
    reader: the reader class, e.g. `tf.compat.v1.TFRecordReader`.
    decoder: a `DataDecoder` for one record.
    num_samples: number of samples in the dataset.
    items_to_descriptions: dict of item name -> human description.
    **kwargs: further dataset-specific attributes.
  """

  def __init__(self, data_sources, reader, decoder, num_samples,
               items_to_descriptions, **kwargs):
    self.__dict__.update(kwargs)
    self.data_sources = data_sources
    self.reader = reader
    self.decoder = decoder
    self.num_samples = num_samples
    self.items_to_descriptions = items_to_descriptions
