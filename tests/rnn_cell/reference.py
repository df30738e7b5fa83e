"""Where the expectations come from: TensorFlow's own TF1 cells, live, on
Keras-2 TensorFlow (2.12 to 2.15); the recorded files elsewhere."""

import importlib
import json
import os

import numpy as np

from slimcompat import _compat

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTATIONS_JSON = os.path.join(HERE, 'expectations.json')
EXPECTATIONS_NPZ = os.path.join(HERE, 'expectations.npz')


def native_cells():
  """TensorFlow's own ``tf.compat.v1.nn.rnn_cell`` where it runs, else
  None (even while slimcompat's is served in its place)."""
  if not _compat.tensorflow_keras2_runs():
    return None
  module = importlib.import_module('keras.layers.rnn.legacy_cells')
  wrappers = importlib.import_module('keras.layers.rnn.legacy_cell_wrappers')

  class Native:  # the names of the rnn_cell module, from where Keras 2 keeps them
    pass
  for source in (module, wrappers):
    for name in ('BasicLSTMCell', 'BasicRNNCell', 'DeviceWrapper',
                 'DropoutWrapper', 'GRUCell', 'LSTMCell', 'LSTMStateTuple',
                 'MultiRNNCell', 'RNNCell', 'ResidualWrapper'):
      if hasattr(source, name):
        setattr(Native, name, getattr(source, name))
  return Native


def load_recorded():
  """{case: (description, arrays)} as recorded on TF 2.12."""
  if not os.path.exists(EXPECTATIONS_JSON):
    return {}
  with open(EXPECTATIONS_JSON) as handle:
    descriptions = json.load(handle)['cases']
  arrays = np.load(EXPECTATIONS_NPZ)
  recorded = {}
  for name, desc in descriptions.items():
    prefix = name + '::'
    recorded[name] = (desc, {key[len(prefix):]: arrays[key]
                             for key in arrays.files
                             if key.startswith(prefix)})
  return recorded
