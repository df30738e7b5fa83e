"""tf_slim.layers.layers: gathers the slim layers from their one-concept files.

Users import ``slimcompat.layers.layers.conv2d`` exactly as they imported
``tf_slim.layers.layers.conv2d``; the code lives in the files named below.
"""

# pylint: disable=wildcard-import,unused-wildcard-import
from slimcompat.layers._utils import DATA_FORMAT_NCDHW
from slimcompat.layers._utils import DATA_FORMAT_NCHW
from slimcompat.layers._utils import DATA_FORMAT_NDHWC
from slimcompat.layers._utils import DATA_FORMAT_NHWC
from slimcompat.layers.activations import *
from slimcompat.layers.batch_normalization import *
from slimcompat.layers.bias import *
from slimcompat.layers.composition import *
from slimcompat.layers.conv_transpose import *
from slimcompat.layers.conv import *
from slimcompat.layers.dense import *
from slimcompat.layers.dropout_layer import *
from slimcompat.layers.legacy import *
from slimcompat.layers.norms import *
from slimcompat.layers.pooling import *
from slimcompat.layers.reshape import *
from slimcompat.layers.separable import *

_REFERENCE_ORDER = [
    'avg_pool2d', 'avg_pool3d', 'batch_norm', 'bias_add', 'conv1d', 'conv2d',
    'conv3d', 'conv2d_in_plane', 'conv2d_transpose', 'conv3d_transpose',
    'convolution', 'convolution1d', 'convolution2d', 'convolution2d_in_plane',
    'convolution2d_transpose', 'convolution3d', 'convolution3d_transpose',
    'dense_to_sparse', 'dropout', 'elu', 'flatten', 'fully_connected', 'GDN',
    'gdn', 'images_to_sequence', 'layer_norm', 'linear', 'pool', 'max_pool2d',
    'max_pool3d', 'one_hot_encoding', 'relu', 'relu6', 'repeat',
    'scale_gradient', 'separable_conv2d', 'separable_convolution2d',
    'sequence_to_images', 'softmax', 'spatial_softmax', 'stack', 'unit_norm',
    'legacy_fully_connected', 'legacy_linear', 'legacy_relu', 'maxout'
]
# While the layer files are being written some names may still be missing;
# the surface test (tests/test_surface.py) reports every one of them.
__all__ = [name for name in _REFERENCE_ORDER if name in globals()]

# Private in tf-slim too, but its own tests (PartialFlattenTest) reach it here.
from slimcompat.layers.reshape import _inner_flatten  # pylint: disable=g-import-not-at-top,unused-import
