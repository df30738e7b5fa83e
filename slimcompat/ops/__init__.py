"""Graph-building operations shared by every slimcompat module."""
