"""`backcare serve`: the web app and its JSON API in one process (api.md)."""

from __future__ import annotations

import typer

from backcare.cli.common import ExitStatus, fail


def serve(
    host: str = typer.Option(None, "--host", help="Address to listen on [default: 127.0.0.1]."),
    port: int = typer.Option(None, "--port", min=1, max=65535, help="Port [default: 8000]."),
    workers: int = typer.Option(
        1, "--workers", min=1, max=32, help="Worker processes (use PostgreSQL for more than one)."
    ),
) -> None:
    """Serve the web app and the JSON API; the database is migrated at start."""
    import uvicorn

    from backcare.config import get_settings
    from backcare.store import open_repository

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    try:
        # Migrate once here, so workers start on a ready database and errors show plainly.
        open_repository(settings.database).close()
    except Exception as exc:
        fail(f"cannot open the database {settings.database!r}: {exc}", ExitStatus.ERROR)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"backcare is running at http://{shown}:{port}/  (press Ctrl+C to stop)")
    uvicorn.run(
        "backcare.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        server_header=False,
        log_level="warning",
    )
