from tests.parity import harness
from slimcompat._compat import tf


def test_seed_snippet_variables_match():
  def build(slim):
    reg = lambda t: tf.multiply(0.05, tf.nn.l2_loss(t), name='L2Regularizer')
    w = slim.variable('weights', shape=[10, 10, 3, 3],
                      initializer=tf.truncated_normal_initializer(stddev=0.1),
                      regularizer=reg, device='/CPU:0')
    with tf.variable_scope('m'):
      m = slim.model_variable('weights', shape=[2], regularizer=reg)
    return w, m
  ours, theirs = harness.build_both(build)
  assert ours.variables == theirs.variables
  assert ours.collections == theirs.collections
