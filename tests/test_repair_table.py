"""The repair table (tests/_repair.py) restores what it claims to."""

import importlib
import os
import subprocess
import sys

import pytest

from tests import _repair


def _label(entry):
  return _repair._label(entry)


def test_apply_is_idempotent_and_reports():
  first = _repair.apply()
  assert _repair.apply() is first
  assert set(first) == {'repaired', 'missing'}
  labels = {_label(entry) for entry in _repair.TABLE}
  for item in first['repaired'] + first['missing']:
    assert item.split(' ')[0] in labels, item


MOVED = [e for e in _repair.TABLE
         if isinstance(e, _repair.MovedAttribute) and not e.test_code]
TEST_CODE_ONLY = [e for e in _repair.TABLE if getattr(e, 'test_code', False)]


@pytest.mark.parametrize('entry', MOVED, ids=[_label(e) for e in MOVED])
def test_every_moved_name_is_reachable_at_its_old_place(entry):
  _repair.apply()
  module = importlib.import_module(entry.old_module)
  old = getattr(module, entry.old_name)
  if _label(entry) in _repair.apply()['repaired']:
    new_module, _, new_name = entry.new.partition(':')
    assert old is getattr(importlib.import_module(new_module), new_name)


def test_repaired_names_work_in_a_graph():
  _repair.apply()
  from tensorflow.python.framework import ops
  from tensorflow.python.ops import array_ops
  from tensorflow.python.ops import control_flow_ops
  from tensorflow.python.ops import variable_scope
  from tensorflow.python.ops import variables
  import tensorflow.compat.v1 as tf

  with tf.Graph().as_default():
    stacked = array_ops.stack([tf.constant(1.0), tf.constant(2.0)])
    assert isinstance(stacked, ops.Tensor)
    assert len(array_ops.unstack(stacked)) == 2
    picked = control_flow_ops.cond(tf.constant(True), lambda: stacked[0],
                                   lambda: stacked[1])
    var = variable_scope.variable(3.0, name='v')
    assert variables.VariableV1 is tf.Variable and var.op.name == 'v'
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      assert sess.run(picked) == 1.0
      assert sess.run(var) == 3.0


def test_nose_stub_marks_functions_as_not_tests():
  _repair.apply()
  from nose.tools import nottest

  @nottest
  def helper():
    pass

  assert helper.__test__ is False


def test_only_legacy_keras_may_be_missing():
  missing = _repair.apply()['missing']
  assert all(item.startswith('tf_keras.') for item in missing), missing


def test_dumping_debug_hook_accepts_log_usage(tmp_path):
  _repair.apply()
  from tensorflow.python.debug.wrappers import hooks
  hook = hooks.DumpingDebugHook(str(tmp_path), log_usage=False)
  assert type(hook).__name__ == 'DumpingDebugHook'


def test_test_code_entries_stay_out_of_slimcompats_own_runs():
  report = _repair.apply()
  labels = {_label(entry) for entry in TEST_CODE_ONLY}
  assert TEST_CODE_ONLY
  assert not labels & set(report['repaired'] + report['missing'])


def test_test_code_entries_apply_for_the_upstream_files():
  # In a subprocess: this process must keep NumPy as it is.
  script = (
      'from tests import _repair\n'
      'import numpy as np\n'
      'r = _repair.apply(test_code=True)\n'
      'assert np.dtype(np.bool) == np.dtype(bool), np.bool\n'
      'assert np.object is object or np.dtype(np.object) == np.dtype(object)\n'
      'assert np.dtype(np.float) == np.dtype(float)\n'
      'assert not [m for m in r["missing"] if m.startswith("numpy")], r\n'
      'print("OK")\n')
  root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
  result = subprocess.run([sys.executable, '-c', script], cwd=root,
                          capture_output=True, text=True, check=False,
                          env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2'))
  assert result.returncode == 0 and 'OK' in result.stdout, (
      result.stdout[-2000:] + result.stderr[-2000:])
