# TF1 style: `from tensorflow.contrib import slim` plus contrib.framework names.
import sys

import tensorflow as tf
from tensorflow.contrib import slim
from tensorflow.contrib.framework import arg_scope, add_arg_scope


@add_arg_scope
def scaled(x, factor=1.0):
  return x * factor


with tf.Graph().as_default():
  with arg_scope([scaled], factor=3.0):
    y = scaled(tf.constant(2.0))
  with arg_scope([slim.model_variable], device='/cpu:0'):
    w = slim.model_variable('w', shape=[2])
  with tf.Session() as sess:
    print('OUT', sess.run(y), w.device, sys.argv[1:])
