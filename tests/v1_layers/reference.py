"""Where the expectations come from: TensorFlow's own TF1 layers, live, on
Keras-2 TensorFlow (2.12 to 2.15); the recorded files elsewhere."""

import json
import os

import numpy as np

from slimcompat._compat import KERAS3_ERA, tf

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTATIONS_JSON = os.path.join(HERE, 'expectations.json')
EXPECTATIONS_NPZ = os.path.join(HERE, 'expectations.npz')


def native_layers():
  """TensorFlow's own module, or None where it cannot work (Keras 3)."""
  if KERAS3_ERA:
    return None
  return tf.layers


def load_recorded():
  """{case: (description, arrays)} recorded by `record_expectations.py`."""
  with open(EXPECTATIONS_JSON) as handle:
    descriptions = json.load(handle)['cases']
  arrays = {}
  with np.load(EXPECTATIONS_NPZ) as data:
    for key in data.files:
      name, _, rest = key.partition('::')
      arrays.setdefault(name, {})[rest] = data[key]
  return {name: (desc, arrays.get(name, {}))
          for name, desc in descriptions.items()}
