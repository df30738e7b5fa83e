# A library module of the tree: an unguarded unserved contrib import.
import tensorflow as tf
from tensorflow.contrib.learn import ModeKeys


def build():
  return tf.constant(1.0), ModeKeys
