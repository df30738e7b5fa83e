"""What a training step runs: the loop body of dynamic_rnn (and its
gradient) over slimcompat's LSTMCell holds exactly the ops of TensorFlow's
own, and LSTMBlockCell's those of LSTMCell -- the reason the bench's rnn
rows are at 1.0x up to noise (bench/rnn.py times them)."""

import collections

import pytest

import slimcompat.rnn_cell as rnn_cell
from slimcompat._compat import tf
from slimcompat.contrib import rnn
from tests.rnn_cell import reference

NATIVE = reference.native_cells()


def _loop_ops(make_cell):
  """Op types, with counts, of the functions (while bodies and conditions,
  forward and gradient) of one training step over `make_cell()`."""
  with tf.Graph().as_default() as graph:
    inputs = tf.zeros([4, 6, 5])
    outputs, _ = tf.nn.dynamic_rnn(make_cell(), inputs, dtype=tf.float32)
    tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(outputs))
    library = graph.as_graph_def().library
  counts = collections.Counter(
      node.op for function in library.function for node in function.node_def)
  if not library.function:  # v1 control flow: the loop is in the graph
    counts = collections.Counter(node.op for node in graph.as_graph_def().node
                                 if '/while/' in node.name)
  return counts


@pytest.mark.skipif(NATIVE is None, reason="needs TF's own TF1 cells")
def test_lstm_loop_is_tensorflows():
  assert _loop_ops(lambda: rnn_cell.LSTMCell(8)) == _loop_ops(
      lambda: NATIVE.LSTMCell(8))


def test_block_cell_loop_is_lstm_cells():
  ops = _loop_ops(lambda: rnn.LSTMBlockCell(8))
  assert ops == _loop_ops(lambda: rnn_cell.LSTMCell(8))
  assert ops['MatMul'] >= 3
