"""The web server of `family-app run`: Flet's web app, for this computer's browser only.

It listens on 127.0.0.1, but that alone does not keep other websites out: a page the family
visits runs in the same browser, and the browser lets it open a WebSocket to 127.0.0.1 or
make requests to it (cross-site WebSocket hijacking), or point a name of its own at
127.0.0.1 (DNS rebinding). So every request passes `LocalOnly` first, which refuses

- an `Origin` header that is not the app's own address (browsers always send one with a
  WebSocket handshake, and with every cross-origin request that could read an answer);
- a `Host` header that is not 127.0.0.1, localhost or [::1] with the app's port;

and tells browsers not to show the app inside another site's frame (clickjacking) nor
let another site embed its files.
A refused request gets a bare 403: no page, nothing to translate.

Phone and desktop builds do not use this module: Flet runs their UI without a web server.
"""

from __future__ import annotations

import asyncio
import logging
import webbrowser
from pathlib import Path
from typing import Any, Callable

from family_app.printing import handover

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
# A closed tab's session is locked at once (see app.py); what is left of it (a lock screen)
# is dropped after this many seconds.
SESSION_TIMEOUT = 60
SHUTDOWN_SECONDS = 2  # how long a stopping server waits for open tabs before it closes them
# Other sites may neither show the app in a frame nor embed its files.
OWN_PAGES_ONLY = [(b"content-security-policy", b"frame-ancestors 'none'"),
                  (b"x-frame-options", b"DENY"),
                  (b"cross-origin-resource-policy", b"same-origin")]


def own_hosts(port: int) -> frozenset[str]:
    hosts = {f"{host}:{port}" for host in LOCAL_HOSTS}
    if port == 80:  # browsers leave out the default port
        hosts.update(LOCAL_HOSTS)
    return frozenset(hosts)


class LocalOnly:
    """ASGI middleware: only requests from the app's own pages, on its own address."""

    def __init__(self, app: Callable, port: int) -> None:
        self.app = app
        self.hosts = own_hosts(port)
        self.origins = frozenset(f"http://{host}" for host in self.hosts)

    def allows(self, headers: list[tuple[bytes, bytes]]) -> bool:
        hosts = [value for name, value in headers if name.lower() == b"host"]
        origins = [value for name, value in headers if name.lower() == b"origin"]
        if len(hosts) != 1 or len(origins) > 1:
            return False
        if hosts[0].decode("latin-1").lower() not in self.hosts:
            return False
        # No Origin: a top-level visit, a same-origin GET, or not a browser at all.
        return not origins or origins[0].decode("latin-1").lower() in self.origins

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)   # lifespan
        elif not self.allows(scope.get("headers") or []):
            await self._refuse(scope, receive, send)
        elif scope["type"] == "http":
            await self.app(scope, receive, _with_headers(send, OWN_PAGES_ONLY))
        else:
            try:
                await self.app(scope, receive, send)
            except asyncio.CancelledError:
                return   # the server is stopping with this tab open (SHUTDOWN_SECONDS): not an error

    @staticmethod
    async def _refuse(scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "websocket":
            await receive()   # websocket.connect
            # Closing before accepting makes the server answer the handshake with 403.
            await send({"type": "websocket.close", "code": 1008})
            return
        body = b"Forbidden\n"
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _with_headers(send: Callable, headers: list[tuple[bytes, bytes]]) -> Callable:
    async def send_with_headers(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            names = {name.lower() for name, _ in message.get("headers", [])}
            message = {**message, "headers": [*message.get("headers", []),
                                              *(h for h in headers if h[0] not in names)]}
        await send(message)
    return send_with_headers


def printed_page(token: str):
    """A page the family chose to print (printing/handover.py), or 404."""
    from starlette.responses import Response
    found = handover.page(token)
    if found is None:
        return Response(b"Not found\n", status_code=404, media_type="text/plain")
    return Response(found.encode("utf-8"), headers=handover.HEADERS)


def build_app(main: Callable, *, port: int, assets_dir: Path,
              on_startup: Callable[[], None] | None = None) -> LocalOnly:
    """Flet's web app (as `ft.run` would build it) behind `LocalOnly`."""
    import flet_web.fastapi as flet_fastapi
    outer = flet_fastapi.FastAPI(on_startup=[on_startup] if on_startup else None)
    outer.add_api_route(handover.PATH + "{token}", printed_page, methods=["GET"])
    outer.mount("/", flet_fastapi.app(main, assets_dir=str(assets_dir), no_cdn=True,
                                      session_timeout_seconds=SESSION_TIMEOUT))
    return LocalOnly(outer, port)


def run(main: Callable, *, port: int, assets_dir: Path, open_browser: bool) -> None:
    """Serve on 127.0.0.1:port until Ctrl+C or SIGTERM (uvicorn then shuts down cleanly)."""
    import uvicorn
    url = f"http://127.0.0.1:{port}"

    def started() -> None:
        if open_browser:
            webbrowser.open(url)

    # The app's own notes (a tab that lost its connection...) go to the terminal, for whoever
    # reads the server's output; never anything of the plan.
    notes = logging.getLogger("onsplan")
    if not notes.handlers:
        notes.addHandler(logging.StreamHandler())
        notes.setLevel(logging.INFO)
    app = build_app(main, port=port, assets_dir=assets_dir, on_startup=started)
    # An open tab keeps its WebSocket: without a limit, Ctrl+C or SIGTERM waited for it forever.
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            ws="websockets-sansio", proxy_headers=False,
                            timeout_graceful_shutdown=SHUTDOWN_SECONDS)
    uvicorn.Server(config).run()
