"""The bench's raw twin of the TF1-layers ResNet builds the same model as
slimcompat.v1_layers: variable names, shapes, trainability, and as many
UPDATE_OPS (the raw column is only an honest limit if it does)."""

import slimcompat.v1_layers as v1_layers
from bench import v1_layers_net
from slimcompat._compat import tf


def _facts(build):
  graph = tf.Graph()
  with graph.as_default():
    logits = build(tf.placeholder(tf.float32, [2, 64, 64, 3]))
    return {
        'variables': [(v.op.name, v.shape.as_list())
                      for v in tf.global_variables()],
        'trainable': [v.op.name for v in tf.trainable_variables()],
        'updates': len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
        'logits': logits.shape.as_list(),
    }


def test_raw_twin_builds_the_same_variables():
  # One unit per stage (the bench's net has 3, 4, 6, 3; the code is shared).
  got = _facts(
      lambda x: v1_layers_net.build(v1_layers, x, blocks=(1, 2, 1, 1)))
  raw = _facts(lambda x: v1_layers_net.build_raw(x, blocks=(1, 2, 1, 1)))
  assert got == raw
  assert got['updates'] == 2 * 20  # 20 batch norms, two moving averages
