"""tf_slim.training: the `training` and `evaluation` modules.

``slimcompat.training`` (like ``tf_slim.training``) normally stands for the
module `slimcompat.training.training`.  Python binds the attribute to this
package instead when a submodule such as ``slimcompat.training.evaluation``
is imported first, so the package also answers the names of
`training.training` (``slim.training.train`` works either way).  They are
looked up on first use, which keeps ``import slimcompat.training`` cheap.
"""

import importlib as _importlib

_TRAINING_MODULE = 'slimcompat.training.training'
_TRAINING_NAMES = (
    'add_gradients_summaries',
    'clip_gradient_norms',
    'clip_gradient_norms_fn',
    'create_train_op',
    'multiply_gradients',
    'train',
)


def __getattr__(name):
  if name in _TRAINING_NAMES:
    return getattr(_importlib.import_module(_TRAINING_MODULE), name)
  raise AttributeError("module 'slimcompat.training' has no attribute %r"
                       % name)


def __dir__():
  return sorted(set(globals()) | set(_TRAINING_NAMES))
