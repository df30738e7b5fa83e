"""tf_slim.nets: published networks (AlexNet, Inception v1-v3, OverFeat, ResNet v1/v2, VGG).

The network modules load on first use (``slimcompat.nets.vgg``).
"""

import importlib

_MODULES = ('alexnet', 'inception', 'overfeat', 'resnet_utils', 'resnet_v1',
            'resnet_v2', 'vgg')

__all__ = list(_MODULES)


def __getattr__(name):
  if name in _MODULES:
    module = importlib.import_module('slimcompat.nets.' + name)
    globals()[name] = module
    return module
  raise AttributeError("module 'slimcompat.nets' has no attribute %r" % name)


def __dir__():
  return sorted(set(globals()) | set(_MODULES))
