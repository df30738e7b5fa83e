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


def test_a_bad_dtype_of_a_partitioned_variable_is_refused_before_creation():
  # TensorFlow's partitioned path uses the dtype only inside the first
  # part's name scope (AttributeError there); an unpartitioned variable's
  # is a TypeError.  Both classes, and no name left taken.
  from tests.fuzz import _run
  with tf.Graph().as_default() as graph:
    before = _run.snapshot(graph, slim)
    with pytest.raises(TypeError, match="dtype='bogus'") as info:
      slim.variable('v', shape=[2, 3], dtype='bogus',
                    partitioner=lambda shape, dtype: [2, 1])
    assert isinstance(info.value, AttributeError)
    assert _run.diff(before, _run.snapshot(graph, slim)) == ()
    slim.variable('v', shape=[2, 3], partitioner=lambda shape, dtype: [2, 1])
    assert [v.op.name for v in tf.global_variables()] == ['v/part_0',
                                                          'v/part_1']


def test_a_partitioner_that_fails_on_a_bad_dtype_raises_its_own_error():
  def partitioner(shape, dtype):
    raise KeyError('no partitioning for %s' % (dtype,))
  with tf.Graph().as_default() as graph:
    with pytest.raises(KeyError, match='bogus'):
      slim.variable('v', shape=[2, 3], dtype='bogus', partitioner=partitioner)
    assert not graph.get_operations()
