"""A TinyDB storage that keeps the whole database as one encrypted, atomically written file.

TinyDB reads the storage on every operation and writes the whole dict after every
change. So the decrypted dict lives in memory (``read`` is free) and every ``write``
encrypts everything and replaces the file durably. The plaintext bytes of the last
successful write are kept, so that a failed write or an abandoned action can put the
in-memory state back to exactly what is on disk without copying on every read.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
from pathlib import Path
from typing import Any, Callable, Iterator

from tinydb.storages import Storage

from . import fileformat
from .atomic import backup_path, write_atomically
from .errors import VaultWriteError
from .fileformat import VaultHeader
from .keys import KeySlot


def serialize(data: Any) -> bytes:
    # Compact and UTF-8: smaller and faster than TinyDB's default. allow_nan=False keeps
    # the file strict JSON that any reader accepts.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


class EncryptedStorage(Storage):
    """TinyDB storage over one ``onsplan-vault/1`` file (see fileformat.py).

    Build it with ``create`` for a new file, or directly with the state a reader has
    already decrypted (``plaintext`` and the file's ``header`` and ``ciphertext``).
    ``main_is_good=False`` says the main file failed and the state came from the
    backup: the next write must then not turn the bad main file into the backup.
    """

    def __init__(self, path: str | os.PathLike, data_key: bytes, header: VaultHeader, *,
                 plaintext: bytes, ciphertext: bytes | None,
                 main_is_good: bool = True) -> None:
        self.path = Path(path)
        self.header = header            # slots and nonce of the file on disk
        self._key = data_key
        self._disk_plain = plaintext    # what is on disk, decrypted: the rollback point
        self._disk_ciphertext = ciphertext
        self._main_is_good = main_is_good
        self._cache: dict[str, Any] = json.loads(plaintext)
        if not isinstance(self._cache, dict):
            raise ValueError("the database must be a JSON object")
        self._savepoints: list[bytes | None] = []
        self._dirty = False             # deferred changes not yet on disk
        # Called after the cache was put back, so that callers drop derived caches
        # (TinyDB's query caches) built from the abandoned state.
        self.on_rollback: Callable[[], None] = lambda: None

    @classmethod
    def create(cls, path: str | os.PathLike, data_key: bytes,
               header: VaultHeader) -> "EncryptedStorage":
        """Write a new, empty database file; refuses to overwrite an existing vault."""
        path = Path(path)
        if path.exists() or backup_path(path).exists():
            raise FileExistsError(f"a vault already exists at {path}")
        storage = cls(path, data_key, header, plaintext=b"{}", ciphertext=None)
        storage._commit()
        return storage

    # --- the TinyDB Storage interface ---------------------------------------------------

    def read(self) -> dict[str, Any]:
        return self._cache

    def write(self, data: dict[str, Any]) -> None:
        self._cache = data
        if self._savepoints:
            self._dirty = True   # inside an action: written once when it ends
        else:
            self._commit()

    def close(self) -> None:
        if self._savepoints:
            raise RuntimeError("cannot close the vault in the middle of an action")

    # --- actions: one user action, one atomic write -----------------------------------

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Defer writes inside to one file write at the end; undo them on an exception.

        Nested batches join the outer one; an exception leaving a nested batch undoes
        only the changes made inside it.
        """
        # None means "same as on disk": the common case costs nothing.
        self._savepoints.append(serialize(self._cache) if self._dirty else None)
        try:
            yield
        except BaseException:
            savepoint = self._savepoints.pop()
            self._restore(self._disk_plain if savepoint is None else savepoint)
            self._dirty = savepoint is not None
            raise
        self._savepoints.pop()
        if not self._savepoints and self._dirty:
            self._commit()

    @property
    def in_batch(self) -> bool:
        return bool(self._savepoints)

    # --- writing ------------------------------------------------------------------------

    def _restore(self, plaintext: bytes) -> None:
        self._cache = json.loads(plaintext)
        self.on_rollback()

    def _commit(self) -> None:
        try:
            plain = serialize(self._cache)
            header, ciphertext = fileformat.seal(self._key, self.header, plain)
            write_atomically(self.path, fileformat.encode(header, ciphertext),
                             keep_backup=self._main_is_good)
        except OSError as exc:
            self._dirty = False
            self._restore(self._disk_plain)
            raise VaultWriteError(disk_full=exc.errno == errno.ENOSPC,
                                  detail=f"{type(exc).__name__}: {exc}") from exc
        except (TypeError, ValueError):
            # Not JSON (a set, a date, NaN): a programming error, but still nothing
            # half-done may stay in memory.
            self._dirty = False
            self._restore(self._disk_plain)
            raise
        self.header, self._disk_ciphertext, self._disk_plain = header, ciphertext, plain
        self._main_is_good = True
        self._dirty = False

    def replace_slot(self, slot: KeySlot) -> None:
        """Put a new key slot into both the main file and the backup.

        The payload (ciphertext and nonce) is copied unchanged: a new PIN never
        re-encrypts the database. The backup is rewritten too, so the old PIN opens
        neither file afterwards.
        """
        if self._disk_ciphertext is None:
            raise RuntimeError("nothing on disk yet")
        header = self.header.with_slot(slot)
        blob = fileformat.encode(header, self._disk_ciphertext)
        try:
            write_atomically(self.path, blob, keep_backup=False)
        except OSError as exc:
            raise VaultWriteError(disk_full=exc.errno == errno.ENOSPC,
                                  detail=f"{type(exc).__name__}: {exc}") from exc
        self.header, self._main_is_good = header, True
        try:
            write_atomically(backup_path(self.path), blob, keep_backup=False)
        except OSError:
            # The change itself succeeded; a backup the old secret opens must not stay.
            try:
                os.remove(backup_path(self.path))
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise VaultWriteError(detail=f"old backup kept: {exc}") from exc
