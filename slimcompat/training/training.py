"""tf_slim.training.training: build a train op and run a monitored training loop.

``create_train_op`` makes the tensor that takes one optimizer step and
returns the loss; ``train`` runs it in a `MonitoredTrainingSession` (which
saves checkpoints and summaries) until a hook asks to stop.  The gradient
helpers transform the (gradient, variable) list in between.  The code lives
in `_gradients.py` and `_monitored_training.py`.
"""

from slimcompat.training import _TRAINING_NAMES
from slimcompat.training._gradients import add_gradients_summaries
from slimcompat.training._gradients import clip_gradient_norms
from slimcompat.training._gradients import clip_gradient_norms_fn
from slimcompat.training._gradients import multiply_gradients
from slimcompat.training._monitored_training import _USE_GLOBAL_STEP
from slimcompat.training._monitored_training import create_train_op
from slimcompat.training._monitored_training import train

# The package answers the same names lazily; one list serves both.
__all__ = list(_TRAINING_NAMES)
