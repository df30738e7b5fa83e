# An unguarded import of a contrib module slimcompat does not serve: the script
# dies at import, on that line.
import tensorflow as tf
from tensorflow.contrib import learn

print('never printed', tf, learn)
