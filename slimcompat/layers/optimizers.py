"""tf_slim.layers.optimizers (to be written)."""

__all__ = []
