"""Pooling: avg/max pool 2d/3d and pool (to be written)."""

__all__ = []
