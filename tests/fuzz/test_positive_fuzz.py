"""Positive differential fuzz: what the reference builds, slimcompat builds
alike.

Over a thousand seeded calls (`_positive_cases`, seed in every test id) of
the variable functions, the layers, losses, metrics, repeat, stack and
arg_scope, each with one or two arguments delivered as another valid type
(TF1 `Dimension`, NumPy scalars, `TensorShape` entries, tuples for lists and
the reverse, 0-d tensors, NumPy strings and bools, dtypes by name ...), are
built with slimcompat and with the reference tf-slim 1.1.0, each in a fresh
graph.  Wherever the reference builds a case, slimcompat must build it too,
with the same variables (names, shapes, dtypes), collections and outputs
(names, shapes, dtypes).  Cases the reference refuses are the bad-input
fuzz's business (`test_fuzz.py`) and are not compared here; neither are
those it cannot run at all (an ImportError: from TensorFlow 2.16 its default
batch_norm path needs tf_keras), which are counted and printed apart.

Run with ``-s`` to see every case and its outcome;
``python -m tests.fuzz.positive_report`` prints the counts per function.
"""

import collections

import pytest

import slimcompat
from slimcompat._compat import tf
from tests.fuzz import _positive_cases
from tests.fuzz import _positive_run
from tests.parity import harness

CASES = _positive_cases.generate(_positive_run.signatures(slimcompat))
SEED = _positive_cases.SEED


# Bases whose every generated case takes a reference path that cannot run
# where TensorFlow's Keras-2 code cannot (Keras 3 without tf_keras): their
# test has nothing to compare there, so it is a strict xfail.
REFERENCE_CANNOT = {
    'batch_norm': "the reference's default batch_norm path builds on "
                  "TensorFlow's legacy Keras BatchNormalization layer, which "
                  'it cannot import here (ImportError; TF 2.15 and Keras 3 '
                  'without tf_keras); compared on TF 2.12',
}


def _bases():
  params = []
  for key in sorted(_positive_cases.BASES):
    marks = ()
    if key in REFERENCE_CANNOT:
      # The condition is the probe the parity tests use (the reference's
      # legacy-layer import fails on 2.15 as well as under Keras 3).
      marks = pytest.mark.xfail(harness._LAYER_PATH_MISSING, strict=True,
                                reason=REFERENCE_CANNOT[key])
    params.append(pytest.param(key, marks=marks,
                               id='seed%d-%s' % (SEED, key)))
  return params


def test_enough_cases():
  ids = [_positive_cases.case_id(c) for c in CASES]
  assert len(ids) >= 1000
  assert len(set(ids)) == len(ids)
  assert {c.function for c in CASES} == set(_positive_cases.BASES)


def _check(cases):
  """Runs `cases` with both packages; returns (failures, counts)."""
  reference = harness.reference()
  failures, counts = [], collections.Counter()
  for case in cases:
    case_id = _positive_cases.case_id(case)
    category, detail = _positive_run.classify(
        _positive_run.run(slimcompat, case),
        _positive_run.run(reference, case))
    counts[category] += 1
    print('seed %d  %-45s %s' % (SEED, category, case_id))
    if category in _positive_run.FAILURES:
      failures.append('%s: %s\n    %s' % (category, case_id, detail))
  return failures, counts


@pytest.mark.parametrize('key', _bases())
def test_reference_accepted_input_builds_alike(key):
  failures, counts = _check([c for c in CASES if c.function == key])
  assert not failures, '\n'.join(failures)
  # Not hollow: the reference built (and so compared) some of the cases.
  assert counts[_positive_run.SAME] > 0, dict(counts)


@pytest.fixture
def v1_shapes():
  with harness.shape_behaviour(v1=True):
    yield


@pytest.mark.parametrize('part', [0, 1], ids=lambda p: 'seed%d-part%d' % (
    SEED, p))
def test_under_v1_shapes(v1_shapes, part):  # pylint: disable=redefined-outer-name,unused-argument
  """Every sixteenth case again under TF1 shape behaviour (as run --tf1)."""
  assert isinstance(tf.TensorShape([1])[0], tf.Dimension)
  sample = [c for i, c in enumerate(CASES) if i % 32 == 16 * part]
  failures, counts = _check(sample)
  assert not failures, '\n'.join(failures)
  assert counts[_positive_run.SAME] >= len(sample) // 3, dict(counts)
