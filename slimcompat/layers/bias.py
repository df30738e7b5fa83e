"""bias_add (to be written)."""

__all__ = []
