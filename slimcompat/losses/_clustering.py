"""Clustering loss (Song et al., arXiv:1612.01213) and its building blocks.

A clustering is a set of medoids (`chosen_ids`, indices into the batch); each
example belongs to its nearest medoid.  The facility energy of a clustering is
minus the summed distance of every example to its medoid.  The loss is a hinge
between the best loss-augmented clustering (greedy facility location, then
optional PAM refinement) and the ground-truth clustering.
"""

from slimcompat._compat import tf
from slimcompat.losses import _cluster_scores
from slimcompat.losses._cluster_scores import compute_clustering_score
from slimcompat.losses._distances import pairwise_distance


def _while_below(limit):
  """A `tf.while_loop` condition: go on while the counter (the first loop
  variable) is below `limit`."""

  def condition(iteration, *unused_state):
    return iteration < limit

  return condition


def update_1d_tensor(y, index, value):
  """`y` with `y[index]` replaced by `value`.

  Args:
    y: 1-D `Tensor`.
    index: position to overwrite.
    value: the new value (squeezed to a scalar).

  Returns:
    The updated 1-D `Tensor`.
  """
  value = tf.squeeze(value)
  head = tf.slice(y, [0], [index])
  tail = tf.slice(y, [index + 1], [-1])
  return tf.concat([head, [value], tail], 0)


def get_cluster_assignment(pairwise_distances, centroid_ids):
  """Index (into `centroid_ids`) of the nearest centroid of every example.

  Each centroid is assigned to itself explicitly, since round-off can make
  another point look nearer than the zero self-distance.

  Args:
    pairwise_distances: 2-D `Tensor` of pairwise distances.
    centroid_ids: 1-D int `Tensor` of centroid indices.

  Returns:
    1-D int64 `Tensor` of cluster assignments.
  """
  nearest = tf.argmin(tf.gather(pairwise_distances, centroid_ids), axis=0)
  batch_size = tf.shape(pairwise_distances)[0]
  is_centroid = tf.reduce_any(
      tf.one_hot(centroid_ids, batch_size, True, False, axis=-1,
                 dtype=tf.bool),
      axis=0)
  return tf.where(is_centroid, _own_cluster(centroid_ids, batch_size),
                  nearest)


def _own_cluster(centroid_ids, batch_size):
  """For each example, the position in `centroid_ids` of the centroid it is
  (0 for an example that is no centroid; `tf.where` ignores those)."""
  one, zero = tf.constant(1, dtype=tf.int64), tf.constant(0, dtype=tf.int64)
  placed = tf.one_hot(centroid_ids, batch_size, one, zero, axis=0,
                      dtype=tf.int64)
  positions = tf.cast(tf.range(tf.shape(centroid_ids)[0]), tf.int64)
  return tf.reduce_sum(tf.transpose(tf.multiply(placed, positions)), axis=0)


def compute_facility_energy(pairwise_distances, centroid_ids):
  """Minus the summed distance of every example to its nearest centroid.

  Args:
    pairwise_distances: 2-D `Tensor` of pairwise distances.
    centroid_ids: 1-D int `Tensor` of centroid indices.

  Returns:
    A float32 scalar.
  """
  return -1.0 * tf.reduce_sum(
      tf.reduce_min(tf.gather(pairwise_distances, centroid_ids), axis=0))


def _fill_position(scores, iteration, count, value):
  """`scores` plus `value` at position `iteration` of a length-`count` vector."""
  before = tf.zeros([iteration])
  after = tf.zeros([count - 1 - iteration])
  return scores + tf.concat([before, [value], after], 0)


def _find_loss_augmented_facility_idx(pairwise_distances, labels, chosen_ids,
                                      candidate_ids, margin_multiplier,
                                      margin_type):
  """The candidate that best extends `chosen_ids` under the augmented score."""
  num_candidates = tf.shape(candidate_ids)[0]
  chosen_rows = tf.gather(pairwise_distances, chosen_ids)
  candidate_rows = tf.gather(pairwise_distances, candidate_ids)
  # Column block c of the tiled rows is the current clustering; adding the
  # candidate c as a row gives, after min over rows, the new distances.
  tiled_chosen = tf.tile(chosen_rows, [1, num_candidates])
  extended = tf.concat(
      [tiled_chosen, tf.reshape(candidate_rows, [1, -1])], 0)
  energies = -1.0 * tf.reduce_sum(
      tf.reshape(tf.reduce_min(extended, axis=0, keepdims=True),
                 [num_candidates, -1]),
      axis=1)

  keep_going = _while_below(num_candidates)

  def score_candidate(iteration, margins):
    predictions = get_cluster_assignment(
        pairwise_distances,
        tf.concat([chosen_ids, [candidate_ids[iteration]]], 0))
    score = compute_clustering_score(labels, predictions, margin_type)
    return iteration + 1, _fill_position(margins, iteration, num_candidates,
                                         1.0 - score)

  _, margins = tf.while_loop(
      keep_going, score_candidate,
      [tf.constant(0), tf.zeros([num_candidates])])
  scores = tf.add(energies, margin_multiplier * margins)
  best = tf.cast(tf.argmax(scores, axis=0), tf.int32)
  return candidate_ids[best]


