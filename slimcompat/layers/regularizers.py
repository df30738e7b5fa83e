"""tf_slim.layers.regularizers (to be written)."""

__all__ = []
