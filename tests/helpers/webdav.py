"""A real WebDAV server for the relay tests: WsgiDAV (PyPI) on cheroot, on 127.0.0.1.

    server = WebDavServer(folder); server.start()     # the `webdav` fixture does this
    server.url, server.user, server.password           # what a family types in
    server.fault = "full"                              # 507 on every upload, until None
    server.stop(); server.start()                      # down, then back on the same port

The server's files are plain files under `folder`, so a test can delete or copy one as a
person with the Nextcloud web page would. Faults are a small WSGI layer in front of WsgiDAV:
"full" answers uploads with 507, "password" answers everything with 401 (the app password
was changed), "stall" takes an upload's first bytes and then waits (released by `release`,
or when the server stops) so the client times out halfway.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

from cheroot import wsgi
from wsgidav.wsgidav_app import WsgiDAVApp

USER, PASSWORD = "gezin", "app-wachtwoord-1"


class WebDavServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.fault: str | None = None
        self.release = threading.Event()
        self.port = 0
        self._server: wsgi.Server | None = None
        self._thread: threading.Thread | None = None
        self._dav = WsgiDAVApp({
            "provider_mapping": {"/": str(folder)},
            "simple_dc": {"user_mapping": {"*": {USER: {"password": PASSWORD}}}},
            "http_authenticator": {"accept_basic": True, "accept_digest": False,
                                   "default_to_digest": False, "trusted_auth_header": None},
            "verbose": 0, "logging": {"enable": False}, "lock_storage": True,
            "dir_browser": {"enable": False},
        })

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    user, password = USER, PASSWORD

    def start(self) -> None:
        self.release.clear()
        if not self.port:  # a free port, picked once and kept over a stop and start
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
        server = wsgi.Server(("127.0.0.1", self.port), self._app, numthreads=4,
                             shutdown_timeout=1, reuse_port=True)
        server.prepare()
        self._server = server
        self._thread = threading.Thread(target=server.serve, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.release.set()  # a stalled upload ends with the server
        if self._server is not None:
            self._server.stop()
            self._thread.join(5)
            self._server = None

    def files(self) -> list[str]:
        """Every file in the folder, as paths relative to it (what the server holds)."""
        return sorted(str(p.relative_to(self.folder)) for p in self.folder.rglob("*") if p.is_file())

    def _app(self, environ, start_response):
        fault, method = self.fault, environ["REQUEST_METHOD"]
        if fault == "password":
            start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="/"'),
                                                ("Content-Length", "0")])
            return [b""]
        if fault == "full" and method == "PUT":
            start_response("507 Insufficient Storage", [("Content-Length", "0")])
            return [b""]
        if fault == "stall" and method == "PUT":
            environ["wsgi.input"] = _Stalling(environ["wsgi.input"], self.release)
        return self._dav(environ, start_response)


class _Stalling:
    """An upload whose first bytes arrive and then nothing, until `release`: WsgiDAV writes
    what came (a half file under the upload's own name) and the client times out."""

    def __init__(self, stream, release: threading.Event) -> None:
        self.stream, self.release, self.given = stream, release, False

    def read(self, size: int = -1) -> bytes:
        if not self.given:
            self.given = True
            return self.stream.read(min(16, size) if size and size > 0 else 16)
        self.release.wait(30)
        return b""



def serving(folder: Path):
    """A fixture's body: a WebDAV server on the empty `folder`, stopped after the test."""
    dav = WebDavServer(folder)
    dav.start()
    yield dav
    dav.stop()
