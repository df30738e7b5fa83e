# Uses a contrib module slimcompat does not provide.
import tensorflow as tf

slim = tf.contrib.slim
cell = tf.contrib.grid_rnn.Grid2LSTMCell(4)
print('never printed', slim, cell)
