"""Serving `slimcompat.rnn_cell` as TensorFlow's ``tf.compat.v1.nn.rnn_cell``.

TensorFlow's own TF1 cells are Keras 2 code, like its TF1 layers: they run
on TF 2.12-2.15, and later only with ``tf_keras`` and
``TF_USE_LEGACY_KERAS=1``.  `serve()` (called by `slimcompat.install()`,
hence by ``slimcompat run``; under ``run --tf1`` ``tf.nn.rnn_cell`` is the
same module) puts slimcompat's cells in their place exactly when the TF1
layers are served: one switch, ``SLIMCOMPAT_V1_LAYERS`` (``auto``,
``slimcompat`` or ``tensorflow``), decides both (see
`slimcompat.v1_layers._serve`).
"""

import importlib
import sys

from slimcompat import _compat
from slimcompat import _module_swap
from slimcompat.v1_layers import _serve as _layers_serve

# Module names TensorFlow registers for its TF1 rnn_cell module.
_MODULE_NAMES = ('tensorflow.compat.v1.nn.rnn_cell',
                 'tensorflow._api.v2.compat.v1.nn.rnn_cell')
_NN_MODULE_NAMES = ('tensorflow.compat.v1.nn',
                    'tensorflow._api.v2.compat.v1.nn')
_saved = []  # (restore function) per change made by `serve`


def wanted():
  """Whether `serve()` would serve slimcompat's cells now (the TF1 layers'
  switch decides)."""
  return _layers_serve.wanted()


def _nn_modules():
  found = []
  for tf_module in _compat.tf_v1_modules():
    nn = vars(tf_module).get('nn')
    if nn is None:
      nn = getattr(tf_module, 'nn')
    found.append(nn)
  for name in _NN_MODULE_NAMES:
    if name in sys.modules:
      found.append(sys.modules[name])
  unique = []
  for module in found:
    if all(module is not seen for seen in unique):
      unique.append(module)
  return unique


def serve():
  """Makes ``tf.compat.v1.nn.rnn_cell`` (and the module names TensorFlow
  uses for it) slimcompat's module when `wanted()`; returns whether it did.
  Calling it again changes nothing."""
  if _saved or not wanted():
    return bool(_saved)
  module = importlib.import_module('slimcompat.rnn_cell')
  _module_swap.swap_in(module, 'rnn_cell', _nn_modules(), _MODULE_NAMES,
                       _saved)
  return True


def unserve():
  """Undoes `serve()`."""
  _module_swap.undo_all(_saved)


def served():
  return bool(_saved)
