"""The bench's "rnn" rows: a training step of ``dynamic_rnn`` over 50 steps
of an ``LSTMCell(256)``.

* ``train step lstm256``: slimcompat.rnn_cell's LSTMCell against
  TensorFlow's own (Keras 2's legacy cell: TF 2.12-2.15, or tf_keras) and a
  raw twin (the same variables and ops from plain ``get_variable`` / tf
  ops: the limit), in one process.
* ``train step lstm256 block``: contrib.rnn's LSTMBlockCell (slimcompat
  column) against slimcompat's LSTMCell (reference column).
"""

import importlib
import time

import numpy as np
import tensorflow as tf2

tf = tf2.compat.v1

BATCH, STEPS, DEPTH, UNITS = 32, 50, 128, 256
RUNS_PER_SAMPLE = 5


def tensorflow_cells():
  """TensorFlow's own TF1 cells module, or a string saying why none."""
  try:
    module = tf.nn.rnn_cell
    module.LSTMCell  # pylint: disable=pointless-statement
    if not type(module).__module__.startswith('slimcompat'):
      return module
  except (AttributeError, ImportError) as err:
    reason = '%s: %s' % (type(err).__name__, str(err)[:60])
  else:
    reason = 'slimcompat serves tf.compat.v1.nn.rnn_cell here'
  try:
    return importlib.import_module(
        'tf_keras.api._v1.keras.__internal__.legacy.rnn_cell')
  except ImportError:
    return 'not available (%s; no tf_keras)' % reason


class RawLSTMCell(object):
  """The raw twin: LSTMCell's variables and ops, nothing else."""

  def __init__(self, units):
    self._units = units
    self.state_size = (units, units)
    self.output_size = units

  def zero_state(self, batch, dtype):
    return (tf.zeros([batch, self._units], dtype),
            tf.zeros([batch, self._units], dtype))

  def __call__(self, inputs, state):
    c, h = state
    with tf.variable_scope('lstm_cell', reuse=tf.AUTO_REUSE):
      kernel = tf.get_variable(
          'kernel', [int(inputs.shape[-1]) + self._units, 4 * self._units])
      bias = tf.get_variable('bias', [4 * self._units],
                             initializer=tf.zeros_initializer())
    gates = tf.nn.bias_add(tf.matmul(tf.concat([inputs, h], 1), kernel), bias)
    i, j, f, o = tf.split(gates, 4, axis=1)
    c = tf.sigmoid(f + 1.0) * c + tf.sigmoid(i) * tf.tanh(j)
    h = tf.sigmoid(o) * tf.tanh(c)
    return h, (c, h)


def _session(make_cell):
  """(session, train op, feed) of one training step of `make_cell()`."""
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(0)
    inputs = tf.placeholder(tf.float32, [BATCH, STEPS, DEPTH])
    outputs, _ = tf.nn.dynamic_rnn(make_cell(), inputs, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(outputs))
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    init = tf.global_variables_initializer()
  session = tf.Session(graph=graph)
  session.run(init)
  feed = {inputs: np.random.RandomState(0).rand(BATCH, STEPS, DEPTH)}
  session.run(train, feed)  # warm-up
  return session, train, feed


def _sample(runner):
  session, train, feed = runner
  start = time.perf_counter()
  for _ in range(RUNS_PER_SAMPLE):
    session.run(train, feed)
  return (time.perf_counter() - start) / RUNS_PER_SAMPLE * 1000


def _measure(table, figure, makers, repeat, rotated, note):
  runners, samples = {}, {}
  for impl, make in makers.items():
    if isinstance(make, str):
      samples[impl] = make
      continue
    try:
      runners[impl] = _session(make)
      samples[impl] = []
    except Exception as err:  # pylint: disable=broad-except
      samples[impl] = 'cannot build: %s' % str(err).splitlines()[0][:60]
  for index in range(repeat):
    for impl in rotated(index):
      if impl in runners:
        samples[impl].append(_sample(runners[impl]))
  for session, _, _ in runners.values():
    session.close()
  table.add(figure, 'ms', samples, note=note)


def bench_rnn(table, repeat, rotated):
  """Adds the two rnn rows to `table` (see the module docstring)."""
  from slimcompat import rnn_cell  # pylint: disable=g-import-not-at-top
  from slimcompat.contrib import rnn  # pylint: disable=g-import-not-at-top
  native = tensorflow_cells()
  _measure(table, 'train step lstm256', {
      'slimcompat': lambda: rnn_cell.LSTMCell(UNITS),
      'reference': (native if isinstance(native, str) else
                    lambda: native.LSTMCell(UNITS)),
      'raw': lambda: RawLSTMCell(UNITS),
  }, repeat, rotated,
           note='dynamic_rnn, 50 steps, batch 32, depth 128, SGD step; '
           "reference = TensorFlow's own LSTMCell (Keras 2 legacy cell)")
  _measure(table, 'train step lstm256 block', {
      'slimcompat': lambda: rnn.LSTMBlockCell(UNITS),
      'reference': lambda: rnn_cell.LSTMCell(UNITS),
      'raw': lambda: RawLSTMCell(UNITS),
  }, repeat, rotated,
           note="slimcompat = contrib.rnn.LSTMBlockCell, reference = "
           "slimcompat's LSTMCell")
