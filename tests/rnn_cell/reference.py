"""Where the expectations come from: TensorFlow's own TF1 cells, live, on
Keras-2 TensorFlow (2.12 to 2.15); the recorded files elsewhere."""

import importlib
import json
import os

import numpy as np

from slimcompat import _compat

HERE = os.path.dirname(os.path.abspath(__file__))
# The cases also compared with TF's v2 behaviour off (what `slimcompat run`
# and TF1-era scripts do): reference variables and v1 control flow.
TF1_MODE_CASES = ('bidirectional', 'dropout_variational',
                  'lstm_peepholes_projection_clips', 'multi', 'raw')


def recorded_paths(tf1_mode=False):
  """(json, npz) paths of the recording, plain or with v2 behaviour off."""
  suffix = '_tf1_mode' if tf1_mode else ''
  return (os.path.join(HERE, 'expectations%s.json' % suffix),
          os.path.join(HERE, 'expectations%s.npz' % suffix))


def native_cells():
  """TensorFlow's own ``tf.compat.v1.nn.rnn_cell`` where it runs, else
  None (even while slimcompat's is served in its place)."""
  if not _compat.tensorflow_keras2_runs():
    return None
  module = _keras2_module('legacy_cells')
  wrappers = _keras2_module('legacy_cell_wrappers')

  class Native:  # the names of the rnn_cell module, from where Keras 2 keeps them
    pass
  for source in (module, wrappers):
    for name in ('BasicLSTMCell', 'BasicRNNCell', 'DeviceWrapper',
                 'DropoutWrapper', 'GRUCell', 'LSTMCell', 'LSTMStateTuple',
                 'MultiRNNCell', 'RNNCell', 'ResidualWrapper'):
      if hasattr(source, name):
        setattr(Native, name, getattr(source, name))
  return Native


def _keras2_module(name):
  """A Keras-2 RNN module: ``keras.layers.rnn`` on 2.12, ``keras.src...``
  from 2.13, ``tf_keras.src...`` where tf_keras stands in."""
  for package in ('keras.src', 'keras', 'tf_keras.src'):
    try:
      return importlib.import_module('%s.layers.rnn.%s' % (package, name))
    except ImportError:
      continue
  raise ImportError('no Keras-2 module layers.rnn.%s' % name)


def load_recorded(tf1_mode=False):
  """{case: (description, arrays)} as recorded on TF 2.12."""
  json_path, npz_path = recorded_paths(tf1_mode)
  if not os.path.exists(json_path):
    return {}
  with open(json_path) as handle:
    descriptions = json.load(handle)['cases']
  arrays = np.load(npz_path)
  recorded = {}
  for name, desc in descriptions.items():
    prefix = name + '::'
    recorded[name] = (desc, {key[len(prefix):]: arrays[key]
                             for key in arrays.files
                             if key.startswith(prefix)})
  return recorded
