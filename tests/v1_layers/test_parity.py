"""slimcompat.v1_layers against TensorFlow's own TF1 layers, case by case.

On Keras-2 TensorFlow (2.12-2.15) each case is built with both and compared
live; on Keras-3 TensorFlow, where TensorFlow's own refuses to run, it is
compared with what TF 2.12's recorded (`record_expectations.py`).  Compared:
output names/shapes/dtypes/values, gradients, variables (names, shapes,
dtypes, resource or not, collections), UPDATE_OPS names and their effect,
REGULARIZATION_LOSSES names and values, layer attributes, and for bad input
the exception class and that nothing was left in the graph.
"""

import warnings

import pytest

import slimcompat.v1_layers as v1_layers
from slimcompat._compat import tf
from tests.v1_layers import cases, harness, reference

NATIVE = reference.native_layers()
RECORDED = reference.load_recorded()


@pytest.fixture(autouse=True)
def _graph_mode():
  warnings.filterwarnings('ignore', message='.*is deprecated.*')
  if tf.executing_eagerly():
    tf.disable_eager_execution()
  yield


def expected(name):
  if NATIVE is not None:
    return harness.describe(cases.CASES[name], NATIVE)
  return RECORDED[name]


@pytest.mark.parametrize('name', sorted(cases.CASES))
def test_case_matches_reference(name):
  got = harness.describe(cases.CASES[name], v1_layers)
  harness.assert_same(got, expected(name))


@pytest.mark.parametrize('name', sorted(n for n in cases.CASES
                                        if n.startswith('error_')))
def test_errors_leave_nothing_behind(name):
  desc, _ = harness.describe(cases.CASES[name], v1_layers)
  assert 'error' in desc
  if name in ('error_variable_exists', 'error_input_spec_after_build'):
    return  # the first, valid, layer of these cases stays, as it should
  assert desc['variables_after_error'] == []


def test_every_case_was_recorded():
  assert sorted(RECORDED) == sorted(cases.CASES)


@pytest.mark.skipif(NATIVE is None, reason='needs TF\'s own TF1 layers')
def test_recording_is_current():
  # The recorded file must say what TF's own layers do now (else re-record).
  for name in ('conv2d_full_options', 'batch_norm_renorm', 'dropout_variants'):
    harness.assert_same(RECORDED[name], expected(name))
