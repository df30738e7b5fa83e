"""slimcompat.rnn_cell against TensorFlow's own TF1 cells, case by case.

On Keras-2 TensorFlow (2.12-2.15) each case of `cases.py` is built with both
and compared live; on Keras-3 TensorFlow, where TensorFlow's own cells refuse
to run, with what TF 2.12's recorded (`record_expectations.py`).  Compared:
variable names, shapes, dtypes, trainable flags and initial values under a
graph seed; the cells' names, state/output sizes and weight lists; outputs
and final states of dynamic_rnn / bidirectional_dynamic_rnn / static_rnn /
raw_rnn over sequences of unequal length; gradients (atol 1e-5).
"""

import json

import pytest

import slimcompat.rnn_cell as rnn_cell
from tests.rnn_cell import cases, harness, reference

NATIVE = reference.native_cells()
RECORDED = reference.load_recorded()


def expected(name):
  if NATIVE is not None:
    return harness.describe(cases.CASES[name], NATIVE)
  return _json_round_trip(RECORDED[name])


def _json_round_trip(recorded):
  desc, arrays = recorded
  return json.loads(json.dumps(desc)), arrays


@pytest.mark.parametrize('name', sorted(cases.CASES))
def test_case_matches_reference(name):
  desc, arrays = harness.describe(cases.CASES[name], rnn_cell)
  harness.assert_same((json.loads(json.dumps(desc)), arrays),
                      _json_round_trip(expected(name)))


def test_every_case_was_recorded():
  assert sorted(RECORDED) == sorted(cases.CASES)


@pytest.mark.skipif(NATIVE is None, reason="needs TF's own TF1 cells")
def test_recording_is_current():
  for name in ('lstm_peepholes_projection_clips',):
    harness.assert_same(_json_round_trip(RECORDED[name]),
                        _json_round_trip(expected(name)))
