"""backcare.reminders."""
