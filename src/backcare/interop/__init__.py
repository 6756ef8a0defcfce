"""backcare.interop."""
