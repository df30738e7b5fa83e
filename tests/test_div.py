"""slimcompat._div.div builds what the deprecated tf.compat.v1.div builds."""

import logging

import pytest

from slimcompat._compat import tf
from slimcompat._div import div
from tests.parity import harness


def _graph_of(divide, x, y, name):
  with tf.Graph().as_default() as graph:
    divide(tf.constant(x), y, name=name)
    divide(tf.constant(x), y, name=name)  # a second one: names uniquified
    divide(2.0 if isinstance(x, float) else 2, tf.constant(x), name=name)
  return harness.ops(graph, inputs=True)


@pytest.mark.parametrize('x, y', [(6.0, 4.0), (7, 2)])
@pytest.mark.parametrize('name', [None, 'ratio'])
def test_same_graph_as_the_v1_div(x, y, name):
  ours = _graph_of(div, x, y, name)
  assert ours == _graph_of(tf.div, x, y, name)
  assert {op[1] for op in ours} >= {'RealDiv' if isinstance(x, float)
                                     else 'FloorDiv'}


def test_same_values_and_no_notice(caplog):
  with tf.Graph().as_default(), caplog.at_level(logging.WARNING):
    floats = div(tf.constant([7.0, -7.0]), 2.0)
    ints = div(tf.constant([7, -7]), 2)
    with tf.Session() as sess:
      assert sess.run(floats).tolist() == [3.5, -3.5]
      assert sess.run(ints).tolist() == [3, -4]
  assert not [r for r in caplog.records if 'deprecated' in r.getMessage()]


def test_mismatched_dtype_raises_like_the_v1_div():
  raised = []
  for divide in (tf.div, div):
    with tf.Graph().as_default() as graph:
      with pytest.raises(Exception) as info:
        divide(tf.constant(1.0), tf.constant(1))
      raised.append((type(info.value), len(graph.get_operations())))
  assert raised[0] == raised[1]
