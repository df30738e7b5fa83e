"""tf_slim.layers.initializers (to be written)."""

__all__ = []
