"""softmax, spatial_softmax, maxout, scale_gradient (to be written)."""

__all__ = []
