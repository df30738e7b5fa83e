# Uses a contrib module slimcompat does not provide.
import tensorflow as tf

slim = tf.contrib.slim
cell = tf.contrib.rnn.LSTMCell(4)
print('never printed', slim, cell)
