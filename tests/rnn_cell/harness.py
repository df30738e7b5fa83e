"""Builds a case in a fresh seeded graph and describes what it made:
variables (names, shapes, dtypes, trainable, initial values), the cells'
names, sizes and weight lists, outputs, final states and gradients."""

import numpy as np

from slimcompat._compat import tf, tf2
from tests.rnn_cell import cases

SEED = 1234


def feed():
  rng = np.random.RandomState(0)
  return rng.uniform(-1, 1, (cases.BATCH, cases.TIME, cases.DEPTH)).astype(
      np.float32)


def _sizes(value):
  return tf2.nest.map_structure(
      lambda s: s if isinstance(s, int) else str(s), value)


def describe(build, rc):
  """(description, arrays) of `build` made from cell module `rc`."""
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(SEED)
    inputs = tf.placeholder(tf.float32, [cases.BATCH, cases.TIME,
                                         cases.DEPTH], name='inputs')
    lengths = tf.constant(cases.LENGTHS, dtype=tf.int32)
    outputs, state, cells = build(rc, inputs, lengths)
    flat_state = tf2.nest.flatten(state)
    variables = tf.global_variables()
    trainable = tf.trainable_variables()
    loss = tf.reduce_sum(outputs * outputs) + tf.add_n(
        [tf.reduce_sum(s) for s in flat_state])
    grads = tf.gradients(loss, trainable + [inputs])
    desc = {
        'variables': [[v.op.name, v.shape.as_list(), v.dtype.base_dtype.name,
                       any(v is t for t in trainable)] for v in variables],
        'cells': [[type(c).__name__, c.name, repr(_sizes(c.state_size)),
                   repr(_sizes(c.output_size)),
                   [w.op.name for w in c.trainable_weights],
                   [w.op.name for w in c.non_trainable_weights]]
                  for c in cells],
        'outputs': [outputs.shape.as_list(), outputs.dtype.name],
        'state': [[s.shape.as_list(), s.dtype.name] for s in flat_state],
        'state_structure': repr(tf2.nest.map_structure(lambda _: 0, state)),
    }
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      initial = sess.run(variables)
      if not getattr(build, 'keep_initial_values', False):
        _load_fixed_values(sess, variables)
      got = sess.run([outputs, flat_state, grads], {inputs: feed()})
  arrays = {'output': got[0]}
  for index, value in enumerate(got[1]):
    arrays['state_%d' % index] = value
  for index, value in enumerate(got[2]):
    arrays['grad_%d' % index] = value
  for variable, value in zip(desc['variables'], initial):
    if getattr(build, 'keep_initial_values', False) or _constant_init(
        variable[0]):
      arrays['init_' + variable[0]] = value
  return desc, arrays


def _constant_init(name):
  """Whether the variable's default initializer is a constant (biases),
  whose value is compared; the random default (glorot uniform) is drawn
  differently by TF 1.x, by Keras 2 and here, so cases that compare
  outputs load fixed values instead (`_load_fixed_values`)."""
  return name.endswith('bias') or name.endswith('scale')


def _load_fixed_values(sess, variables):
  rng = np.random.RandomState(7)
  for variable in variables:
    if _constant_init(variable.op.name):
      continue
    shape = variable.shape.as_list()
    variable.load(rng.uniform(-0.6, 0.6, shape).astype(np.float32), sess)


def assert_same(got, want, atol=1e-5):
  got_desc, got_arrays = got
  want_desc, want_arrays = want
  assert got_desc == want_desc
  assert sorted(got_arrays) == sorted(want_arrays)
  for key in want_arrays:
    np.testing.assert_allclose(got_arrays[key], want_arrays[key], atol=atol,
                               rtol=1e-5, err_msg=key)
