"""tf_slim.metrics.classification: accuracy and f1_score.

The code lives in `_classification.py`.
"""

from slimcompat.metrics._classification import accuracy
from slimcompat.metrics._classification import f1_score

__all__ = ['accuracy', 'f1_score']
