# The Python 2 half of a pair: Python 3 cannot even parse it.
import tensorflow as tf

print "graph has", len(tf.get_default_graph().get_operations()), "ops"