def compute_augmented_facility_locations(pairwise_distances, labels, all_ids,
                                         margin_multiplier, margin_type):
  """Greedily picks one medoid per ground-truth class (loss-augmented).

  Args:
    pairwise_distances: 2-D `Tensor` of pairwise distances.
    labels: 1-D `Tensor`, ground-truth cluster assignment.
    all_ids: 1-D int `Tensor` of all example indices.
    margin_multiplier: weight of the structured margin.
    margin_type: the clustering score used as margin (see
      `compute_clustering_score`).

  Returns:
    1-D int32 `Tensor` of chosen medoid indices.
  """
  num_classes = tf.size(tf.unique(labels)[0])

  keep_going = _while_below(num_classes)

  def add_one(iteration, chosen_ids):
    candidate_ids = tf.setdiff1d(all_ids, chosen_ids)[0]
    new_id = _find_loss_augmented_facility_idx(
        pairwise_distances, labels, chosen_ids, candidate_ids,
        margin_multiplier, margin_type)
    return iteration + 1, tf.concat([chosen_ids, [new_id]], 0)

  iteration = tf.constant(0)
  _, chosen_ids = tf.while_loop(
      keep_going, add_one,
      [iteration, tf.constant(0, dtype=tf.int32, shape=[0])],
      shape_invariants=[iteration.get_shape(), tf.TensorShape([None])])
  return chosen_ids


def update_medoid_per_cluster(pairwise_distances, pairwise_distances_subset,
                              labels, chosen_ids, cluster_member_ids,
                              cluster_idx, margin_multiplier, margin_type):
  """Moves the medoid of cluster `cluster_idx` to its best member.

  Args:
    pairwise_distances: 2-D `Tensor` of pairwise distances.
    pairwise_distances_subset: distances among the cluster's members, shaped
      [p, 1, 1, p].
    labels: 1-D `Tensor`, ground-truth cluster assignment.
    chosen_ids: 1-D `Tensor` of current medoid indices.
    cluster_member_ids: indices of the cluster's members ([p, 1]).
    cluster_idx: which cluster to update.
    margin_multiplier: weight of the structured margin.
    margin_type: the clustering score used as margin.

  Returns:
    1-D int32 `Tensor`: `chosen_ids` with the cluster's medoid replaced.
  """
  num_candidates = tf.size(cluster_member_ids)

  keep_going = _while_below(num_candidates)

  def score_member(iteration, margins):
    candidate = tf.cast(cluster_member_ids[iteration], tf.int32)
    trial_ids = update_1d_tensor(chosen_ids, cluster_idx, candidate)
    predictions = get_cluster_assignment(pairwise_distances, trial_ids)
    score = compute_clustering_score(labels, predictions, margin_type)
    return iteration + 1, _fill_position(margins, iteration, num_candidates,
                                         1.0 - score)

  # The two unit axes keep this valid for one-member clusters.
  energies = -1.0 * tf.reduce_sum(
      tf.squeeze(pairwise_distances_subset, [1, 2]), axis=0)
  _, margins = tf.while_loop(
      keep_going, score_member,
      [tf.constant(0), tf.zeros([num_candidates])])
  scores = tf.add(energies, margin_multiplier * margins)
  best = tf.cast(tf.argmax(scores, axis=0), tf.int32)
  best_medoid = tf.cast(cluster_member_ids[best], tf.int32)
  return update_1d_tensor(chosen_ids, cluster_idx, best_medoid)


def _within(pairwise_distances, member_ids):
  """Distances among the examples `member_ids` ([p, 1] from tf.where)."""
  return tf.transpose(tf.gather(
      tf.transpose(tf.gather(pairwise_distances, member_ids)), member_ids))


def update_all_medoids(pairwise_distances, predictions, labels, chosen_ids,
                       margin_multiplier, margin_type):
  """Runs `update_medoid_per_cluster` once for every cluster in turn.

  Args:
    pairwise_distances: 2-D `Tensor` of pairwise distances.
    predictions: 1-D `Tensor`, the current cluster assignment.
    labels: 1-D `Tensor`, ground-truth cluster assignment.
    chosen_ids: 1-D `Tensor` of medoid indices.
    margin_multiplier: weight of the structured margin.
    margin_type: the clustering score used as margin.

  Returns:
    1-D int32 `Tensor` of updated medoid indices.
  """
  num_classes = tf.size(tf.unique(labels)[0])

  keep_going = _while_below(num_classes)

  def update_one(iteration, chosen_ids):
    in_cluster = tf.equal(tf.cast(predictions, tf.int64),
                          tf.cast(iteration, tf.int64))
    member_ids = tf.where(in_cluster)
    chosen_ids = update_medoid_per_cluster(
        pairwise_distances, _within(pairwise_distances, member_ids), labels,
        chosen_ids, member_ids, iteration, margin_multiplier, margin_type)
    return iteration + 1, chosen_ids

  _, chosen_ids = tf.while_loop(keep_going, update_one,
                                [tf.constant(0), chosen_ids])
  return chosen_ids


