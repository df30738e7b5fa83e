"""Unit tests of slimcompat.ops.variables: collections, devices, restore."""

import os

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf


def _names(variables):
  return [v.op.name for v in variables]


def test_variable_and_model_variable_collections(graph):
  w = slim.variable('w', shape=[2])
  m = slim.model_variable('m', shape=[2], collections=['extra'])
  assert w in tf.global_variables() and w in tf.trainable_variables()
  assert w not in slim.get_model_variables()
  assert slim.get_model_variables() == [m]
  assert tf.get_collection('extra') == [m]
  assert m in tf.global_variables()


def test_local_and_global_variable(graph):
  loc = slim.local_variable(0.0, name='loc')
  glo = slim.global_variable(1.0, name='glo')
  assert slim.get_local_variables() == [loc]
  assert loc not in tf.global_variables()
  assert glo in tf.global_variables()
  assert glo not in tf.trainable_variables()


def test_arg_scope_on_model_variable_sets_device(graph):
  with slim.arg_scope([slim.model_variable], device='/cpu:0'):
    m = slim.model_variable('m', shape=[1])
  assert m.device == '/device:CPU:0'


def test_device_function(graph):
  # Ref variables: a resource variable calls the chooser once per op it
  # creates (handle, initializer, ...), as in the reference.
  chooser = slim.VariableDeviceChooser(num_tasks=3)
  devices = [slim.variable('v%d' % i, shape=[], device=chooser,
                           use_resource=False).device
             for i in range(4)]
  assert devices == ['/job:ps/task:%d/device:CPU:0' % t for t in (0, 1, 2, 0)]


def test_regularizer_goes_to_regularization_losses(graph):
  slim.model_variable('w', shape=[3], initializer=tf.ones_initializer(),
                      regularizer=lambda t: tf.reduce_sum(t) * 0.5)
  losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    assert sess.run(losses) == [1.5]


def test_custom_getter_receives_reuse(graph):
  calls = []

  def getter(name, reuse=None, **kwargs):
    calls.append((name, reuse))
    return tf.get_variable(name, **kwargs)

  with tf.variable_scope('s', reuse=tf.AUTO_REUSE):
    slim.variable('v', shape=[1], custom_getter=getter)
  assert calls == [('v', tf.AUTO_REUSE)]


def test_filters(graph):
  with tf.variable_scope('A'):
    a_w = slim.variable('weights', shape=[1])
    a_b = slim.variable('biases', shape=[1])
  with tf.variable_scope('B'):
    b_w = slim.variable('weights', shape=[1])
  assert slim.get_variables('A') == [a_w, a_b]
  assert slim.get_variables_by_suffix('weights') == [a_w, b_w]
  assert slim.get_variables_by_name('biases') == [a_b]
  assert slim.get_variables_to_restore(exclude=['B']) == [a_w, a_b]
  assert slim.get_variables_to_restore(include=['B', 'A']) == [b_w, a_w, a_b]
  assert slim.get_unique_variable('A/weights') is a_w
  assert slim.filter_variables([a_w, a_b, b_w], include_patterns=['weights'],
                               exclude_patterns=['B']) == [a_w]
  with pytest.raises(ValueError, match='A/w'):
    slim.get_unique_variable('A/w')
  with pytest.raises(ValueError, match='C/x'):
    slim.get_unique_variable('C/x')
  with pytest.raises(TypeError, match='include'):
    slim.get_variables_to_restore(include='A')


def test_assign_from_values(graph):
  v = slim.variable('v', shape=[2, 2])
  op, feed = slim.assign_from_values({'v': np.arange(4.0)})
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(op, feed)
    np.testing.assert_array_equal(sess.run(v), [[0, 1], [2, 3]])
  with pytest.raises(ValueError, match='nothere'):
    slim.assign_from_values({'nothere': np.zeros(1)})


def _save(tmp_path, values, version):
  with tf.Graph().as_default():
    variables = [tf.Variable(v, name=n) for n, v in values.items()]
    saver = tf.train.Saver(variables, write_version=version)
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      return saver.save(sess, os.path.join(str(tmp_path), 'model'))


@pytest.mark.parametrize('version', [tf.train.SaverDef.V1,
                                     tf.train.SaverDef.V2])
def test_assign_from_checkpoint_both_formats(graph, tmp_path, version):
  path = _save(tmp_path, {'a': np.float32([1, 2]), 'b': np.float32(3)},
               version)
  a = slim.variable('a', shape=[2])
  b = slim.variable('b', shape=[])
  missing = slim.variable('missing', shape=[])
  op, feed = slim.assign_from_checkpoint(path, [a, b, missing],
                                         ignore_missing_vars=True)
  fn = slim.assign_from_checkpoint_fn(path, [a, b, missing],
                                      ignore_missing_vars=True)
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(op, feed)
    assert sess.run(b) == 3.0
    sess.run(tf.assign(b, 0.0))
    fn(sess)
    a_value, b_value = sess.run([a, b])
    np.testing.assert_array_equal(a_value, [1, 2])
    assert b_value == 3.0
  with pytest.raises(ValueError, match=r'missing variable \[missing\]'):
    slim.assign_from_checkpoint(path, [missing])


def test_assign_from_checkpoint_fn_reshape(graph, tmp_path):
  path = _save(tmp_path, {'a': np.float32([1, 2, 3, 4])}, tf.train.SaverDef.V2)
  a = slim.variable('a', shape=[2, 2])
  fn = slim.assign_from_checkpoint_fn(path, [a], reshape_variables=True)
  with tf.Session() as sess:
    fn(sess)
    np.testing.assert_array_equal(sess.run(a), [[1, 2], [3, 4]])
  with pytest.raises(ValueError, match='empty'):
    slim.assign_from_checkpoint_fn(path, [])


def test_partitioned_variable_full_name_and_restore(graph, tmp_path):
  value = np.arange(6, dtype=np.float32).reshape(3, 2)
  path = _save(tmp_path, {'p': value}, tf.train.SaverDef.V2)
  p = slim.variable('p', shape=[3, 2],
                    partitioner=tf.fixed_size_partitioner(2))
  parts = list(p)
  assert [slim.get_variable_full_name(v) for v in parts] == ['p', 'p']
  op, feed = slim.assign_from_checkpoint(path, {'p': parts})
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(op, feed)
    np.testing.assert_array_equal(sess.run(tf.concat(parts, 0)), value)


def test_global_step_helpers(graph):
  assert slim.get_global_step() is None
  step = slim.get_or_create_global_step()
  assert slim.get_global_step() is step
  assert slim.assert_or_get_global_step() is step
  with pytest.raises(ValueError):
    slim.create_global_step()
  with pytest.raises(TypeError):
    slim.assert_global_step(tf.constant(1.0))
