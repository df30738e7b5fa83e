"""Stand-in for ``tensorflow.contrib`` while `slimcompat.install()` is in force.

Only the parts slim code relies on are served: ``contrib.slim`` (slimcompat
itself), ``contrib.framework`` and ``contrib.layers`` (the names slim
provides).  Any other contrib module raises an AttributeError that names it.
"""

import importlib

from slimcompat.contrib._missing import missing_name_error

_SERVED = {
    'slim': 'slimcompat',
    'framework': 'slimcompat.contrib.framework',
    'layers': 'slimcompat.contrib.layers',
}


def __getattr__(name):
  if name in _SERVED:
    return importlib.import_module(_SERVED[name])
  raise missing_name_error('tf.contrib', name)


def __dir__():
  return sorted(_SERVED)
