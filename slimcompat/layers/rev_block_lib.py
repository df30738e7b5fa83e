"""tf_slim.layers.rev_block_lib: reversible residual blocks and recompute_grad.

The code lives in `_rev_block.py` (RevBlock, rev_block) and
`_recompute_grad.py` (recompute_grad).
"""

from slimcompat.layers._recompute_grad import recompute_grad
from slimcompat.layers._rev_block import RevBlock
from slimcompat.layers._rev_block import rev_block

__all__ = ['rev_block', 'RevBlock', 'recompute_grad']
