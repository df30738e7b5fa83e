"""tf_slim.layers.normalization (to be written)."""

__all__ = []
