"""A ceiling on request bodies. Starlette reads a JSON body whole into memory, so without one
a client could post gigabytes to any route; the ceiling is the largest file backcare takes
anywhere (the CLI import cap), so an export always fits back in."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backcare.limits import MAX_FILE_BYTES


class BodyTooLargeError(Exception):
    """Raised inside `receive` when a chunked body passes the ceiling."""


class BodyLimit:
    """Answers 413 when the declared Content-Length passes `max_bytes` (before reading a
    byte), and stops a body sent without one as soon as what arrived passes it."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            {"detail": f"request body is larger than {self.max_bytes // 1_000_000} MB"}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit() or int(value) > self.max_bytes:
                    await self._refuse(send)
                    return
                break
        received = 0
        too_large = refused = False

        async def counted_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    raise BodyTooLargeError
            return message

        async def watched_send(message: Message) -> None:
            # The framework may turn the interrupted read into its own error response
            # (FastAPI answers a body it could not read with 400/422): say what happened.
            nonlocal refused
            if too_large:
                if not refused:
                    refused = True
                    await self._refuse(send)
                return
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLargeError:
            if not refused:
                await self._refuse(send)
