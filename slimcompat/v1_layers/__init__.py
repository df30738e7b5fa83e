"""The TF 1.x layers API (``tf.compat.v1.layers``), without Keras.

Functions and classes with TF 1.x's names, arguments, defaults, variable
names, scopes and collections, built on public ``tf.compat.v1`` ops.  On
Keras-3 TensorFlow, where TensorFlow's own module refuses to work,
`slimcompat.install()` and ``slimcompat run`` serve this module as
``tf.compat.v1.layers`` (see ``slimcompat.v1_layers._serve``).
"""

from slimcompat._lazy import attribute_loader as _attribute_loader

# Public name -> the private module that holds it.  Loaded on first access,
# so that slim layers using one part (batch norm's shared steps, RevBlock's
# base class) do not import every TF1 layer with it.
_HOMES = {
    'Layer': '_base',
    'InputSpec': '_input_spec',
    'Conv1D': '_conv',
    'Conv2D': '_conv',
    'Conv3D': '_conv',
    'Conv2DTranspose': '_conv',
    'Conv3DTranspose': '_conv',
    'conv1d': '_conv_functions',
    'conv2d': '_conv_functions',
    'conv3d': '_conv_functions',
    'conv2d_transpose': '_conv_functions',
    'conv3d_transpose': '_conv_functions',
    'SeparableConv1D': '_separable',
    'SeparableConv2D': '_separable',
    'separable_conv1d': '_separable',
    'separable_conv2d': '_separable',
    'Dense': '_core',
    'Dropout': '_core',
    'Flatten': '_core',
    'dense': '_core',
    'dropout': '_core',
    'flatten': '_core',
    'BatchNormalization': '_normalization',
    'batch_normalization': '_normalization',
    'AveragePooling1D': '_pooling',
    'AveragePooling2D': '_pooling',
    'AveragePooling3D': '_pooling',
    'MaxPooling1D': '_pooling',
    'MaxPooling2D': '_pooling',
    'MaxPooling3D': '_pooling',
    'average_pooling1d': '_pooling',
    'average_pooling2d': '_pooling',
    'average_pooling3d': '_pooling',
    'max_pooling1d': '_pooling',
    'max_pooling2d': '_pooling',
    'max_pooling3d': '_pooling',
}

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


__getattr__, __dir__ = _attribute_loader(
    __name__, {name: (__name__ + '.' + home, name)
               for name, home in _HOMES.items()},
    reference='tf.compat.v1.layers')
