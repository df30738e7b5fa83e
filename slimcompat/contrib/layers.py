"""Stand-in for ``tensorflow.contrib.layers``: slim's layers, initializers,
regularizers, optimizers and summaries."""

from slimcompat.layers import *
from slimcompat.layers import utils
from slimcompat.contrib._missing import missing_name_error


def __getattr__(name):
  raise missing_name_error('tf.contrib.layers', name)
