"""tf_slim.evaluation: slim's classic evaluation functions.

Typical use::

    names_to_values, names_to_updates = slim.metrics.aggregate_metric_map({
        'accuracy': slim.metrics.streaming_accuracy(predictions, labels)})
    slim.evaluation.evaluation_loop(
        '', checkpoint_dir, logdir, num_evals=100,
        eval_op=list(names_to_updates.values()),
        eval_interval_secs=600)

`evaluate_once` evaluates one checkpoint; `evaluation_loop` evaluates each
new checkpoint of a directory.  Both run ``eval_op`` ``num_evals`` times,
write the summaries to ``logdir`` and return the value of ``final_op``.  The
helpers of `slimcompat.training.evaluation` are re-exported here.  The code
lives in `slimcompat/training/_evaluation_loop.py`.
"""

from slimcompat.training import evaluation
from slimcompat.training._evaluation_loop import _USE_DEFAULT
from slimcompat.training._evaluation_loop import evaluate_once
from slimcompat.training._evaluation_loop import evaluation_loop
from slimcompat.training.evaluation import StopAfterNEvalsHook
from slimcompat.training.evaluation import SummaryAtEndHook
from slimcompat.training.evaluation import checkpoints_iterator
from slimcompat.training.evaluation import evaluate_repeatedly
from slimcompat.training.evaluation import get_or_create_eval_step
from slimcompat.training.evaluation import wait_for_new_checkpoint

__all__ = [
    'StopAfterNEvalsHook',
    'SummaryAtEndHook',
    'checkpoints_iterator',
    'evaluate_once',
    'evaluation_loop',
    'get_or_create_eval_step',
    'wait_for_new_checkpoint',
]
