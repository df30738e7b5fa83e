"""tf_slim.layers.bucketization_op (to be written)."""

__all__ = []
