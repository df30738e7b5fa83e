"""`slimcompat.install()` serves the TF1 layers module where TensorFlow's
cannot run (Keras 3 without legacy tf_keras), keeps TensorFlow's where it
can, and SLIMCOMPAT_V1_LAYERS overrides that; `uninstall()` undoes it."""

import importlib
import sys

import pytest

import slimcompat
import slimcompat.v1_layers as v1_layers
from slimcompat import _compat
from slimcompat.v1_layers import _serve


@pytest.fixture
def clean():
  slimcompat.uninstall()
  yield
  slimcompat.uninstall()
  assert vars(_compat.tf).get('layers') is not v1_layers


def served_everywhere():
  import tensorflow
  from tensorflow.compat.v1.layers import dense
  module = importlib.import_module('tensorflow.compat.v1.layers')
  return (tensorflow.compat.v1.layers is v1_layers and
          _compat.tf.layers is v1_layers and module is v1_layers and
          dense is v1_layers.dense)


def test_default_serves_only_where_tensorflow_cannot(clean, monkeypatch):
  del clean
  monkeypatch.delenv(_serve.SWITCH, raising=False)
  monkeypatch.delenv('TF_USE_LEGACY_KERAS', raising=False)
  slimcompat.install()
  if _compat.KERAS3_ERA:
    assert served_everywhere()
  else:
    assert not _serve.served()
    assert _compat.tf.layers is not v1_layers
    assert 'keras' in type(_compat.tf.layers).__module__ + repr(
        _compat.tf.layers)
  slimcompat.uninstall()
  assert not _serve.served()
  assert sys.modules.get('tensorflow.compat.v1.layers') is not v1_layers
  assert vars(_compat.tf).get('layers') is not v1_layers


def test_switch_forces_slimcompat_everywhere(clean, monkeypatch):
  del clean
  monkeypatch.setenv(_serve.SWITCH, 'slimcompat')
  slimcompat.install()
  slimcompat.install()  # a second call changes nothing
  assert served_everywhere()
  slimcompat.uninstall()
  assert vars(_compat.tf).get('layers') is not v1_layers


def test_switch_keeps_tensorflow(clean, monkeypatch):
  del clean
  monkeypatch.setenv(_serve.SWITCH, 'tensorflow')
  slimcompat.install()
  assert not _serve.served()
  assert vars(_compat.tf).get('layers') is not v1_layers


def test_legacy_keras_counts_only_with_tf_keras(monkeypatch):
  monkeypatch.setenv('TF_USE_LEGACY_KERAS', '1')
  has_tf_keras = importlib.util.find_spec('tf_keras') is not None
  assert _serve.tensorflow_layers_work() == (not _compat.KERAS3_ERA or
                                             has_tf_keras)


def test_bad_switch_value_says_what_is_allowed(clean, monkeypatch):
  del clean
  monkeypatch.setenv(_serve.SWITCH, 'keras')
  with pytest.raises(ValueError, match='slimcompat, tensorflow'):
    _serve.serve()
  assert not _serve.served()
