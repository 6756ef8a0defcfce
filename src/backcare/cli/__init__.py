"""The command line: Typer + Rich. Only translation here; every rule lives in domain/services."""
