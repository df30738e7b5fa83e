"""Unit tests of slimcompat.data.prefetch_queue."""

import numpy as np
import pytest

from slimcompat._compat import tf
from slimcompat.data import prefetch_queue as pq
from tests.data import _records as rec


def _counted_batches(num_batches, batch_size, num_threads=1):
  """Batches of a counter that stops after num_batches * batch_size values."""
  counter = tf.Variable(tf.constant(0, tf.int64)).count_up_to(
      num_batches * batch_size)
  image = tf.random_normal([4, 4, 3])
  return tf.train.batch([counter, image], batch_size=batch_size,
                        num_threads=num_threads)


@pytest.mark.parametrize('num_threads', [1, 3])
def test_prefetched_batches_pass_through_unchanged(num_threads):
  with tf.Graph().as_default() as graph:
    batches = _counted_batches(4, 5, num_threads=num_threads)
    queue = pq.prefetch_queue(batches, num_threads=num_threads)
    [runner] = [r for r in graph.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
                if r.queue is queue]
    assert len(runner.enqueue_ops) == num_threads
    results = rec.drain(queue.dequeue())
  counters = np.concatenate([counter for counter, _ in results])
  np.testing.assert_array_equal(np.sort(counters), np.arange(20))
  assert all(images.shape == (5, 4, 4, 3) for _, images in results)


def test_dict_of_tensors_gives_dicts():
  with tf.Graph().as_default():
    queue = pq.prefetch_queue({'b': tf.constant([1.5, 2.5]),
                               'a': tf.constant(3)})
    dequeued = queue.dequeue()
    assert sorted(dequeued) == ['a', 'b']
    assert queue.names == ['a', 'b']
    assert dequeued['a'].dtype == tf.int32
    assert dequeued['b'].shape.as_list() == [2]
    value = rec.take(dequeued, 1)[0]
  assert value['a'] == 3
  np.testing.assert_array_equal(value['b'], [1.5, 2.5])


def test_dynamic_pad_pads_and_keeps_unknown_dims():
  with tf.Graph().as_default():
    ragged = tf.placeholder_with_default(
        tf.constant([[1, 2], [3, 4], [5, 6]]), shape=[None, 2])
    queue = pq.prefetch_queue([ragged], dynamic_pad=True, capacity=2)
    assert isinstance(queue, tf.PaddingFIFOQueue)
    out = queue.dequeue()  # one component: a tensor, not a list
    assert out.shape.as_list() == [None, 2]
    np.testing.assert_array_equal(rec.take(out, 1)[0],
                                  [[1, 2], [3, 4], [5, 6]])


def test_unknown_shape_without_dynamic_pad_raises_value_error():
  with tf.Graph().as_default():
    ragged = tf.placeholder(tf.int32, shape=[None, 3])
    with pytest.raises(ValueError, match='fully defined'):
      pq.prefetch_queue([ragged])


def test_names_scope_and_summary():
  with tf.Graph().as_default() as graph:
    queue = pq.prefetch_queue([tf.constant(1)], capacity=5, name='pre',
                              shared_name='shared_q')
    summaries = graph.get_collection(tf.GraphKeys.SUMMARIES)
    assert queue.queue_ref.op.name == 'pre/fifo_queue'
    assert queue.queue_ref.op.get_attr('shared_name') == b'shared_q'
    assert [s.op.name for s in summaries] == ['pre/fraction_of_5_full']
    default = pq.prefetch_queue([tf.constant(1)])
    assert default.queue_ref.op.name == 'prefetch_queue/fifo_queue'
