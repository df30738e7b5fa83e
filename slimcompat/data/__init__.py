"""tf_slim.data: datasets, data providers, decoders and queue-based readers.

Like ``tf_slim.data`` the package itself defines nothing; its seven modules
(``dataset``, ``tfexample_decoder``, ``parallel_reader`` ...) are reached as
attributes after ``import slimcompat`` the way they are after ``import
tf_slim``, so each is imported here on first access instead of up front.
"""

import importlib as _importlib

_SUBMODULES = ('data_decoder', 'data_provider', 'dataset',
               'dataset_data_provider', 'parallel_reader', 'prefetch_queue',
               'tfexample_decoder')


def __getattr__(name):
  if name in _SUBMODULES:
    return _importlib.import_module(__name__ + '.' + name)
  raise AttributeError('module %r has no attribute %r' % (__name__, name))


def __dir__():
  return sorted(set(globals()) | set(_SUBMODULES))
