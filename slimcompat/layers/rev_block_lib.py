"""tf_slim.layers.rev_block_lib (to be written)."""

__all__ = []
