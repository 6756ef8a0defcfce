"""What the app reads from an ASGI scope before routing (its middleware and fast paths)."""

from __future__ import annotations

from typing import Any


def route_path(scope: Any) -> str:
    """The path routes match against: the request's path without the app's root path, as
    Starlette's routes take it (starlette._utils.get_route_path, not a public name)."""
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if not root_path or not path.startswith(root_path):
        return path
    if path == root_path:
        return ""
    return path[len(root_path) :] if path[len(root_path)] == "/" else path
