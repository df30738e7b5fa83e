"""The TF 1.x layers API (``tf.compat.v1.layers``), without Keras.

Functions and classes with TF 1.x's names, arguments, defaults, variable
names, scopes and collections, built on public ``tf.compat.v1`` ops.  On
Keras-3 TensorFlow, where TensorFlow's own module refuses to work,
`slimcompat.install()` and ``slimcompat run`` serve this module as
``tf.compat.v1.layers`` (see ``slimcompat.v1_layers._serve``).
"""

from slimcompat.v1_layers._base import Layer
from slimcompat.v1_layers._input_spec import InputSpec
from slimcompat.v1_layers._conv import Conv1D, Conv2D, Conv3D
from slimcompat.v1_layers._conv import Conv2DTranspose, Conv3DTranspose
from slimcompat.v1_layers._conv_functions import conv1d, conv2d, conv3d
from slimcompat.v1_layers._conv_functions import conv2d_transpose
from slimcompat.v1_layers._conv_functions import conv3d_transpose
from slimcompat.v1_layers._separable import SeparableConv1D, SeparableConv2D
from slimcompat.v1_layers._separable import separable_conv1d
from slimcompat.v1_layers._separable import separable_conv2d
from slimcompat.v1_layers._core import Dense, Dropout, Flatten
from slimcompat.v1_layers._core import dense, dropout, flatten
from slimcompat.v1_layers._normalization import BatchNormalization
from slimcompat.v1_layers._normalization import batch_normalization
from slimcompat.v1_layers._pooling import AveragePooling1D, AveragePooling2D
from slimcompat.v1_layers._pooling import AveragePooling3D
from slimcompat.v1_layers._pooling import MaxPooling1D, MaxPooling2D
from slimcompat.v1_layers._pooling import MaxPooling3D
from slimcompat.v1_layers._pooling import average_pooling1d
from slimcompat.v1_layers._pooling import average_pooling2d
from slimcompat.v1_layers._pooling import average_pooling3d
from slimcompat.v1_layers._pooling import max_pooling1d, max_pooling2d
from slimcompat.v1_layers._pooling import max_pooling3d

__all__ = [
    'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
    'BatchNormalization', 'Conv1D', 'Conv2D', 'Conv2DTranspose', 'Conv3D',
    'Conv3DTranspose', 'Dense', 'Dropout', 'Flatten', 'InputSpec', 'Layer',
    'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'SeparableConv1D',
    'SeparableConv2D', 'average_pooling1d', 'average_pooling2d',
    'average_pooling3d', 'batch_normalization', 'conv1d', 'conv2d',
    'conv2d_transpose', 'conv3d', 'conv3d_transpose', 'dense', 'dropout',
    'flatten', 'max_pooling1d', 'max_pooling2d', 'max_pooling3d',
    'separable_conv1d', 'separable_conv2d',
]
