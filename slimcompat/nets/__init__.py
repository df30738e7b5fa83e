"""tf_slim.nets: published networks (AlexNet, Inception v1-v3, OverFeat, ResNet v1/v2, VGG).

The network modules load on first use (``slimcompat.nets.vgg``).
"""

import importlib as _importlib

_MODULES = ('alexnet', 'inception', 'overfeat', 'resnet_utils', 'resnet_v1',
            'resnet_v2', 'vgg')
# tf_slim.nets also carries these, imported there by its inception module.
_INCEPTION_PARTS = ('inception_v1', 'inception_v2', 'inception_v3')

__all__ = list(_MODULES)


def __getattr__(name):
  if name in _MODULES or name in _INCEPTION_PARTS:
    module = _importlib.import_module('slimcompat.nets.' + name)
    globals()[name] = module
    return module
  raise AttributeError("module 'slimcompat.nets' has no attribute %r" % name)


def __dir__():
  return sorted(set(globals()) | set(_MODULES) | set(_INCEPTION_PARTS))
