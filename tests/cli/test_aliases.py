"""slimcompat.install() / uninstall(): the legacy import names."""

import importlib
import sys

import pytest

import slimcompat
from slimcompat._compat import tf, tf2


def _reference_modules():
  return {name: module for name, module in sys.modules.items()
          if name == 'tf_slim' or name.startswith('tf_slim.')}


@pytest.fixture
def installed():
  # The parity tests may have imported the real reference in this process;
  # set it aside so the legacy name is served by slimcompat, then put it back.
  reference = _reference_modules()
  for name in reference:
    del sys.modules[name]
  slimcompat.install()
  yield
  slimcompat.uninstall()
  sys.modules.update(reference)


def test_import_slimcompat_installs_nothing():
  assert 'tf_slim' not in sys.modules or sys.modules['tf_slim'] is not slimcompat
  assert not hasattr(tf2, 'contrib') or 'contrib' not in vars(tf2)


def test_tf_slim_and_submodules_are_slimcompat(installed):
  tf_slim = importlib.import_module('tf_slim')
  assert tf_slim is slimcompat
  variables = importlib.import_module('tf_slim.ops.variables')
  assert variables is importlib.import_module('slimcompat.ops.variables')
  assert variables.__spec__.name == 'slimcompat.ops.variables'


def test_contrib_paths(installed):
  assert tf2.contrib.slim is slimcompat
  assert tf.contrib.slim is slimcompat
  framework = importlib.import_module('tensorflow.contrib.framework')
  assert framework.arg_scope is slimcompat.arg_scope
  assert framework.model_variable is slimcompat.model_variable
  arg_scope_module = importlib.import_module(
      'tensorflow.contrib.framework.python.ops.arg_scope')
  assert arg_scope_module is slimcompat.ops.arg_scope
  learning = importlib.import_module('tensorflow.contrib.slim.python.slim.learning')
  assert learning is importlib.import_module('slimcompat.learning')


def test_missing_contrib_names_say_so(installed):
  with pytest.raises(AttributeError, match='tf.contrib.grid_rnn is not provided'):
    tf2.contrib.grid_rnn  # pylint: disable=pointless-statement
  with pytest.raises(ImportError, match='tensorflow.contrib.grid_rnn is not provided'):
    importlib.import_module('tensorflow.contrib.grid_rnn')
  framework = importlib.import_module('tensorflow.contrib.framework')
  with pytest.raises(AttributeError, match='contrib.framework.nest'):
    framework.nest  # pylint: disable=pointless-statement


def test_uninstall_removes_everything(installed):
  slimcompat.install()
  slimcompat.install()
  importlib.import_module('tf_slim.ops.arg_scope')
  slimcompat.uninstall()
  assert not _reference_modules()
  assert 'contrib' not in vars(tf2)
  with pytest.raises(ImportError):
    importlib.import_module('tensorflow.contrib.slim')
