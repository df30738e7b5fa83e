"""Unit tests of slimcompat.data.parallel_reader on TFRecord files written
here: epochs end with OutOfRangeError, seeded shuffles repeat, several readers
share one queue, and bad input raises."""

import collections
import os

import pytest

from slimcompat._compat import tf
from slimcompat.data import parallel_reader
from tests.data import _records as rec


def _key_file_and_label(keys_values):
  """(file base name, label) of each (key, serialized Example) pair."""
  out = []
  for key, value in keys_values:
    label = tf.train.Example.FromString(value).features.feature[
        'image/class/label'].int64_list.value[0]
    out.append((os.path.basename(key.decode().split(':')[0]), label))
  return out


@pytest.fixture
def files(tmp_path):
  paths, _ = rec.write_labelled_files(tmp_path, num_files=3, per_file=4)
  return paths


@pytest.mark.parametrize('shuffle', [False, True])
@pytest.mark.parametrize('num_epochs', [1, 2])
def test_parallel_read_reads_every_record_once_per_epoch(files, shuffle,
                                                         num_epochs):
  with tf.Graph().as_default():
    key, value = parallel_reader.parallel_read(
        files, tf.TFRecordReader, num_epochs=num_epochs, num_readers=2,
        shuffle=shuffle, capacity=32, min_after_dequeue=4, seed=3)
    results = rec.drain([key, value])
  counts = collections.Counter(label for _, label in
                               _key_file_and_label(results))
  assert counts == {label: num_epochs for label in range(12)}


