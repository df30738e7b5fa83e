"""The public surface of `slimcompat.rnn_cell`: TF 1.15's ``tf.nn.rnn_cell``
names and nothing else, with the constructor signatures of TensorFlow's own
cells (compared live where they run)."""

import inspect

import pytest

import slimcompat.rnn_cell as rnn_cell
from tests.rnn_cell import reference

# tf.nn.rnn_cell in TF 1.15's API reference.
TF115_NAMES = ['BasicLSTMCell', 'BasicRNNCell', 'DeviceWrapper',
               'DropoutWrapper', 'GRUCell', 'LSTMCell', 'LSTMStateTuple',
               'MultiRNNCell', 'RNNCell', 'ResidualWrapper']

NATIVE = reference.native_cells()


def test_public_names_are_tf1s():
  public = sorted(n for n in dir(rnn_cell) if not n.startswith('_'))
  assert public == TF115_NAMES
  assert sorted(rnn_cell.__all__) == TF115_NAMES


def _parameters(cls):
  if issubclass(cls, tuple):
    return list(cls._fields)
  target = cls.__init__
  return [(p.name, p.kind, p.default) for p in
          inspect.signature(target).parameters.values()]


@pytest.mark.skipif(NATIVE is None, reason="needs TF's own TF1 cells")
@pytest.mark.parametrize('name', TF115_NAMES)
def test_signatures_match_tensorflow(name):
  assert _parameters(getattr(rnn_cell, name)) == _parameters(
      getattr(NATIVE, name))


def test_lstm_signature_defaults():
  # TF 1.15's documented defaults, on every TensorFlow.
  params = inspect.signature(rnn_cell.LSTMCell).parameters
  assert [(n, p.default) for n, p in params.items()][:11] == [
      ('num_units', inspect.Parameter.empty), ('use_peepholes', False),
      ('cell_clip', None), ('initializer', None), ('num_proj', None),
      ('proj_clip', None), ('num_unit_shards', None),
      ('num_proj_shards', None), ('forget_bias', 1.0),
      ('state_is_tuple', True), ('activation', None)]
