"""Durable whole-file replacement: temp file, fsync, rename, keep the previous file.

Killing the process at any point leaves ``path`` (or, in the short window between the
two renames, only ``path.bak``) holding a complete earlier or later version: never a
half-written one. Readers fall back to the backup when the main file is missing or bad.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

_O_BINARY = getattr(os, "O_BINARY", 0)   # Windows would otherwise translate newlines


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def temp_path(path: Path) -> Path:
    # A fixed name in the same folder: os.replace is only atomic within one file system,
    # and a leftover from a crash is simply truncated by the next write.
    return path.with_name(path.name + ".tmp")


def fsync_dir(folder: Path) -> None:
    """Make the renames themselves durable (POSIX); best effort elsewhere."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass   # the new file is in place already; some file systems refuse dir fsync
    finally:
        os.close(fd)


def _write_file(target: Path, data: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _O_BINARY, 0o600)
    try:
        view = memoryview(data)
        while view:   # one call in practice; the loop covers short writes
            view = view[os.write(fd, view):]
        os.fsync(fd)  # ENOSPC may surface only here (delayed allocation)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``data`` durably; the old file becomes ``path.bak``.

    ``keep_backup=False`` leaves an existing ``.bak`` alone (used when the main file is
    known to be bad, so that it never overwrites the good backup). On OSError the temp
    file is removed and the error re-raised; the main file and backup are as before,
    except when the final rename itself fails: then only the backup remains, which
    readers accept.
    """
    path = Path(path)
    tmp = temp_path(path)
    try:
        _write_file(tmp, data)
        if keep_backup and path.exists():
            os.replace(path, backup_path(path))
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise
    fsync_dir(path.parent)


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None
