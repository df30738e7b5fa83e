"""Fully connected layers and their partials: fully_connected, linear, relu, relu6, elu (to be written)."""

__all__ = []
