# The network of pattern 1: a layer registry decorator, and a method that uses
# a tf.contrib module slimcompat does not serve.
import tensorflow as tf

LAYERS = {}


def layer(op):
  LAYERS[op.__name__] = op
  return op


class Network(object):

  @layer
  def summaries(self):
    return tf.contrib.graph_editor.reroute_ts([], [])
