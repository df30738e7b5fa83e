"""`slimcompat.install()` serves the TF1 cells as ``tf.compat.v1.nn.rnn_cell``
exactly where it serves the TF1 layers (one switch, SLIMCOMPAT_V1_LAYERS);
`uninstall()` undoes it."""

import importlib
import sys

import pytest

import slimcompat
import slimcompat.rnn_cell as rnn_cell
from slimcompat import _compat
from slimcompat.rnn_cell import _serve
from slimcompat.v1_layers import _serve as layers_serve


@pytest.fixture
def clean():
  slimcompat.uninstall()
  yield
  slimcompat.uninstall()
  assert vars(_compat.tf.nn).get('rnn_cell') is not rnn_cell


def served_everywhere():
  import tensorflow  # pylint: disable=import-outside-toplevel
  from tensorflow.compat.v1.nn.rnn_cell import LSTMCell  # pylint: disable=import-outside-toplevel
  module = importlib.import_module('tensorflow.compat.v1.nn.rnn_cell')
  return (tensorflow.compat.v1.nn.rnn_cell is rnn_cell and
          _compat.tf.nn.rnn_cell is rnn_cell and module is rnn_cell and
          LSTMCell is rnn_cell.LSTMCell)


def test_default_serves_only_where_tensorflow_cannot(clean, monkeypatch):
  del clean
  monkeypatch.delenv(layers_serve.SWITCH, raising=False)
  monkeypatch.delenv('TF_USE_LEGACY_KERAS', raising=False)
  slimcompat.install()
  assert _serve.served() == layers_serve.served() == _compat.KERAS3_ERA
  if _compat.KERAS3_ERA:
    assert served_everywhere()
  else:
    assert _compat.tf.nn.rnn_cell is not rnn_cell
  slimcompat.uninstall()
  assert not _serve.served()
  assert sys.modules.get('tensorflow.compat.v1.nn.rnn_cell') is not rnn_cell
  assert vars(_compat.tf.nn).get('rnn_cell') is not rnn_cell


def test_layers_switch_decides_for_the_cells_too(clean, monkeypatch):
  del clean
  monkeypatch.setenv(layers_serve.SWITCH, 'slimcompat')
  slimcompat.install()
  slimcompat.install()  # a second call changes nothing
  assert served_everywhere()
  slimcompat.uninstall()
  monkeypatch.setenv(layers_serve.SWITCH, 'tensorflow')
  slimcompat.install()
  assert not _serve.served()
  assert vars(_compat.tf.nn).get('rnn_cell') is not rnn_cell


def test_tensorflow_rnn_functions_take_the_served_cells(clean, monkeypatch):
  del clean
  monkeypatch.setenv(layers_serve.SWITCH, 'slimcompat')
  slimcompat.install()
  tf = _compat.tf
  with tf.Graph().as_default():
    cell = tf.nn.rnn_cell.MultiRNNCell(
        [tf.nn.rnn_cell.LSTMCell(3) for _ in range(2)])
    outputs, state = tf.nn.dynamic_rnn(
        cell, tf.zeros([2, 5, 4]), dtype=tf.float32)
    assert outputs.shape.as_list() == [2, 5, 3]
    assert isinstance(state[1], rnn_cell.LSTMStateTuple)
    assert [v.op.name for v in tf.trainable_variables()] == [
        'rnn/multi_rnn_cell/cell_0/lstm_cell/kernel',
        'rnn/multi_rnn_cell/cell_0/lstm_cell/bias',
        'rnn/multi_rnn_cell/cell_1/lstm_cell/kernel',
        'rnn/multi_rnn_cell/cell_1/lstm_cell/bias']
