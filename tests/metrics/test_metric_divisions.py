"""The metrics' divisions: the reference's ops (names and types), built from
current ops instead of the deprecated v1 `div` (issue 17)."""

import numpy as np
import pytest

from slimcompat._compat import tf
from tests.parity import harness

RNG = np.random.RandomState(2)
PREDICTIONS = RNG.uniform(size=(6,)).astype(np.float32)
LABELS = (RNG.uniform(size=(6,)) > 0.5).astype(np.float32)


def _as_bool(values):
  return tf.cast(values, tf.bool)


# name -> fn(slim, predictions, labels); each divides with the v1 div.
METRICS = {
    'streaming_auc': lambda s, p, l: s.metrics.streaming_auc(
        p, l, num_thresholds=5),
    'streaming_false_positive_rate':
        lambda s, p, l: s.metrics.streaming_false_positive_rate(
            _as_bool(p > 0.5), _as_bool(l)),
    'streaming_false_negative_rate':
        lambda s, p, l: s.metrics.streaming_false_negative_rate(
            _as_bool(p > 0.5), _as_bool(l)),
    'streaming_false_positive_rate_at_thresholds':
        lambda s, p, l: s.metrics.streaming_false_positive_rate_at_thresholds(
            p, _as_bool(l), [0.3, 0.7]),
    'f1_score': lambda s, p, l: s.metrics.f1_score(l, p),
}


def _divisions(graph):
  return [(op.name, op.type) for op in graph.get_operations()
          if op.type in ('RealDiv', 'FloorDiv', 'Div')]


@pytest.mark.parametrize('name', sorted(METRICS))
def test_divisions_are_the_references(name):
  ours, theirs = harness.build_both(lambda slim: METRICS[name](
      slim, tf.constant(PREDICTIONS), tf.constant(LABELS)))
  assert _divisions(ours.graph) == _divisions(theirs.graph)
  assert _divisions(ours.graph)  # the metric does divide
