"""tf_slim.losses.metric_learning: losses that shape an embedding space.

The code lives in `_distances.py`, `_pair_losses.py` (contrastive, triplet,
lifted structure), `_npairs.py`, `_clustering.py` and `_cluster_scores.py`.
"""

from slimcompat.losses._cluster_scores import HAS_SKLEARN
from slimcompat.losses._cluster_scores import compute_clustering_score
from slimcompat.losses._clustering import cluster_loss
from slimcompat.losses._clustering import compute_augmented_facility_locations
from slimcompat.losses._clustering import compute_augmented_facility_locations_pam
from slimcompat.losses._clustering import compute_facility_energy
from slimcompat.losses._clustering import compute_gt_cluster_score
from slimcompat.losses._clustering import get_cluster_assignment
from slimcompat.losses._clustering import update_1d_tensor
from slimcompat.losses._clustering import update_all_medoids
from slimcompat.losses._clustering import update_medoid_per_cluster
from slimcompat.losses._distances import masked_maximum
from slimcompat.losses._distances import masked_minimum
from slimcompat.losses._distances import pairwise_distance
from slimcompat.losses._npairs import npairs_loss
from slimcompat.losses._npairs import npairs_loss_multilabel
from slimcompat.losses._pair_losses import contrastive_loss
from slimcompat.losses._pair_losses import lifted_struct_loss
from slimcompat.losses._pair_losses import triplet_semihard_loss

__all__ = [
    'HAS_SKLEARN',
    'cluster_loss',
    'compute_augmented_facility_locations',
    'compute_augmented_facility_locations_pam',
    'compute_clustering_score',
    'compute_facility_energy',
    'compute_gt_cluster_score',
    'contrastive_loss',
    'get_cluster_assignment',
    'lifted_struct_loss',
    'masked_maximum',
    'masked_minimum',
    'npairs_loss',
    'npairs_loss_multilabel',
    'pairwise_distance',
    'triplet_semihard_loss',
    'update_1d_tensor',
    'update_all_medoids',
    'update_medoid_per_cluster',
]
