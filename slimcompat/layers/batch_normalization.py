"""tf_slim.layers.batch_norm lives here: batch_norm, fused and non-fused (to be written)."""

__all__ = []
