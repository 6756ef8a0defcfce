"""The pure domain core: standard library and pydantic only (see tests/architecture)."""
