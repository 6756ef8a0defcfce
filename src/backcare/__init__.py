"""backcare: an offline, private coach for back, neck and shoulder pain."""

__version__ = "0.1.0"
