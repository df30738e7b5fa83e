# Pattern 6: a Python 2 script (print statement) is an entry point.
# expect: fails-at-import
import tensorflow as tf

print "training", tf.__version__
