"""tf_slim.data.prefetch_queue: a queue that pre-assembles tensors (batches)."""

from slimcompat._compat import tf as _tf
from slimcompat.data import _queues


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
  names, components = _components(tensors)
  # A padding queue accepts components whose shapes are not fully known.
  make_queue = _tf.PaddingFIFOQueue if dynamic_pad else _tf.FIFOQueue
  with _tf.name_scope(name, 'prefetch_queue', components):
    queue = make_queue(capacity=capacity,
                       dtypes=[c.dtype for c in components],
                       shapes=[c.get_shape() for c in components],
                       names=names, shared_name=shared_name)
    _keep_filled(queue, tensors, num_threads)
    _queues.summarize_fill(queue, capacity)
    return queue


def _components(tensors):
  """(component names or None, component tensors) of a list or a dict; a
  dict's names are sorted so that the components have one fixed order."""
  if not isinstance(tensors, dict):
    return None, tensors
  names = sorted(tensors)
  return names, [tensors[n] for n in names]


def _keep_filled(queue, tensors, num_threads):
  """Registers a QueueRunner with `num_threads` threads enqueuing `tensors`."""
  enqueue = queue.enqueue(tensors)
  _tf.train.add_queue_runner(
      _tf.train.QueueRunner(queue, [enqueue] * num_threads))
