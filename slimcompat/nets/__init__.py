"""tf_slim.nets: published networks (AlexNet, Inception v1-v3, OverFeat, ResNet v1/v2, VGG).

The network modules load on first use (``slimcompat.nets.vgg``).
"""

from slimcompat._lazy import attribute_loader as _attribute_loader

_MODULES = ('alexnet', 'inception', 'overfeat', 'resnet_utils', 'resnet_v1',
            'resnet_v2', 'vgg')
# tf_slim.nets also carries these, imported there by its inception module.
_INCEPTION_PARTS = ('inception_v1', 'inception_v2', 'inception_v3')

__all__ = list(_MODULES)


__getattr__, __dir__ = _attribute_loader(
    __name__, {name: __name__ + '.' + name
               for name in _MODULES + _INCEPTION_PARTS},
    reference='tf_slim.nets')