def test_parallel_read_records_keys_name_their_file(files):
  with tf.Graph().as_default():
    key, value = parallel_reader.parallel_read(
        files, tf.TFRecordReader, num_epochs=1, shuffle=False, num_readers=1)
    pairs = _key_file_and_label(rec.drain([key, value]))
  # One reader, no shuffling: the files in order, records in order.
  assert pairs == [('data-%d-of-3' % (label // 4), label)
                   for label in range(12)]


def _shuffled_labels(files, seed):
  with tf.Graph().as_default():
    key, value = parallel_reader.parallel_read(
        files, tf.TFRecordReader, num_epochs=1, num_readers=1, shuffle=True,
        capacity=64, min_after_dequeue=32, seed=seed)
    return [label for _, label in _key_file_and_label(rec.drain([key,
                                                                 value]))]


def test_shuffle_with_seed_is_reproducible(files):
  # All 12 records fit below min_after_dequeue, so every dequeue waits for
  # the closed, complete queue: the order depends on the seeds only.
  first = _shuffled_labels(files, seed=7)
  assert first == _shuffled_labels(files, seed=7)
  assert sorted(first) == list(range(12))
  assert first != list(range(12))
  assert any(_shuffled_labels(files, seed=s) != first for s in (8, 9))


def test_parallel_read_scope_queue_and_summary(files):
  with tf.Graph().as_default() as graph:
    parallel_reader.parallel_read(files, tf.TFRecordReader, capacity=16,
                                  scope='input')
    ops = {op.name: op.type for op in graph.get_operations()}
    runners = graph.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
    summaries = graph.get_collection(tf.GraphKeys.SUMMARIES)
  assert ops['input/common_queue'] == 'RandomShuffleQueueV2'
  assert ops['input/filenames'] == 'FIFOQueueV2'
  assert [r.queue.queue_ref.op.name for r in runners] == [
      'input/filenames', 'input/common_queue']
  assert len(runners[1].enqueue_ops) == 4
  assert [s.op.name for s in summaries] == [
      'input/filenames/fraction_of_32_full', 'input/fraction_of_16_full']


def test_parallel_read_without_shuffle_uses_a_fifo_queue(files):
  with tf.Graph().as_default() as graph:
    parallel_reader.parallel_read(files, tf.TFRecordReader, shuffle=False)
    assert graph.get_operation_by_name(
        'parallel_read/common_queue').type == 'FIFOQueueV2'


def test_single_pass_read_ends_after_one_pass(files):
  with tf.Graph().as_default():
    key, value = parallel_reader.single_pass_read(files[1], tf.TFRecordReader)
    pairs = _key_file_and_label(rec.drain([key, value]))
  assert pairs == [('data-1-of-3', label) for label in range(4, 8)]


def test_single_pass_read_of_a_glob(files, tmp_path):
  with tf.Graph().as_default():
    key, value = parallel_reader.single_pass_read(
        os.path.join(str(tmp_path), 'data-*'), tf.TFRecordReader,
        scope='once')
    assert key.name.startswith('once/')
    labels = sorted(label for _, label in
                    _key_file_and_label(rec.drain([key, value])))
  assert labels == list(range(12))


def _reader_over(files, queue, num_readers, up_to=None):
  reader = parallel_reader.ParallelReader(tf.TFRecordReader, queue,
                                          num_readers=num_readers)
  filename_queue = tf.train.string_input_producer(files, num_epochs=1,
                                                  shuffle=False)
  if up_to:
    return reader, reader.read_up_to(filename_queue, up_to)
  return reader, reader.read(filename_queue)


@pytest.mark.parametrize('queue_kind', ['fifo', 'shuffle'])
def test_several_readers_share_one_queue(files, queue_kind):
  with tf.Graph().as_default() as graph:
    if queue_kind == 'fifo':
      queue = tf.FIFOQueue(64, [tf.string, tf.string])
    else:
      queue = tf.RandomShuffleQueue(64, 8, [tf.string, tf.string], seed=1)
    reader, (key, value) = _reader_over(files, queue, num_readers=3)
    assert reader.num_readers == 3 and reader.common_queue is queue
    [runner] = [r for r in graph.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
                if r.queue is queue]
    assert len(runner.enqueue_ops) == 3
    produced = reader.num_records_produced()
    finished = reader.num_work_units_completed()
    results = []
    with tf.Session() as sess:
      sess.run(tf.local_variables_initializer())
      coord = tf.train.Coordinator()
      threads = tf.train.start_queue_runners(sess, coord)
      try:
        while True:
          results.append(sess.run([key, value]))
      except tf.errors.OutOfRangeError:
        pass
      counters = sess.run([produced, finished])
      coord.request_stop()
      coord.join(threads, stop_grace_period_secs=30)
  pairs = _key_file_and_label(results)
  assert sorted(label for _, label in pairs) == list(range(12))
  assert {name for name, _ in pairs} == {'data-%d-of-3' % i for i in range(3)}
  assert list(counters) == [12, 3]


def test_read_up_to_returns_batches_of_records(files):
  with tf.Graph().as_default():
    queue = tf.FIFOQueue(64, [tf.string, tf.string], shapes=[[], []])
    _, (keys, values) = _reader_over(files, queue, num_readers=2, up_to=5)
    batches = rec.drain([keys, values])
  sizes = [len(k) for k, _ in batches]
  assert sum(sizes) == 12 and max(sizes) <= 5
  labels = [label for k, v in batches
            for _, label in _key_file_and_label(zip(k, v))]
  assert sorted(labels) == list(range(12))


def test_corrupt_record_raises_data_loss(tmp_path):
  path = rec.write_records(tmp_path / 'good', [b'first', b'second'])
  data = bytearray(open(path, 'rb').read())
  data[-6] ^= 0xFF  # a byte of the second record's payload
  with open(path, 'wb') as broken:
    broken.write(bytes(data))
  with tf.Graph().as_default():
    _, value = parallel_reader.single_pass_read(path, tf.TFRecordReader)
    with pytest.raises(tf.errors.DataLossError):
      rec.drain(value)


def test_get_data_files(tmp_path, files):
  pattern = os.path.join(str(tmp_path), 'data-?-of-3')
  assert sorted(parallel_reader.get_data_files(pattern)) == sorted(files)
  assert parallel_reader.get_data_files(files[0]) == [files[0]]
  both = parallel_reader.get_data_files((files[2], pattern))
  assert both[0] == files[2] and sorted(both[1:]) == sorted(files)
  # A plain name is not checked: the reader reports a missing file later.
  missing = os.path.join(str(tmp_path), 'missing')
  assert parallel_reader.get_data_files(missing) == [missing]


@pytest.mark.parametrize('sources', [[], 'nothing-here-*', ['x', '/no/*.rec']])
def test_get_data_files_without_match_raises(sources):
  with pytest.raises(ValueError, match='No data files found'):
    parallel_reader.get_data_files(sources)


@pytest.mark.parametrize('dtypes', [[tf.string], [tf.string, tf.int32],
                                    [tf.string, tf.string, tf.string]])
def test_parallel_reader_needs_two_string_components(dtypes):
  with tf.Graph().as_default():
    queue = tf.FIFOQueue(4, dtypes)
    with pytest.raises(TypeError, match='tf.string'):
      parallel_reader.ParallelReader(tf.TFRecordReader, queue)


def test_parallel_reader_passes_reader_kwargs(tmp_path):
  path = str(tmp_path / 'zipped')
  options = tf.io.TFRecordOptions(compression_type='GZIP')
  with tf.io.TFRecordWriter(path, options) as writer:
    for record in (b'a', b'bb'):
      writer.write(record)
  with tf.Graph().as_default():
    kwargs = {'options': tf.io.TFRecordOptions(compression_type='GZIP')}
    _, value = parallel_reader.parallel_read(
        [path], tf.TFRecordReader, num_epochs=1, num_readers=1,
        reader_kwargs=kwargs, shuffle=False)
    values = rec.drain(value)
  assert values == [b'a', b'bb']
