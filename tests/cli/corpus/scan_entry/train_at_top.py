# Issue 25, pattern 6: a script with no __main__ guard that does its work at
# module level (a session run), and imports a library with a self-test.
# expect: runs
import tensorflow as tf

import shapes

total = tf.reduce_sum(tf.constant(shapes.SIZES))
sess = tf.Session()
print('OUT', sess.run(total))
