"""backcare.reports."""
