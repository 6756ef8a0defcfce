"""The app with a header naming the worker process, for the two-worker test only.

The real app tells nothing about its processes (issue 15 removed X-Backcare-Worker); this
test factory adds a header back so the test can see that both workers serve.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from backcare.web.app import create_app as create_backcare_app

if TYPE_CHECKING:
    from fastapi import FastAPI
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

WORKER_HEADER = "x-test-worker"


class _NameTheWorker:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.header = (WORKER_HEADER.encode(), str(os.getpid()).encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), self.header]
            await send(message)

        await self.app(scope, receive, tagged)


def create_app() -> FastAPI:
    app = create_backcare_app()
    app.add_middleware(_NameTheWorker)
    return app
