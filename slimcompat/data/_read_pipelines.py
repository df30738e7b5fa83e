"""parallel_read and single_pass_read: filename queue + reader(s) in one call."""

from slimcompat._compat import tf
from slimcompat.data import _queues
from slimcompat.data._data_files import get_data_files
from slimcompat.data._parallel_reader_class import ParallelReader


def parallel_read(data_sources,
                  reader_class,
                  num_epochs=None,
                  num_readers=4,
                  reader_kwargs=None,
                  shuffle=True,
                  dtypes=None,
                  capacity=256,
                  min_after_dequeue=128,
                  seed=None,
                  scope=None):
  """Reads the records of `data_sources` with `num_readers` parallel readers.

  Builds, under the name scope `scope` (default ``parallel_read``), a filename
  queue over the files, a common queue (a RandomShuffleQueue when `shuffle`,
  else a FIFOQueue, named ``common_queue``), a summary of how full the common
  queue is, and a `ParallelReader` filling it.  With `num_epochs` set the
  filename queue counts epochs in a local variable (initialise local
  variables before reading); reading past the last epoch raises
  `tf.errors.OutOfRangeError`.

  Args:
    data_sources: file names or glob patterns, see `get_data_files`.
    reader_class: a reader class such as `tf.compat.v1.TFRecordReader`.
    num_epochs: how many times to read each file; None reads forever.
    num_readers: how many readers to run in parallel.
    reader_kwargs: optional dict of keyword arguments for `reader_class`.
    shuffle: shuffle the file names and the records.
    dtypes: dtypes of the common queue; default [tf.string, tf.string].
    capacity: capacity of the common queue.
    min_after_dequeue: records kept in the shuffling queue after a dequeue.
    seed: seed of both shuffles.
    scope: optional name scope.

  Returns:
    A (key, value) pair of scalar string tensors.
  """
  files = get_data_files(data_sources)
  with tf.name_scope(scope, 'parallel_read'):
    filenames = tf.train.string_input_producer(
        files, num_epochs=num_epochs, shuffle=shuffle, seed=seed,
        name='filenames')
    records = _records_queue(shuffle, capacity, min_after_dequeue,
                             dtypes or [tf.string, tf.string], seed)
    _queues.summarize_fill(records, capacity)
    return ParallelReader(reader_class, records, num_readers=num_readers,
                          reader_kwargs=reader_kwargs).read(filenames)


def _records_queue(shuffle, capacity, min_after_dequeue, dtypes, seed):
  """The ``common_queue`` the readers fill: shuffling, or first in first out."""
  if not shuffle:
    return tf.FIFOQueue(capacity=capacity, dtypes=dtypes, name='common_queue')
  return tf.RandomShuffleQueue(
      capacity=capacity, min_after_dequeue=min_after_dequeue, dtypes=dtypes,
      seed=seed, name='common_queue')


def single_pass_read(data_sources, reader_class, reader_kwargs=None,
                     scope=None):
  """Reads every record of `data_sources` once, in order, with one reader.

  The filename queue (scope `scope`, default ``single_pass_read``) counts its
  single epoch in a local variable: initialise local variables before
  reading.  After the last record, reading raises `tf.errors.OutOfRangeError`.
  Arguments and result as in `parallel_read`.
  """
  data_files = get_data_files(data_sources)
  with tf.name_scope(scope, 'single_pass_read'):
    filename_queue = tf.train.string_input_producer(
        data_files, num_epochs=1, shuffle=False, capacity=1, name='filenames')
    return reader_class(**(reader_kwargs or {})).read(filename_queue)
