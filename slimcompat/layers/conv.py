"""Convolutions: convolution, conv1d/2d/3d and conv2d_in_plane (to be written)."""

__all__ = []
