"""`variable`'s early partitioner check (before anything is created): a
partition count of 1 is never "too many", however small the dimension (the
upstream test testLoadPartitionedVariables partitions a [1]-shaped
variable); more parts than entries is refused with nothing left behind."""

import pytest
import tensorflow.compat.v1 as tf

import slimcompat as slim


def test_a_single_part_of_a_one_entry_dimension_is_fine():
  with tf.Graph().as_default():
    slim.variable('var1', shape=[1], partitioner=lambda shape, dtype: [1])
    assert [v.op.name for v in tf.global_variables()] == ['var1/part_0']


def test_more_parts_than_entries_is_refused_before_creation():
  with tf.Graph().as_default() as graph:
    with pytest.raises(ValueError, match='more parts than it has entries'):
      slim.variable('var2', shape=[2], partitioner=lambda shape, dtype: [3])
    assert not graph.get_operations()
