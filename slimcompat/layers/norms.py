"""layer_norm, unit_norm and GDN / gdn (to be written)."""

__all__ = []
