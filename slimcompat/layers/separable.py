"""Depthwise-separable convolution: separable_conv2d (to be written)."""

__all__ = []
