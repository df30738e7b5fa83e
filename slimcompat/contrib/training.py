"""Stand-in for ``tensorflow.contrib.training``.

Served: the names tf_slim.training carries (the same objects as
``slimcompat.training.training`` / ``slimcompat.training.evaluation``), and
`HParams` / `parse_values`.  TF 1.15's queue-based input helpers (bucketing,
resampling, the sequence state saver, parameter-server placement) import, but
raise NotImplementedError naming their tf.data / tf.distribute replacement
when called.
"""

from slimcompat.contrib._hparams import HParams
from slimcompat.contrib._hparams import parse_values
from slimcompat.contrib._missing import stand_in
from slimcompat.training.evaluation import StopAfterNEvalsHook
from slimcompat.training.evaluation import SummaryAtEndHook
from slimcompat.training.evaluation import checkpoints_iterator
from slimcompat.training.evaluation import evaluate_once
from slimcompat.training.evaluation import evaluate_repeatedly
from slimcompat.training.evaluation import get_or_create_eval_step
from slimcompat.training.evaluation import wait_for_new_checkpoint
from slimcompat.training.training import add_gradients_summaries
from slimcompat.training.training import clip_gradient_norms
from slimcompat.training.training import clip_gradient_norms_fn
from slimcompat.training.training import create_train_op
from slimcompat.training.training import multiply_gradients
from slimcompat.training.training import train

# Served names that raise NotImplementedError when called (hints: the table).
FeedingQueueRunner = stand_in('tensorflow.contrib.training.FeedingQueueRunner')
GreedyLoadBalancingStrategy = stand_in(
    'tensorflow.contrib.training.GreedyLoadBalancingStrategy')
NextQueuedSequenceBatch = stand_in(
    'tensorflow.contrib.training.NextQueuedSequenceBatch')
RandomStrategy = stand_in('tensorflow.contrib.training.RandomStrategy')
SequenceQueueingStateSaver = stand_in(
    'tensorflow.contrib.training.SequenceQueueingStateSaver')
batch_sequences_with_states = stand_in(
    'tensorflow.contrib.training.batch_sequences_with_states')
bucket = stand_in('tensorflow.contrib.training.bucket')
bucket_by_sequence_length = stand_in(
    'tensorflow.contrib.training.bucket_by_sequence_length')
byte_size_load_fn = stand_in('tensorflow.contrib.training.byte_size_load_fn')
rejection_sample = stand_in('tensorflow.contrib.training.rejection_sample')
resample_at_rate = stand_in('tensorflow.contrib.training.resample_at_rate')
stratified_sample = stand_in('tensorflow.contrib.training.stratified_sample')
weighted_resample = stand_in('tensorflow.contrib.training.weighted_resample')

__all__ = [
    'FeedingQueueRunner',
    'GreedyLoadBalancingStrategy',
    'HParams',
    'NextQueuedSequenceBatch',
    'RandomStrategy',
    'SequenceQueueingStateSaver',
    'StopAfterNEvalsHook',
    'SummaryAtEndHook',
    'add_gradients_summaries',
    'batch_sequences_with_states',
    'bucket',
    'bucket_by_sequence_length',
    'byte_size_load_fn',
    'checkpoints_iterator',
    'clip_gradient_norms',
    'clip_gradient_norms_fn',
    'create_train_op',
    'evaluate_once',
    'evaluate_repeatedly',
    'get_or_create_eval_step',
    'multiply_gradients',
    'parse_values',
    'rejection_sample',
    'resample_at_rate',
    'stratified_sample',
    'train',
    'wait_for_new_checkpoint',
    'weighted_resample',
]
