"""tf_slim.layers: the slim layers, initializers, regularizers, optimizers and summaries."""

from slimcompat.layers.bucketization_op import *
from slimcompat.layers.initializers import *
from slimcompat.layers.layers import *
from slimcompat.layers.normalization import *
from slimcompat.layers.optimizers import *
from slimcompat.layers.regularizers import *
from slimcompat.layers.rev_block_lib import *
from slimcompat.layers.summaries import *
