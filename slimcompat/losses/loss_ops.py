"""tf_slim.losses.loss_ops: the classic slim losses (all added to LOSSES).

The code lives in `_collection.py` (the LOSSES collection), `_weighting.py`
(weighted means), `_regression.py` and `_cross_entropy.py`.
"""

from slimcompat.losses._collection import add_loss
from slimcompat.losses._collection import get_losses
from slimcompat.losses._collection import get_regularization_losses
from slimcompat.losses._collection import get_total_loss
from slimcompat.losses._cross_entropy import sigmoid_cross_entropy
from slimcompat.losses._cross_entropy import softmax_cross_entropy
from slimcompat.losses._cross_entropy import sparse_softmax_cross_entropy
from slimcompat.losses._regression import absolute_difference
from slimcompat.losses._regression import cosine_distance
from slimcompat.losses._regression import hinge_loss
from slimcompat.losses._regression import log_loss
from slimcompat.losses._regression import mean_pairwise_squared_error
from slimcompat.losses._regression import mean_squared_error
from slimcompat.losses._weighting import compute_weighted_loss

__all__ = [
    'absolute_difference', 'add_loss', 'cosine_distance',
    'compute_weighted_loss', 'get_losses', 'get_regularization_losses',
    'get_total_loss', 'hinge_loss', 'log_loss', 'mean_pairwise_squared_error',
    'mean_squared_error', 'sigmoid_cross_entropy', 'softmax_cross_entropy',
    'sparse_softmax_cross_entropy'
]
