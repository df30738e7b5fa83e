"""Stand-in for ``tensorflow.contrib.metrics.python.ops.set_ops``: the set
operations over the last dimension, which TF 2 keeps as ``tf.sets``."""

from slimcompat._compat import tf

set_difference = tf.sets.difference
set_intersection = tf.sets.intersection
set_size = tf.sets.size
set_union = tf.sets.union

__all__ = ['set_difference', 'set_intersection', 'set_size', 'set_union']
