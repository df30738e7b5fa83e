"""tf_slim.layers.sparse_ops (to be written)."""

__all__ = []
