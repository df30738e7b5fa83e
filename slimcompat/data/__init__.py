"""tf_slim.data: datasets, data providers, decoders and queue-based readers.

Like ``tf_slim.data`` the package itself defines nothing; its seven modules
(``dataset``, ``tfexample_decoder``, ``parallel_reader`` ...) are reached as
attributes after ``import slimcompat`` the way they are after ``import
tf_slim``, so each is imported here on first access instead of up front.
"""

from slimcompat._lazy import attribute_loader as _attribute_loader

_SUBMODULES = ('data_decoder', 'data_provider', 'dataset',
               'dataset_data_provider', 'parallel_reader', 'prefetch_queue',
               'tfexample_decoder')


__getattr__, __dir__ = _attribute_loader(
    __name__, {name: __name__ + '.' + name for name in _SUBMODULES},
    reference='tf_slim.data')
