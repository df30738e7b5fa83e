"""tf_slim.losses: slim's losses (all added to LOSSES) and metric learning.

Only the documented names are exported, as in tf-slim: the loss functions of
`loss_ops`, the main metric-learning losses, and the `metric_learning` module
for the rest.
"""

from slimcompat.losses import metric_learning
from slimcompat.losses.loss_ops import absolute_difference
from slimcompat.losses.loss_ops import add_loss
from slimcompat.losses.loss_ops import compute_weighted_loss
from slimcompat.losses.loss_ops import cosine_distance
from slimcompat.losses.loss_ops import get_losses
from slimcompat.losses.loss_ops import get_regularization_losses
from slimcompat.losses.loss_ops import get_total_loss
from slimcompat.losses.loss_ops import hinge_loss
from slimcompat.losses.loss_ops import log_loss
from slimcompat.losses.loss_ops import mean_pairwise_squared_error
from slimcompat.losses.loss_ops import mean_squared_error
from slimcompat.losses.loss_ops import sigmoid_cross_entropy
from slimcompat.losses.loss_ops import softmax_cross_entropy
from slimcompat.losses.loss_ops import sparse_softmax_cross_entropy
from slimcompat.losses.metric_learning import cluster_loss
from slimcompat.losses.metric_learning import contrastive_loss
from slimcompat.losses.metric_learning import lifted_struct_loss
from slimcompat.losses.metric_learning import npairs_loss
from slimcompat.losses.metric_learning import npairs_loss_multilabel
from slimcompat.losses.metric_learning import triplet_semihard_loss

__all__ = [
    'absolute_difference',
    'add_loss',
    'cluster_loss',
    'compute_weighted_loss',
    'contrastive_loss',
    'cosine_distance',
    'get_losses',
    'get_regularization_losses',
    'get_total_loss',
    'hinge_loss',
    'lifted_struct_loss',
    'log_loss',
    'mean_pairwise_squared_error',
    'mean_squared_error',
    'metric_learning',
    'npairs_loss',
    'npairs_loss_multilabel',
    'sigmoid_cross_entropy',
    'softmax_cross_entropy',
    'sparse_softmax_cross_entropy',
    'triplet_semihard_loss',
]
