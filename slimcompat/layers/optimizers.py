"""tf_slim.layers.optimizers: `optimize_loss` and adaptive gradient clipping.

The code lives in `_optimize_loss.py` and `_adaptive_clipping.py`.
"""

from slimcompat.layers._adaptive_clipping import adaptive_clipping_fn
from slimcompat.layers._optimize_loss import OPTIMIZER_CLS_NAMES
from slimcompat.layers._optimize_loss import OPTIMIZER_SUMMARIES
from slimcompat.layers._optimize_loss import optimize_loss

__all__ = ['OPTIMIZER_CLS_NAMES', 'OPTIMIZER_SUMMARIES', 'adaptive_clipping_fn',
           'optimize_loss']
