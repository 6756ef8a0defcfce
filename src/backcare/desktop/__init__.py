"""backcare.desktop."""
