"""tf_slim.metrics.histogram_ops: auc_using_histogram.

The code lives in `_histogram_auc.py`.
"""

from slimcompat.metrics._histogram_auc import _strict_1d_cumsum
from slimcompat.metrics._histogram_auc import auc_using_histogram

__all__ = ['auc_using_histogram']
