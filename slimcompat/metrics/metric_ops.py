"""tf_slim.metrics.metric_ops: streaming metrics and their aggregation.

Every streaming metric returns `(value, update_op)` and keeps its state in
local variables (LOCAL_VARIABLES and METRIC_VARIABLES).  The code lives in
one file per family: `_streaming_counts.py`, `_streaming_means.py`,
`_streaming_precision_recall.py`, `_streaming_curves.py`, `_dynamic_auc.py`,
`_streaming_concat.py`, `_ranking.py`, `_correlation.py`, `_agreement.py` and
`_aggregation.py`.
"""

from slimcompat.metrics._aggregation import aggregate_metric_map
from slimcompat.metrics._aggregation import aggregate_metrics
from slimcompat.metrics._agreement import cohen_kappa
from slimcompat.metrics._agreement import streaming_mean_iou
from slimcompat.metrics._correlation import streaming_covariance
from slimcompat.metrics._correlation import streaming_pearson_correlation
from slimcompat.metrics._dynamic_auc import auc_with_confidence_intervals
from slimcompat.metrics._dynamic_auc import streaming_dynamic_auc
from slimcompat.metrics._ranking import sparse_recall_at_top_k
from slimcompat.metrics._ranking import streaming_recall_at_k
from slimcompat.metrics._ranking import streaming_sparse_average_precision_at_k
from slimcompat.metrics._ranking import streaming_sparse_average_precision_at_top_k
from slimcompat.metrics._ranking import streaming_sparse_precision_at_k
from slimcompat.metrics._ranking import streaming_sparse_precision_at_top_k
from slimcompat.metrics._ranking import streaming_sparse_recall_at_k
from slimcompat.metrics._streaming_concat import _next_array_size
from slimcompat.metrics._streaming_concat import streaming_concat
from slimcompat.metrics._streaming_counts import streaming_false_negative_rate
from slimcompat.metrics._streaming_counts import streaming_false_negative_rate_at_thresholds
from slimcompat.metrics._streaming_counts import streaming_false_negatives
from slimcompat.metrics._streaming_counts import streaming_false_negatives_at_thresholds
from slimcompat.metrics._streaming_counts import streaming_false_positive_rate
from slimcompat.metrics._streaming_counts import streaming_false_positive_rate_at_thresholds
from slimcompat.metrics._streaming_counts import streaming_false_positives
from slimcompat.metrics._streaming_counts import streaming_false_positives_at_thresholds
from slimcompat.metrics._streaming_counts import streaming_true_negatives
from slimcompat.metrics._streaming_counts import streaming_true_negatives_at_thresholds
from slimcompat.metrics._streaming_counts import streaming_true_positives
from slimcompat.metrics._streaming_counts import streaming_true_positives_at_thresholds
from slimcompat.metrics._streaming_curves import precision_recall_at_equal_thresholds
from slimcompat.metrics._streaming_curves import streaming_auc
from slimcompat.metrics._streaming_curves import streaming_curve_points
from slimcompat.metrics._streaming_means import count
from slimcompat.metrics._streaming_means import streaming_accuracy
from slimcompat.metrics._streaming_means import streaming_mean
from slimcompat.metrics._streaming_means import streaming_mean_absolute_error
from slimcompat.metrics._streaming_means import streaming_mean_cosine_distance
from slimcompat.metrics._streaming_means import streaming_mean_relative_error
from slimcompat.metrics._streaming_means import streaming_mean_squared_error
from slimcompat.metrics._streaming_means import streaming_mean_tensor
from slimcompat.metrics._streaming_means import streaming_percentage_less
from slimcompat.metrics._streaming_means import streaming_root_mean_squared_error
from slimcompat.metrics._streaming_precision_recall import precision_at_recall
from slimcompat.metrics._streaming_precision_recall import recall_at_precision
from slimcompat.metrics._streaming_precision_recall import streaming_precision
from slimcompat.metrics._streaming_precision_recall import streaming_precision_at_thresholds
from slimcompat.metrics._streaming_precision_recall import streaming_recall
from slimcompat.metrics._streaming_precision_recall import streaming_recall_at_thresholds
from slimcompat.metrics._streaming_precision_recall import streaming_sensitivity_at_specificity
from slimcompat.metrics._streaming_precision_recall import streaming_specificity_at_sensitivity

__all__ = [
    'auc_with_confidence_intervals',
    'aggregate_metric_map',
    'aggregate_metrics',
    'cohen_kappa',
    'count',
    'precision_recall_at_equal_thresholds',
    'recall_at_precision',
    'sparse_recall_at_top_k',
    'streaming_accuracy',
    'streaming_auc',
    'streaming_curve_points',
    'streaming_dynamic_auc',
    'streaming_false_negative_rate',
    'streaming_false_negative_rate_at_thresholds',
    'streaming_false_negatives',
    'streaming_false_negatives_at_thresholds',
    'streaming_false_positive_rate',
    'streaming_false_positive_rate_at_thresholds',
    'streaming_false_positives',
    'streaming_false_positives_at_thresholds',
    'streaming_mean',
    'streaming_mean_absolute_error',
    'streaming_mean_cosine_distance',
    'streaming_mean_iou',
    'streaming_mean_relative_error',
    'streaming_mean_squared_error',
    'streaming_mean_tensor',
    'streaming_percentage_less',
    'streaming_precision',
    'streaming_precision_at_thresholds',
    'streaming_recall',
    'streaming_recall_at_k',
    'streaming_recall_at_thresholds',
    'streaming_root_mean_squared_error',
    'streaming_sensitivity_at_specificity',
    'streaming_sparse_average_precision_at_k',
    'streaming_sparse_average_precision_at_top_k',
    'streaming_sparse_precision_at_k',
    'streaming_sparse_precision_at_top_k',
    'streaming_sparse_recall_at_k',
    'streaming_specificity_at_sensitivity',
    'streaming_true_negatives',
    'streaming_true_negatives_at_thresholds',
    'streaming_true_positives',
    'streaming_true_positives_at_thresholds',
]
