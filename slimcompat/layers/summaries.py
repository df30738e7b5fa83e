"""tf_slim.layers.summaries: summaries of tensors, activations, collections.

The code lives in `_summaries.py`.
"""

from slimcompat.layers._summaries import *
from slimcompat.layers._summaries import __all__
