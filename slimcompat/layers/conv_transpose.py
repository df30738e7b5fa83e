"""Transposed convolutions: conv2d_transpose and conv3d_transpose (to be written)."""

__all__ = []
