"""tf_slim.layers.summaries (to be written)."""

__all__ = []
