"""Stand-in for TF 1.x's ``tensorflow.contrib.layers.python.layers`` package:
every slim layer name (its ``__init__`` star-imported them) and the
submodules slim's names live in."""

from slimcompat.layers import *
from slimcompat.contrib import layers_layers as layers
from slimcompat.contrib._keep_names import keep_names
from slimcompat.layers import initializers
from slimcompat.layers import normalization
from slimcompat.layers import optimizers
from slimcompat.layers import regularizers
from slimcompat.layers import rev_block_lib
from slimcompat.layers import summaries
from slimcompat.layers import utils

keep_names(__name__)
# A package to the import system, so that `from ... import x` of a refused
# TF 1.x submodule reaches the alias finder and gets its hinted error.
__path__ = []