def compute_augmented_facility_locations_pam(pairwise_distances,
                                             labels,
                                             margin_multiplier,
                                             margin_type,
                                             chosen_ids,
                                             pam_max_iter=5):
  """Refines medoids by alternating assignment and medoid updates (PAM).

  Args:
    pairwise_distances: 2-D `Tensor` of pairwise distances.
    labels: 1-D `Tensor`, ground-truth cluster assignment.
    margin_multiplier: weight of the structured margin.
    margin_type: the clustering score used as margin.
    chosen_ids: 1-D `Tensor`, the initial medoids.
    pam_max_iter: number of refinement rounds.

  Returns:
    1-D int32 `Tensor` of refined medoid indices.
  """
  for _ in range(pam_max_iter):
    predictions = get_cluster_assignment(pairwise_distances, chosen_ids)
    chosen_ids = update_all_medoids(pairwise_distances, predictions, labels,
                                    chosen_ids, margin_multiplier, margin_type)
  return chosen_ids


def compute_gt_cluster_score(pairwise_distances, labels):
  """Facility energy of the ground-truth clustering (best medoid per class).

  Args:
    pairwise_distances: 2-D `Tensor` of pairwise distances.
    labels: 1-D `Tensor`, ground-truth cluster assignment.

  Returns:
    A float32 scalar.
  """
  class_ids = tf.unique(labels)[0]
  num_classes = tf.size(class_ids)

  keep_going = _while_below(num_classes)

  def add_class(iteration, total):
    member_ids = tf.where(tf.equal(labels, class_ids[iteration]))
    energy = -1.0 * tf.reduce_min(
        tf.reduce_sum(_within(pairwise_distances, member_ids), axis=0))
    return iteration + 1, total + energy

  _, total = tf.while_loop(
      keep_going, add_class,
      [tf.constant(0), tf.constant(0.0, dtype=tf.float32)])
  return total


def cluster_loss(labels,
                 embeddings,
                 margin_multiplier,
                 enable_pam_finetuning=True,
                 margin_type='nmi',
                 print_losses=False):
  """Structured clustering loss of a batch of embeddings.

  Also writes the scalar summaries losses/score_pred, losses/<margin_type>
  and losses/score_gt.

  Args:
    labels: 2-D `Tensor` [batch_size, 1] of class ids.
    embeddings: 2-D `Tensor` [batch_size, dim], l2-normalised rows.
    margin_multiplier: weight of the structured margin.
    enable_pam_finetuning: whether to refine the medoids with PAM.
    margin_type: 'nmi', 'ami', 'ari', 'vmeasure' or 'const'.
    print_losses: if True, print the loss when it is evaluated.

  Returns:
    A float32 scalar named "clustering_loss".

  Raises:
    ImportError: if scikit-learn is not installed.
  """
  if not _cluster_scores.HAS_SKLEARN:
    raise ImportError('Cluster loss depends on sklearn: install '
                      'scikit-learn to use it.')
  distances = pairwise_distance(embeddings)
  labels = tf.squeeze(labels)
  medoids, score_pred = _augmented_clustering(
      distances, labels, tf.range(tf.shape(embeddings)[0]),
      margin_multiplier, margin_type, enable_pam_finetuning)
  quality = compute_clustering_score(
      labels, get_cluster_assignment(distances, medoids), margin_type)
  score_gt = compute_gt_cluster_score(distances, labels)

  # Hinge: the augmented clustering should not beat the ground truth by more
  # than the margin its clustering quality leaves.
  margin = margin_multiplier * (1.0 - quality)
  loss = tf.maximum(score_pred + margin - score_gt, 0.0,
                    name='clustering_loss')
  loss.set_shape([])
  if print_losses:
    loss = tf.Print(loss, ['clustering_loss: ', loss, tf.shape(loss)])
  for tag, value in (('score_pred', score_pred), (margin_type, quality),
                     ('score_gt', score_gt)):
    tf.summary.scalar('losses/' + tag, value)
  return loss


def _augmented_clustering(distances, labels, all_ids, margin_multiplier,
                          margin_type, refine):
  """(medoids, facility energy) of the loss-augmented greedy clustering,
  refined by PAM when `refine` (the greedy energy is built either way)."""
  medoids = compute_augmented_facility_locations(
      distances, labels, all_ids, margin_multiplier, margin_type)
  energy = compute_facility_energy(distances, medoids)
  if refine:
    medoids = compute_augmented_facility_locations_pam(
        distances, labels, margin_multiplier, margin_type, medoids)
    energy = compute_facility_energy(distances, medoids)
  return medoids, energy
