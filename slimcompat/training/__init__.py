"""tf_slim.training: the `training` and `evaluation` modules.

``slimcompat.training`` (like ``tf_slim.training``) normally stands for the
module `slimcompat.training.training`.  Python binds the attribute to this
package instead when a submodule such as ``slimcompat.training.evaluation``
is imported first, so the package also answers the names of
`training.training` (``slim.training.train`` works either way).  They are
looked up on first use, which keeps ``import slimcompat.training`` cheap.
"""

from slimcompat._lazy import attribute_loader as _attribute_loader

_TRAINING_MODULE = 'slimcompat.training.training'
_TRAINING_NAMES = (
    'add_gradients_summaries',
    'clip_gradient_norms',
    'clip_gradient_norms_fn',
    'create_train_op',
    'multiply_gradients',
    'train',
)


__getattr__, __dir__ = _attribute_loader(
    __name__, {name: (_TRAINING_MODULE, name) for name in _TRAINING_NAMES},
    reference='tf_slim.training')
