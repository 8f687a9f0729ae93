"""areas."""
