"""tf_slim.layers.layers: the slim layers, gathered from their one-concept files.

Users import ``slimcompat.layers.layers.conv2d`` exactly as they imported
``tf_slim.layers.layers.conv2d``; the code lives in the private files
imported below.
"""

from slimcompat.layers._activations import *
from slimcompat.layers._argcheck import DATA_FORMAT_NCDHW
from slimcompat.layers._argcheck import DATA_FORMAT_NCHW
from slimcompat.layers._argcheck import DATA_FORMAT_NDHWC
from slimcompat.layers._argcheck import DATA_FORMAT_NHWC
from slimcompat.layers._batch_norm import *
from slimcompat.layers._bias_add import *
from slimcompat.layers._composition import *
from slimcompat.layers._conv import *
from slimcompat.layers._conv_transpose import *
from slimcompat.layers._dropout import *
from slimcompat.layers._fully_connected import *
from slimcompat.layers._gdn import *
from slimcompat.layers._layer_norm import *
from slimcompat.layers._legacy_fully_connected import *
from slimcompat.layers._pooling import *
from slimcompat.layers._reshape import *
# Private in tf-slim too, but its own tests (PartialFlattenTest) reach it here.
from slimcompat.layers._reshape import _inner_flatten
from slimcompat.layers._separable_conv import *
from slimcompat.layers._unit_norm import *

# tf-slim's own list, in its order (a missing name fails the import).
__all__ = [
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
