"""What the input queues of slimcompat.data share: a summary of how full a
queue is (tf-slim tags it ``fraction_of_<capacity>_full``)."""

from slimcompat._compat import tf


def summarize_fill(queue, capacity):
  """A scalar summary of how full `queue` is, as a fraction of `capacity`."""
  fill = tf.cast(queue.size(), tf.float32) * (1. / capacity)
  tf.summary.scalar('fraction_of_%d_full' % capacity, fill)
