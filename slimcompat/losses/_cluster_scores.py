"""Agreement scores between two clusterings, used as structured margins.

All but 'const' are computed by scikit-learn inside a `PyFunc` op; the
availability check is cheap and sklearn is only imported when a score runs.
"""

import importlib
import importlib.util

from slimcompat._compat import tf

HAS_SKLEARN = importlib.util.find_spec('sklearn') is not None


def _sklearn_score(function_name, op_name, labels, predictions):
  def score(first, second):
    sklearn_metrics = importlib.import_module('sklearn.metrics')
    return getattr(sklearn_metrics, function_name)(first, second)
  # numpy_function is the deprecated py_func's current name: the same
  # stateful PyFunc op.
  return tf.cast(
      tf.numpy_function(score, [labels, predictions], [tf.float64],
                        stateful=True, name=op_name),
      tf.float32)


def _nmi(labels, predictions):
  return _sklearn_score('normalized_mutual_info_score', 'nmi', labels,
                        predictions)


def _ami(labels, predictions):
  return tf.maximum(0.0, _sklearn_score('adjusted_mutual_info_score', 'ami',
                                        labels, predictions))


def _ari(labels, predictions):
  # The adjusted Rand index can be negative; the margin is clipped at 0.
  return tf.maximum(0.0, _sklearn_score('adjusted_rand_score', 'ari', labels,
                                        predictions))


def _vmeasure(labels, predictions):
  return tf.maximum(0.0, _sklearn_score('v_measure_score', 'vmeasure', labels,
                                        predictions))


def _identical(labels, predictions):
  """1.0 if the two assignments agree everywhere, else 0.0."""
  matches = tf.reduce_sum(tf.cast(tf.equal(labels, predictions), tf.int32))
  return tf.cast(tf.equal(matches, tf.shape(labels)[0]), tf.float32)


_SCORES = {
    'nmi': _nmi,
    'ami': _ami,
    'ari': _ari,
    'vmeasure': _vmeasure,
    'const': _identical,
}


def compute_clustering_score(labels, predictions, margin_type):
  """Agreement in [0, 1] between two cluster assignments (1: perfect).

  Args:
    labels: 1-D `Tensor`, the ground-truth assignment.
    predictions: 1-D `Tensor`, the predicted assignment.
    margin_type: 'nmi' (normalised mutual information), 'ami' (adjusted
      mutual information), 'ari' (adjusted Rand index), 'vmeasure', or
      'const' (1 only for identical assignments).

  Returns:
    A float32 scalar `Tensor`.

  Raises:
    ValueError: if `margin_type` is not one of the above.
  """
  if margin_type not in _SCORES:
    raise ValueError('Unrecognized margin_type: %s (expected one of %s)' %
                     (margin_type, ', '.join(sorted(_SCORES))))
  return tf.squeeze(_SCORES[margin_type](labels, predictions))
