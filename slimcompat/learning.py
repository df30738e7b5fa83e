"""tf_slim.learning: slim's classic training loop.

Typical use::

    total_loss = slim.losses.get_total_loss()
    optimizer = tf.compat.v1.train.MomentumOptimizer(0.01, 0.9)
    train_op = slim.learning.create_train_op(total_loss, optimizer,
                                             clip_gradient_norm=4)
    slim.learning.train(train_op, '/tmp/logdir', number_of_steps=1000)

`create_train_op` builds the tensor that takes one optimizer step (after the
UPDATE_OPS, with optional gradient multipliers and clipping) and yields the
loss.  `train` runs it under a `tf.compat.v1.train.Supervisor`, which
initialises or restores the model from ``logdir``, saves ``model.ckpt-N``
checkpoints and TensorBoard summaries, and supports distributed replicas
(``master``, ``is_chief``, ``sync_optimizer``).  Warm starts use
``init_fn`` (see `slim.assign_from_checkpoint_fn`).  The code lives in
`slimcompat/training/_supervised_training.py` and
`_train_step.py`.
"""

from slimcompat.training import training
from slimcompat.training._gradients import clip_gradient_norms
from slimcompat.training._supervised_training import _USE_DEFAULT
from slimcompat.training._supervised_training import _USE_GLOBAL_STEP
from slimcompat.training._supervised_training import add_gradients_summaries
from slimcompat.training._supervised_training import create_train_op
from slimcompat.training._supervised_training import multiply_gradients
from slimcompat.training._supervised_training import train
from slimcompat.training._train_step import train_step
from slimcompat.training._train_step import wait_for_step as _wait_for_step

__all__ = [
    'add_gradients_summaries', 'clip_gradient_norms', 'multiply_gradients',
    'create_train_op', 'train_step', 'train'
]
