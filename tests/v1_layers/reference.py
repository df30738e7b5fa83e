"""Where the expectations come from: TensorFlow's own TF1 layers, live, on
Keras-2 TensorFlow (2.12 to 2.15); the recorded files elsewhere."""

import inspect
import json
import os

import numpy as np

from slimcompat._compat import tf
from slimcompat.v1_layers import _serve

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTATIONS_JSON = os.path.join(HERE, 'expectations.json')
EXPECTATIONS_NPZ = os.path.join(HERE, 'expectations.npz')
# The cases also compared with TF's v2 behaviour off (what `slimcompat run`
# and TF1-era scripts do): reference variables and v1 control flow.
TF1_MODE_CASES = ('batch_norm_training_tensor', 'batch_norm_renorm',
                  'batch_norm_training_fused', 'conv2d_full_options',
                  'dropout_variants', 'auto_reuse_scope', 'subclassed_layer',
                  'separable_conv2d_variants', 'flatten_variants')


SIGNATURES_JSON = os.path.join(HERE, 'signatures.json')


def public_names(module):
  return sorted(n for n in dir(module) if not n.startswith('_') and
                n != 'experimental' and not inspect.ismodule(
                    getattr(module, n)))


def signatures(module):
  """{public name: its signature as text, defaults by class name}."""
  found = {}
  for name in public_names(module):
    value = getattr(module, name)
    target = value.__init__ if inspect.isclass(value) else value
    params = []
    for param in inspect.signature(target).parameters.values():
      text = param.name if param.kind != param.VAR_KEYWORD else '**' + (
          param.name)
      if param.default is not param.empty:
        default = param.default
        if not isinstance(default, (int, float, str, tuple, type(None))):
          default = type(default).__name__
        text += '=%r' % (default,)
      params.append(text)
    found[name] = '(%s)' % ', '.join(params)
  return found


def recorded_paths(tf1_mode=False):
  if not tf1_mode:
    return EXPECTATIONS_JSON, EXPECTATIONS_NPZ
  return (EXPECTATIONS_JSON.replace('.json', '_tf1_mode.json'),
          EXPECTATIONS_NPZ.replace('.npz', '_tf1_mode.npz'))


def native_layers():
  """TensorFlow's own module, or None where it cannot work (Keras 3
  without tf_keras and TF_USE_LEGACY_KERAS=1)."""
  if not _serve.tensorflow_layers_work():
    return None
  return tf.layers


def load_recorded(tf1_mode=False):
  """{case: (description, arrays)} recorded by `record_expectations.py`."""
  json_path, npz_path = recorded_paths(tf1_mode)
  with open(json_path) as handle:
    descriptions = json.load(handle)['cases']
  arrays = {}
  with np.load(npz_path) as data:
    for key in data.files:
      name, _, rest = key.partition('::')
      arrays.setdefault(name, {})[rest] = data[key]
  return {name: (desc, arrays.get(name, {}))
          for name, desc in descriptions.items()}
