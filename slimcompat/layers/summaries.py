"""tf_slim.layers.summaries: summaries of tensors, activations, collections.

The code lives in `tensor_summaries.py`.
"""

# pylint: disable=wildcard-import
from slimcompat.layers.tensor_summaries import *
from slimcompat.layers.tensor_summaries import __all__
