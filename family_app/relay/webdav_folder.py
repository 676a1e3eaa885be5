"""The one seam with the network: a WebDAV folder, through webdav4 (over httpx).

    folder = WebDavFolder(connection)
    folder.names("node1")                  # the files in a subfolder ([] if it is not there)
    folder.read("node1/00000003-ab12.onsplan")
    folder.write("node1/00000004-cd34.onsplan", data, temporary="node1/.cd34.part")

`write` is atomic for every reader: the bytes go up under a temporary name that no reader
takes, and only a MOVE (one step on the server) gives them their final name, so a final
name never shows a half file. Every failure of the network or the server becomes a
RelayError with words for the family (errors.py); nothing else escapes.
"""

from __future__ import annotations

import io
from http import HTTPStatus

import httpx
from webdav4.client import (
    Client, ClientError, HTTPError, InsufficientStorage, ResourceAlreadyExists, ResourceConflict,
    ResourceNotFound,
)

from sync.body import MAX_BODY

from family_app.relay.errors import (
    FileGone, FileTooLarge, RelayError, RelayFolderMissing, RelayFull, RelayPasswordWrong,
    RelayTimeout, RelayUnreachable,
)
from family_app.relay.connection import Connection

TIMEOUT = 20.0  # seconds for one request: a slow phone line, not a dead server
# The largest file a sync may take: a bundle's body inflates to at most MAX_BODY, DEFLATE
# never makes it larger than that and a few bytes, and the envelope adds far less than 64 KiB.
MAX_FILE = MAX_BODY + 64 * 1024


class WebDavFolder:
    def __init__(self, connection: Connection, *, timeout: float = TIMEOUT) -> None:
        # No retries inside webdav4: a failed sync is simply tried again by the next one.
        self._client = Client(connection.url, auth=(connection.user, connection.password),
                              retry=False, timeout=timeout)

    def check(self) -> None:
        """The folder exists and takes our password (for connecting)."""
        with _translated(""):
            try:
                found = self._client.isdir("")
            except ResourceNotFound:
                found = False
            if not found:
                raise RelayFolderMissing()

    def names(self, subfolder: str = "") -> list[str]:
        """The names in `subfolder` (directories end with "/"); [] when it does not exist."""
        with _translated(subfolder):
            try:
                entries = self._client.ls(subfolder, detail=True)
            except ResourceNotFound:
                if not subfolder:
                    raise RelayFolderMissing() from None
                return []
        return [entry["name"].rstrip("/").rsplit("/", 1)[-1] + ("/" if entry["type"] == "directory" else "")
                for entry in entries]

    def make_subfolder(self, subfolder: str) -> None:
        with _translated(subfolder):
            try:
                self._client.mkdir(subfolder)
            except ResourceAlreadyExists:
                pass
            except ResourceConflict:  # its parent, the family's folder, is gone
                raise RelayFolderMissing(detail=subfolder) from None

    def read(self, path: str) -> bytes:
        """The file's bytes; FileTooLarge as soon as it grows past MAX_FILE (what is in the
        folder is anyone's with the password: never read it whole before it is checked)."""
        buffer = _Capped()
        with _translated(path):
            try:
                self._client.download_fileobj(path, buffer)
            except ResourceNotFound:
                raise FileGone(detail=path) from None
        return buffer.getvalue()

    def write(self, path: str, data: bytes, *, temporary: str, replace: bool = False) -> None:
        """Put `data` under `path` in one step for readers; `path` must be new unless
        `replace`."""
        with _translated(path):
            self._client.upload_fileobj(io.BytesIO(data), temporary, overwrite=True)
            self._client.move(temporary, path, overwrite=replace)

    def remove(self, path: str) -> None:
        with _translated(path):
            try:
                self._client.remove(path)
            except ResourceNotFound:
                pass  # gone already: what we wanted


class _Capped(io.BytesIO):
    """A download buffer that stops at MAX_FILE bytes."""

    def write(self, data) -> int:
        if self.tell() + len(data) > MAX_FILE:
            raise FileTooLarge(detail=f"more than {MAX_FILE} bytes")
        return super().write(data)


class _translated:
    """Turn what webdav4 and httpx raise into the family's words (errors.py)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, trace) -> bool:
        if error is None or isinstance(error, RelayError):
            return False
        detail = f"{self.path}: {error!r}"
        if isinstance(error, httpx.TimeoutException):
            raise RelayTimeout(detail=detail) from None
        if isinstance(error, httpx.TransportError):  # refused, no route, DNS, TLS
            raise RelayUnreachable(detail=detail) from None
        if isinstance(error, InsufficientStorage):
            raise RelayFull(detail=detail) from None
        if isinstance(error, HTTPError) and error.status_code in (HTTPStatus.UNAUTHORIZED,
                                                                  HTTPStatus.FORBIDDEN):
            raise RelayPasswordWrong(detail=detail) from None
        if isinstance(error, (ClientError, httpx.HTTPError)):
            raise RelayError(detail=detail) from None
        return False
