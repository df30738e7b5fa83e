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
from slimcompat.training import evaluation as _train_eval
from slimcompat.training._evaluation_loop import _USE_DEFAULT
from slimcompat.training._evaluation_loop import evaluate_once
from slimcompat.training._evaluation_loop import evaluation_loop

StopAfterNEvalsHook = _train_eval.StopAfterNEvalsHook
SummaryAtEndHook = _train_eval.SummaryAtEndHook
evaluate_repeatedly = _train_eval.evaluate_repeatedly
get_or_create_eval_step = _train_eval.get_or_create_eval_step
wait_for_new_checkpoint = _train_eval.wait_for_new_checkpoint
checkpoints_iterator = _train_eval.checkpoints_iterator

__all__ = [
    'StopAfterNEvalsHook',
    'SummaryAtEndHook',
    'checkpoints_iterator',
    'evaluate_once',
    'evaluation_loop',
    'get_or_create_eval_step',
    'wait_for_new_checkpoint',
]
