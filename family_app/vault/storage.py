"""A TinyDB storage that keeps the whole database as one encrypted, atomically written file.

TinyDB reads the storage on every operation and writes the whole dict after every
change. So the decrypted dict lives in memory (``read`` is free) and every ``write``
encrypts everything and replaces the file durably. The plaintext bytes of the last
successful write are kept, so that a failed write or an abandoned action can put the
in-memory state back to exactly what is on disk without copying on every read.

Every write also stores a write counter inside the encrypted database, under the reserved
key ``"_vault"`` (``{"1": {"writes": n}}``, shaped like a TinyDB table so that older
readers simply see one more table). The counter goes up by one with every write, across
new PINs and new keys; TinyDB and the app never see it. The vault compares it with the
highest counter this device has seen, to notice an older file put back (vault.py).
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
from pathlib import Path
from typing import Any, Callable, Iterator

from tinydb.storages import Storage

from family_app.vault import fileformat
from family_app.vault.atomic import backup_path, remove_leftover_temp_files, write_atomically
from family_app.vault.errors import VaultWriteError
from family_app.vault.fileformat import VaultHeader
from family_app.vault.keys import KeySlot

WRITES_KEY = "_vault"   # reserved top-level key of the database: the write counter


def old_copy_path(path: Path) -> Path:
    """Where new keys put the previous file when the family asks to keep it.

    No reader ever tries this name: it stays under the old keys, and falling back to it
    would let the old PIN in again.
    """
    return path.with_name(path.name + ".old")


def _with_writes(plain: bytes, writes: int) -> bytes:
    """The serialized database with the write counter added (``plain`` is compact JSON)."""
    entry = b'"%s":{"1":{"writes":%d}}' % (WRITES_KEY.encode(), writes)
    return b"{" + entry + b"}" if plain == b"{}" else plain[:-1] + b"," + entry + b"}"


def _write_error(exc: OSError, detail: str = "") -> VaultWriteError:
    return VaultWriteError(disk_full=exc.errno == errno.ENOSPC,
                           detail=detail or f"{type(exc).__name__}: {exc}")


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
        self._disk_ciphertext = ciphertext
        self._main_is_good = main_is_good
        self._cache: dict[str, Any] = json.loads(plaintext)
        if not isinstance(self._cache, dict):
            raise ValueError("the database must be a JSON object")
        # The write counter of the file read (0 for files from before the counter). The
        # vault may raise it (never lower it) so that the next write counts on above the
        # highest counter this device has seen.
        self.writes = 0
        if WRITES_KEY in self._cache:
            self.writes = _read_writes(self._cache.pop(WRITES_KEY))
            plaintext = serialize(self._cache)
        self._disk_plain = plaintext    # what is on disk, decrypted: the rollback point
        # Called with the new counter after every successful write (the vault records it).
        self.on_written: Callable[[int], None] = lambda writes: None
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
        writes = self.writes + 1
        try:
            if WRITES_KEY in self._cache:
                raise ValueError(f"the table name {WRITES_KEY!r} is reserved")
            plain = serialize(self._cache)
            header, ciphertext = fileformat.seal(self._key, self.header,
                                                 _with_writes(plain, writes))
            write_atomically(self.path, fileformat.encode(header, ciphertext),
                             keep_backup=self._main_is_good)
        except OSError as exc:
            self._dirty = False
            self._restore(self._disk_plain)
            raise _write_error(exc) from exc
        except (TypeError, ValueError):
            # Not JSON (a set, a date, NaN): a programming error, but still nothing
            # half-done may stay in memory.
            self._dirty = False
            self._restore(self._disk_plain)
            raise
        self.header, self._disk_ciphertext, self._disk_plain = header, ciphertext, plain
        self._main_is_good = True
        self._dirty = False
        self.writes = writes
        self.on_written(writes)

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
            raise _write_error(exc) from exc
        self.header, self._main_is_good = header, True
        self._replace_backup(blob)

    def _replace_backup(self, blob: bytes) -> None:
        """Make the backup ``blob`` too (or remove it): the old secrets must open neither."""
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

    def rekey(self, data_key: bytes, header: VaultHeader, *, keep_old_copy: bool = False) -> None:
        """Encrypt the whole database again under ``data_key``, with ``header``'s slots.

        The new file replaces the main file and the backup, and leftover temp files go
        too: afterwards no file under this name opens with the old PIN, the old recovery
        code or the old data key. ``keep_old_copy`` first saves the current file, under
        the old keys, as ``<name>.old`` (which no reader tries). On a failed write of the
        main file nothing has changed: the old keys still open it.
        """
        if self._savepoints:
            raise RuntimeError("cannot change the keys in the middle of an action")
        if self._disk_ciphertext is None:
            raise RuntimeError("nothing on disk yet")
        writes = self.writes + 1
        plain = serialize(self._cache)
        sealed, ciphertext = fileformat.seal(data_key, header, _with_writes(plain, writes))
        blob = fileformat.encode(sealed, ciphertext)
        try:
            if keep_old_copy:
                write_atomically(old_copy_path(self.path),
                                 fileformat.encode(self.header, self._disk_ciphertext),
                                 keep_backup=False)
            write_atomically(self.path, blob, keep_backup=False)
        except OSError as exc:
            raise _write_error(exc) from exc
        self._key, self.header, self._disk_ciphertext = data_key, sealed, ciphertext
        self._disk_plain, self._main_is_good, self.writes = plain, True, writes
        self._replace_backup(blob)
        remove_leftover_temp_files(self.path)
        self.on_written(writes)


def _read_writes(entry: Any) -> int:
    try:
        writes = entry["1"]["writes"]
    except (KeyError, TypeError):
        return 0
    return writes if type(writes) is int and writes >= 0 else 0
