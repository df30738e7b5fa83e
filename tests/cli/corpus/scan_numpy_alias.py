# Issue 25, pattern 2: NumPy's removed aliases (np.int, np.float) -- blocking
# under NumPy >= 1.24 for plain python; `slimcompat run --tf1` serves them
# where its runtime reads slimcompat/_legacy_python.py.
import numpy as np
import tensorflow as tf


def labels(count):
  return np.zeros([count], dtype=np.int)


def main(_):
  scale = np.float(2)
  print('OUT', labels(3).dtype, scale)


if __name__ == '__main__':
  tf.app.run()
