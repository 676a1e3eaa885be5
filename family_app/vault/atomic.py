"""Durable whole-file replacement: temp file, fsync, rename, keep the previous file.

Killing the process at any point leaves ``path`` (or, in the short window between the
two renames, only ``path.bak``) holding a complete earlier or later version: never a
half-written one. Readers fall back to the backup when the main file is missing or bad.

Each write uses a temp file of its own (``<name>.<random>.tmp``), so two writers never
write into one temp file. A temp file left by a killed process is removed by
``remove_leftover_temp_files``, which the vault calls when it is opened under its lock.
"""
from __future__ import annotations

import contextlib
import glob
import os
import secrets
from pathlib import Path

_O_BINARY = getattr(os, "O_BINARY", 0)   # Windows would otherwise translate newlines


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def new_temp_path(path: Path) -> Path:
    # In the same folder (os.replace is only atomic within one file system), and unique:
    # a fixed name would let two writers write into, and rename, each other's temp file.
    return path.with_name(f"{path.name}.{secrets.token_hex(6)}.tmp")


def leftover_temp_files(path: Path) -> list[Path]:
    """Temp files of ``path`` (and of its backup) that some write left behind.

    Also the fixed ``<name>.tmp`` that versions before unique names used.
    """
    path = Path(path)
    found = [Path(p) for p in glob.glob(os.path.join(glob.escape(str(path.parent)),
                                                     glob.escape(path.name) + ".*.tmp"))]
    legacy = path.with_name(path.name + ".tmp")
    if legacy.exists():
        found.append(legacy)
    return sorted(found)


def remove_leftover_temp_files(path: Path) -> None:
    """Remove what killed writes left behind. Call only while no one else can write
    ``path`` (the vault holds its lock), or a write in progress loses its temp file."""
    for leftover in leftover_temp_files(path):
        with contextlib.suppress(OSError):
            os.remove(leftover)


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


def _write_file(target: Path, data: bytes, sync: bool = True) -> None:
    # O_EXCL: the name is new; never write into a file someone else has open.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o600)
    try:
        view = memoryview(data)
        while view:   # one call in practice; the loop covers short writes
            view = view[os.write(fd, view):]
        if sync:
            os.fsync(fd)  # ENOSPC may surface only here (delayed allocation)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes, *, keep_backup: bool = True,
                     sync: bool = True) -> None:
    """Replace ``path`` with ``data`` durably; the old file becomes ``path.bak``.

    ``keep_backup=False`` leaves an existing ``.bak`` alone (used when the main file is
    known to be bad, so that it never overwrites the good backup). On OSError the temp
    file is removed and the error re-raised; the main file and backup are as before,
    except when the final rename itself fails: then only the backup remains, which
    readers accept. ``sync=False`` skips the fsyncs, for small records where losing the
    latest version in a power cut is acceptable (the rename is still atomic).
    """
    path = Path(path)
    tmp = new_temp_path(path)
    try:
        _write_file(tmp, data, sync)
        if keep_backup and path.exists():
            os.replace(path, backup_path(path))
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise
    if sync:
        fsync_dir(path.parent)


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None
