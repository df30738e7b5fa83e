"""tf_slim.training.evaluation: evaluate checkpoints once or as they appear.

``evaluate_once`` restores one checkpoint and runs the eval ops until a hook
(usually `StopAfterNEvalsHook`) stops it; ``evaluate_repeatedly`` does that
for each new checkpoint of a directory (``checkpoints_iterator``,
``wait_for_new_checkpoint``).  `SummaryAtEndHook` writes the summaries of
the finished evaluation.  The code lives in `_monitored_evaluation.py`
and `_checkpoint_wait.py`.
"""

from slimcompat.training._checkpoint_wait import checkpoints_iterator
from slimcompat.training._checkpoint_wait import wait_for_new_checkpoint
from slimcompat.training._monitored_evaluation import StopAfterNEvalsHook
from slimcompat.training._monitored_evaluation import SummaryAtEndHook
from slimcompat.training._monitored_evaluation import evaluate_once
from slimcompat.training._monitored_evaluation import evaluate_repeatedly
from slimcompat.training._monitored_evaluation import get_or_create_eval_step

__all__ = [
    'StopAfterNEvalsHook',
    'SummaryAtEndHook',
    'checkpoints_iterator',
    'evaluate_once',
    'evaluate_repeatedly',
    'get_or_create_eval_step',
    'wait_for_new_checkpoint',
]
