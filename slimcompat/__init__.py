"""slimcompat: the TF-Slim API on public ``tf.compat.v1``, for TensorFlow 2.12-2.21.

``import slimcompat as slim`` gives the namespace of ``import tf_slim as slim``.
Every part that needs TensorFlow loads on first use, so ``import slimcompat``
itself does not import TensorFlow (the ``slimcompat`` command answers
``--help`` and usage errors at once).  To let
unchanged legacy code ``import tf_slim`` or use ``tf.contrib.slim``, call
`slimcompat.install()`; importing slimcompat alone installs nothing.
"""

import importlib as _importlib

from slimcompat._lazy_names import LAYER_NAMES as _LAYER_NAMES
from slimcompat._lazy_names import VARIABLE_NAMES as _VARIABLE_NAMES
from slimcompat._aliases import install, uninstall
from slimcompat._lazy import attribute_loader as _attribute_loader

__version__ = '0.1.0'

# tf_slim binds its arg_scope module and these functions of it at top level.
_ARG_SCOPE_NAMES = ('arg_scope', 'add_arg_scope', 'current_arg_scope',
                    'has_arg_scope', 'arg_scoped_arguments',
                    'arg_scope_func_key')

# Attribute name -> module it stands for, imported on first access.
_LAZY_MODULES = {
    'data_decoder': 'slimcompat.data.data_decoder',
    'data_provider': 'slimcompat.data.data_provider',
    'dataset': 'slimcompat.data.dataset',
    'dataset_data_provider': 'slimcompat.data.dataset_data_provider',
    'parallel_reader': 'slimcompat.data.parallel_reader',
    'prefetch_queue': 'slimcompat.data.prefetch_queue',
    'tfexample_decoder': 'slimcompat.data.tfexample_decoder',
    'arg_scope_lib': 'slimcompat.ops.arg_scope',
    'evaluation': 'slimcompat.evaluation',
    'learning': 'slimcompat.learning',
    'losses': 'slimcompat.losses',
    'metrics': 'slimcompat.metrics',
    'model_analyzer': 'slimcompat.model_analyzer',
    'queues': 'slimcompat.queues',
    'summaries': 'slimcompat.summaries',
    'train_eval': 'slimcompat.training.evaluation',
    'training': 'slimcompat.training.training',
    'nets': 'slimcompat.nets',
    'layers': 'slimcompat.layers',
    'data': 'slimcompat.data',
    # tf_slim star-imports its layers package, which carries these submodules.
    'bucketization_op': 'slimcompat.layers.bucketization_op',
    'initializers': 'slimcompat.layers.initializers',
    'normalization': 'slimcompat.layers.normalization',
    'optimizers': 'slimcompat.layers.optimizers',
    'regularizers': 'slimcompat.layers.regularizers',
    'rev_block_lib': 'slimcompat.layers.rev_block_lib',
    'utils': 'slimcompat.layers.utils',
}


# Modules tf_slim 1.1.0 exposes by accident (its star imports leak TF-private
# modules and __future__ features), which legacy code still reaches, e.g.
# ``slim.init_ops.zeros_initializer()``: name -> (module, attribute path),
# all public (tf.compat.v1 namespaces) or standard library.
_TF1_LEFTOVERS = {
    'absolute_import': ('__future__', 'absolute_import'),
    'array_ops': ('tensorflow.compat.v1', ''),
    'check_ops': ('tensorflow.compat.v1', ''),
    'clip_ops': ('tensorflow.compat.v1', ''),
    'control_flow_ops': ('tensorflow.compat.v1', ''),
    'division': ('__future__', 'division'),
    'dtypes': ('tensorflow.compat.v1', 'dtypes'),
    'init_ops': ('tensorflow.compat.v1', ''),
    'math_ops': ('tensorflow.compat.v1', ''),
    'moving_averages': ('tensorflow.compat.v1', 'train'),
    'optimizer_': ('tensorflow.compat.v1', 'train'),
    'print_function': ('__future__', 'print_function'),
    'random_ops': ('tensorflow.compat.v1', ''),
    'six': ('six', ''),
    'summary': ('tensorflow.compat.v1', 'summary'),
    'train': ('tensorflow.compat.v1', 'train'),
    'vars_': ('tensorflow.compat.v1', ''),
    'vs': ('tensorflow.compat.v1', ''),
}


def _leftover(name):
  module_name, path = _TF1_LEFTOVERS[name]
  if module_name == 'tensorflow.compat.v1':
    # The very module slimcompat (and `run --tf1`) uses.
    value = _importlib.import_module('slimcompat._compat').tf
  else:
    value = _importlib.import_module(module_name)
  for part in filter(None, path.split('.')):
    value = getattr(value, part)
  return value


# The TF2 bridge (not a tf_slim name): attribute -> module defining it.
_BRIDGE_NAMES = {
    'track_tf1_style_variables': 'slimcompat._bridge._decorator',
    'SlimModule': 'slimcompat._bridge._module',
    'SlimLayer': 'slimcompat._bridge._slim_layer',
    'load_tf1_checkpoint': 'slimcompat._bridge._checkpoint',
}


def _homes():
  # Lowest precedence first: a later table wins a name two tables have.
  homes = {name: ('slimcompat.layers', name) for name in _LAYER_NAMES}
  # ops.variables raises slimcompat's ImportError that explains a missing
  # TensorFlow.
  homes.update({name: ('slimcompat.ops.variables', name)
                for name in _VARIABLE_NAMES})
  homes.update({name: ('slimcompat.ops.arg_scope', name)
                for name in _ARG_SCOPE_NAMES})
  homes.update(_LAZY_MODULES)
  homes.update({name: (module, name) for name, module in _BRIDGE_NAMES.items()})
  for name in _TF1_LEFTOVERS:
    homes.pop(name, None)  # served by `_leftover`
  return homes


__getattr__, __dir__ = _attribute_loader(
    __name__, _homes(), fallback=_leftover, fallback_names=_TF1_LEFTOVERS,
    reference='tf_slim')

# `from tf_slim import *` bound every public name of tf_slim's package (it has
# no __all__); listing the lazy names keeps that working here (each is loaded
# by the star import).  Not the bridge names (not tf_slim's), nor the
# `__future__` / `six` leftovers.
_STAR_NAMES = sorted(
    (set(_homes()) | set(_TF1_LEFTOVERS) | {'install', 'uninstall'})
    - set(_BRIDGE_NAMES) - {'absolute_import', 'division', 'print_function',
                            'six'})
__all__ = _STAR_NAMES  # noqa: PLE0605
