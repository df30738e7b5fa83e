"""legacy_fully_connected and its partials legacy_linear / legacy_relu (to be written)."""

__all__ = []
