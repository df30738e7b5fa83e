"""contrib.layers' private helpers, contrib.tfprof, and tf_slim's star-import
leftovers on the slimcompat package."""

import os
import subprocess
import sys

import pytest

import slimcompat
from slimcompat._compat import tf
from slimcompat.contrib import layers_layers
from slimcompat.contrib import tfprof


def test_build_variable_getter_makes_renamed_model_variables():
  with tf.Graph().as_default():
    getter = layers_layers._build_variable_getter(
        {'kernel': 'weights', 'bias': 'biases'})
    with tf.variable_scope('block', custom_getter=getter):
      kernel = tf.get_variable('kernel', [3, 2])
      bias = tf.get_variable('bias', [2], initializer=tf.zeros_initializer())
      other = tf.get_variable('gamma', [2])
    assert [kernel.op.name, bias.op.name, other.op.name] == [
        'block/weights', 'block/biases', 'block/gamma']
    model = tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)
    assert [v.op.name for v in model] == [
        'block/weights', 'block/biases', 'block/gamma']
    # Reuse goes through the same names.
    with tf.variable_scope('block', custom_getter=getter, reuse=True):
      assert tf.get_variable('kernel', [3, 2]) is kernel


def test_build_variable_getter_without_rename_keeps_names():
  with tf.Graph().as_default():
    getter = layers_layers._build_variable_getter()
    with tf.variable_scope('s', custom_getter=getter):
      kernel = tf.get_variable('kernel', [1])
    assert kernel.op.name == 's/kernel'
    assert kernel in tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)


def test_add_variable_to_collections():
  add = layers_layers._add_variable_to_collections
  with tf.Graph().as_default():
    weights = tf.get_variable('w', [2])
    add(weights, {'weights': ['mine', 'also']}, 'weights')
    add(weights, {'weights': ['mine']}, 'weights')  # not added twice
    add(weights, {'biases': ['other']}, 'weights')  # not named: nothing
    add(weights, ['listed'], 'weights')  # a list applies to every name
    add(weights, None, 'weights')
    assert tf.get_collection('mine') == [weights]
    assert tf.get_collection('also') == [weights]
    assert tf.get_collection('listed') == [weights]
    assert tf.get_collection('other') == []
    partitioned = tf.get_variable(
        'p', [4, 2], partitioner=tf.fixed_size_partitioner(2))
    add(partitioned, ['parts'], 'weights')
    assert len(tf.get_collection('parts')) == 2


def test_profile_context_disabled_is_a_no_op():
  with tf.Graph().as_default() as graph:
    tf.constant(1.0)
    before = len(graph.get_operations())
    with tfprof.ProfileContext('/nonexistent', enabled=False) as context:
      context.add_auto_profiling('op', {}, [1])
      context.trace_next_step()
      context.dump_next_step()
      assert context.get_profiles('op') == []
      with tf.Session() as sess:
        sess.run(tf.constant(2.0))
    assert len(graph.get_operations()) == before + 1
  assert not os.path.exists('/nonexistent')


def test_profile_context_enabled_fails_on_entry():
  context = tfprof.ProfileContext('/tmp/unused')
  with pytest.raises(NotImplementedError, match='enabled=False'):
    with context:
      pass


def test_print_model_analysis_counts_parameters(tmp_path):
  with tf.Graph().as_default() as graph:
    tf.get_variable('w', [3, 4])
    tf.get_variable('b', [4])
    result = tfprof.model_analyzer.print_model_analysis(
        graph, tfprof_options=dict(
            tfprof.model_analyzer.TRAINABLE_VARS_PARAMS_STAT_OPTIONS,
            output='none'))
    assert result.total_parameters == 16
    tfprof.tfprof_logger.write_op_log(graph, str(tmp_path))
  assert os.listdir(tmp_path)


@pytest.mark.parametrize('name, public', [
    ('init_ops', lambda: tf), ('array_ops', lambda: tf),
    ('math_ops', lambda: tf), ('control_flow_ops', lambda: tf),
    ('check_ops', lambda: tf), ('clip_ops', lambda: tf),
    ('random_ops', lambda: tf), ('vars_', lambda: tf), ('vs', lambda: tf),
    ('dtypes', lambda: tf.dtypes), ('train', lambda: tf.train),
    ('moving_averages', lambda: tf.train), ('optimizer_', lambda: tf.train),
    ('summary', lambda: tf.summary)])
def test_star_import_leftovers_are_public_namespaces(name, public):
  assert getattr(slimcompat, name) is public()
  assert name in dir(slimcompat)


def test_star_import_leftovers_used_by_legacy_code():
  with tf.Graph().as_default():
    init = slimcompat.init_ops.zeros_initializer()
    with slimcompat.vs.variable_scope('s'):
      var = slimcompat.vars_.get_variable('v', [2], initializer=init)
    ema = slimcompat.moving_averages.ExponentialMovingAverage(0.9)
    assert var.op.name == 's/v' and ema is not None
    assert slimcompat.control_flow_ops.group is tf.group
    assert slimcompat.dtypes.float32 == tf.float32
  assert slimcompat.division.compiler_flag
  assert slimcompat.six.PY3


def test_status_and_install_import_nothing_heavy():
  code = ('import sys, slimcompat, slimcompat.contrib as c\n'
          'c.status("tensorflow.contrib.training.HParams")\n'
          'c.status("tensorflow.contrib.rnn")\n'
          'slimcompat.install()\n'
          'heavy = [m for m in ("slimcompat.metrics", "slimcompat.layers", '
          '"slimcompat.contrib.training", "slimcompat.training.training") '
          'if m in sys.modules]\n'
          'print("HEAVY", heavy)\n')
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2')
  result = subprocess.run([sys.executable, '-c', code], capture_output=True,
                          text=True, env=env, check=False, timeout=300)
  assert 'HEAVY []' in result.stdout, result.stderr[-2000:]
