"""Layer composition helpers: repeat and stack (to be written)."""

__all__ = []
