"""Serving `slimcompat.v1_layers` as TensorFlow's TF1 layers module.

TensorFlow's own ``tf.compat.v1.layers`` is Keras 2 code: it works on
TF 2.12-2.15, and on later TensorFlow only with ``tf_keras`` installed and
``TF_USE_LEGACY_KERAS=1``; elsewhere each name raises "... is not available
with Keras 3".  `serve()` (called by `slimcompat.install()`, hence by
``slimcompat run``) puts slimcompat's module in its place where TensorFlow's
cannot work, and leaves TensorFlow's alone where it can.

The switch ``SLIMCOMPAT_V1_LAYERS`` (environment variable) overrides that:
``slimcompat`` serves slimcompat's module on every TensorFlow (a code base
then builds the same graph everywhere), ``tensorflow`` never serves it, and
``auto`` (or unset) is the default described above.
"""

import importlib
import os

from slimcompat import _module_swap

# TensorFlow is imported on first use, so that `choice()` can check the
# switch before `slimcompat run` imports it.

SWITCH = 'SLIMCOMPAT_V1_LAYERS'
_CHOICES = ('auto', 'slimcompat', 'tensorflow')
# Module names TensorFlow registers for its TF1 layers module.
_MODULE_NAMES = ('tensorflow.compat.v1.layers',
                 'tensorflow._api.v2.compat.v1.layers')
_saved = []  # (restore function) per change made by `serve`


def choice():
  """The value of the switch: 'auto', 'slimcompat' or 'tensorflow'."""
  value = os.environ.get(SWITCH, '').strip().lower() or 'auto'
  if value not in _CHOICES:
    raise ValueError('%s=%r is not understood; use one of %s (unset means '
                     'auto).' % (SWITCH, os.environ[SWITCH],
                                 ', '.join(_CHOICES)))
  return value


def tensorflow_layers_work():
  """Whether TensorFlow's own TF1 layers module can run here (decided
  without importing Keras)."""
  from slimcompat import _compat  # pylint: disable=import-outside-toplevel
  return _compat.tensorflow_keras2_runs()


def wanted():
  """Whether `serve()` would serve slimcompat's module now."""
  mode = choice()
  if mode == 'auto':
    return not tensorflow_layers_work()
  return mode == 'slimcompat'


def serve():
  """Makes ``tf.compat.v1.layers`` (and the module names TensorFlow uses
  for it) slimcompat's module when `wanted()`; returns whether it did.
  Calling it again changes nothing."""
  if _saved or not wanted():
    return bool(_saved)
  from slimcompat import _compat  # pylint: disable=import-outside-toplevel
  module = importlib.import_module('slimcompat.v1_layers')
  _module_swap.swap_in(module, 'layers', _compat.tf_v1_modules(),
                       _MODULE_NAMES, _saved)
  return True


def unserve():
  """Undoes `serve()`."""
  _module_swap.undo_all(_saved)


def served():
  return bool(_saved)
