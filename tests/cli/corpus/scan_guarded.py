# A guarded contrib import that falls back: the script runs (without --tf1).
import tensorflow as tf

try:
  from tensorflow.contrib import learn
except ImportError:
  learn = None

x = tf.constant([1.0, 2.0])
print('OUT', learn is None, x.shape.as_list())
