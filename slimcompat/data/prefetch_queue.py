"""tf_slim.data.prefetch_queue: a queue that pre-assembles tensors (batches)."""

from slimcompat._compat import tf


def prefetch_queue(tensors,
                   capacity=8,
                   num_threads=1,
                   dynamic_pad=False,
                   shared_name=None,
                   name=None):
  """Returns a queue that a queue runner keeps filled with `tensors`.

  Typical use is to put already assembled batches in it, so that the training
  step dequeues a ready batch instead of waiting for `tf.train.batch`.  A
  `QueueRunner` with `num_threads` enqueue threads is added to the
  QUEUE_RUNNERS collection, and a summary reports how full the queue is.

  Args:
    tensors: a list of tensors, or a dict of name -> tensor (the queue then
      dequeues dicts).
    capacity: the most elements the queue holds.
    num_threads: how many threads run the enqueue op.
    dynamic_pad: use a PaddingFIFOQueue, allowing unknown dimensions.
    shared_name: if set, share the queue under this name across sessions.
    name: optional name scope (default ``prefetch_queue``).

  Returns:
    The queue; its `dequeue()` gives tensors like `tensors`.

  Raises:
    ValueError: if a shape is not fully defined and `dynamic_pad` is False.
  """
  if isinstance(tensors, dict):
    # Sorted names give the queue's components one fixed order.
    names = sorted(tensors)
    tensor_list = [tensors[n] for n in names]
  else:
    names = None
    tensor_list = tensors
  queue_class = tf.PaddingFIFOQueue if dynamic_pad else tf.FIFOQueue
  with tf.name_scope(name, 'prefetch_queue', tensor_list):
    queue = queue_class(
        capacity=capacity,
        dtypes=[t.dtype for t in tensor_list],
        shapes=[t.get_shape() for t in tensor_list],
        names=names,
        shared_name=shared_name)
    enqueue_op = queue.enqueue(tensors)
    tf.train.add_queue_runner(
        tf.train.QueueRunner(queue, [enqueue_op] * num_threads))
    tf.summary.scalar(
        'fraction_of_%d_full' % capacity,
        tf.cast(queue.size(), tf.float32) * (1. / capacity))
    return queue
