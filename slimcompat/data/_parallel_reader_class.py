"""ParallelReader: several readers of one kind feeding one common queue."""

from slimcompat._compat import tf


class ParallelReader(tf.ReaderBase):
  """A reader made of `num_readers` readers that fill one common queue.

  Each of the readers takes file names from the filename queue given to
  `read` / `read_up_to` and enqueues its (key, value) records into
  `common_queue`; reading from the ParallelReader dequeues from that queue.
  Records of different files therefore interleave, in no fixed order, and a
  `RandomShuffleQueue` as common queue shuffles them.  Each `read` or
  `read_up_to` call adds one `tf.compat.v1.train.QueueRunner` (one enqueue op
  per reader) to the QUEUE_RUNNERS collection.

  Args:
    reader_class: a reader class such as `tf.compat.v1.TFRecordReader`; it is
      called as ``reader_class(**reader_kwargs)`` `num_readers` times.
    common_queue: a queue (FIFOQueue, RandomShuffleQueue ...) whose dtypes are
      [tf.string, tf.string].
    num_readers: how many readers to create.
    reader_kwargs: optional dict of keyword arguments for `reader_class`.

  Raises:
    TypeError: if `common_queue.dtypes` is not [tf.string, tf.string].
  """

  # The ReaderBase constructor is not called: this reader owns no reader op of
  # its own, only the sub-readers do.
  def __init__(self,
               reader_class,
               common_queue,
               num_readers=4,
               reader_kwargs=None):
    dtypes = list(common_queue.dtypes)
    if len(dtypes) != 2 or not all(
        dtype.is_compatible_with(tf.string) for dtype in dtypes):
      raise TypeError(
          'common_queue.dtypes must be [tf.string, tf.string] (a key and a '
          'value per record), got %s.' % ([d.name for d in dtypes],))
    kwargs = reader_kwargs or {}
    self._readers = [reader_class(**kwargs) for _ in range(num_readers)]
    self._common_queue = common_queue

  @property
  def num_readers(self):
    """The number of readers feeding the common queue."""
    return len(self._readers)

  @property
  def common_queue(self):
    """The queue the readers fill and `read` dequeues from."""
    return self._common_queue

  def read(self, queue, name=None):
    """Returns the next (key, value) record of the common queue.

    Args:
      queue: the filename queue (a queue or a queue handle) of the readers.
      name: optional name of the dequeue op.

    Returns:
      A (key, value) pair of scalar string tensors.
    """
    self._feed_common_queue_from(queue)
    return self._common_queue.dequeue(name=name)

  def read_up_to(self, queue, num_records, name=None):
    """Returns up to `num_records` (keys, values) records of the common queue.

    Fewer records come back only when the queue is closed; queues that have
    no `dequeue_up_to` raise `tf.errors.UnimplementedError` when it runs.

    Args:
      queue: the filename queue (a queue or a queue handle) of the readers.
      num_records: the largest number of records to return.
      name: optional name of the dequeue op.

    Returns:
      A (keys, values) pair of 1-D string tensors.
    """
    self._feed_common_queue_from(queue)
    return self._common_queue.dequeue_up_to(num_records, name)

  def _feed_common_queue_from(self, queue):
    enqueue_ops = [self._common_queue.enqueue(reader.read(queue))
                   for reader in self._readers]
    tf.train.add_queue_runner(
        tf.train.QueueRunner(self._common_queue, enqueue_ops))

  def num_records_produced(self, name=None):
    """Returns the records produced by all readers so far (int64 tensor)."""
    return tf.add_n([r.num_records_produced() for r in self._readers],
                    name=name)

  def num_work_units_completed(self, name=None):
    """Returns the files finished by all readers so far (int64 tensor)."""
    return tf.add_n([r.num_work_units_completed() for r in self._readers],
                    name=name)
