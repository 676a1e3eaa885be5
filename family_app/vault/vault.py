"""The Vault: one profile's encrypted TinyDB, opened with a PIN, passphrase or recovery code.

All methods are synchronous and some are slow on purpose (scrypt, ~0.3 s per secret):
the UI calls them through ``asyncio.to_thread``. Keep an open Vault in the user's
session, never in a module global.

An open Vault holds the vault's OS lock (oslock.py) until ``close``: a second opener, in
this process or another, gets VaultInUse. Every attempt to unlock is counted in the file
(lockout.py) before the secret is tried, and refused with TooManyAttempts while a delay
runs.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from tinydb import TinyDB
from tinydb.table import Document, Table

from family_app.vault import fileformat
from family_app.vault.atomic import backup_path, read_bytes, remove_leftover_temp_files
from family_app.vault.errors import (N_, RolledBack, TooManyAttempts, VaultCorrupt,
                                     VaultWriteError, WrongSecret)
from family_app.vault.fileformat import VaultHeader, check_identity, slot_aad
from family_app.vault import keys
from family_app.vault.keys import (KdfParams, KeySlot, derive_kek, make_slot, new_data_key,
                                   new_recovery_code, open_slot, recovery_material,
                                   secret_material, validate_secret)
from family_app.vault.lockout import Lockout
from family_app.vault.oslock import VaultLock
from family_app.vault.records import Parsed, Records
from family_app.vault.rollback import LastSeen
from family_app.vault.storage import EncryptedStorage, serialize

_WRONG_RECOVERY = N_("That recovery code is not right.")


class InnerActionFailed(RuntimeError):
    """An action inside another failed and the failure was caught inside the outer one:
    the inner changes cannot be undone alone, so the whole outer action was undone."""


class Vault:
    """An unlocked vault. Build it with ``create``, ``open`` or ``open_with_recovery``.

    Use cases reach the data through ``records(name)`` and make their changes inside
    ``with vault.action():`` (one user action, one atomic write). A write outside an
    action is written at once, on its own.
    """

    def __init__(self, storage: EncryptedStorage, data_key: bytes, *,
                 recovered_from_backup: bool = False, file_lock: VaultLock | None = None,
                 last_seen: LastSeen | None = None,
                 rollback: RolledBack | None = None) -> None:
        self._storage = storage
        self._data_key = data_key
        self._closed = False
        self._file_lock = file_lock     # released by close (or by the OS if we die)
        self._last_seen = last_seen
        # Set when the file opened is older than the newest this device has seen; the
        # UI should show ``rollback.problem``. The next save counts on above the newest
        # counter seen, so the next open no longer reports it.
        self.rollback = rollback
        if last_seen is not None:
            storage.on_written = last_seen.record
        # TinyDB is not thread-safe and the UI runs vault calls in worker threads:
        # actions (and the other whole-database operations) run one at a time.
        self._lock = threading.RLock()
        self._inner_failed = False   # an inner action failed in the current action
        # True when the main file failed and the backup was used; the UI may say so.
        self.recovered_from_backup = recovered_from_backup
        # What use cases made of stored records (Records.parsed), while the vault is open.
        self._parsed: Parsed = {}
        # Whether the secret of this session is a PIN (passphrase_slot); None when unknown.
        self._secret_is_pin: bool | None = None
        self.db = TinyDB(storage=lambda: storage)
        storage.on_rollback = self._forget_table_caches

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike, secret: str, *, profile_id: str,
               kind: str, last_seen: str | os.PathLike | None = None) -> tuple["Vault", str]:
        """A new empty vault file and its recovery code (show the code once, then forget it).

        ``last_seen``: where this device keeps the vault's highest write counter (see
        rollback.py); without it, an older file put back is not noticed.
        """
        validate_secret(secret)
        check_identity(profile_id, kind)
        data_key = new_data_key()
        code = new_recovery_code()
        kdf = keys.DEFAULT_KDF
        slots = tuple(
            make_slot(slot_kind, material, data_key, slot_aad(slot_kind, profile_id), kdf)
            for slot_kind, material in (("secret", secret_material(secret)),
                                        ("recovery", recovery_material(code))))
        header = VaultHeader(profile_id, kind, kdf, slots)
        lock = VaultLock.acquire(path)
        try:
            seen = LastSeen(last_seen) if last_seen is not None else None
            storage = EncryptedStorage.create(path, data_key, header)
            if seen is not None:
                seen.record(storage.writes)
        except BaseException:
            lock.release()
            raise
        vault = cls(storage, data_key, file_lock=lock, last_seen=seen)
        vault._secret_is_pin = keys.is_pin(secret)
        return vault, code

    @classmethod
    def open(cls, path: str | os.PathLike, secret: str, *,
             profile_id: str | None = None, clock: Callable[[], float] = time.time,
             last_seen: str | os.PathLike | None = None) -> "Vault":
        """Unlock with the PIN or passphrase. ``profile_id``, when given, must match.

        Raises VaultInUse (open elsewhere), TooManyAttempts (a delay runs: nothing was
        tried), WrongSecret (with ``wait_seconds``), VaultCorrupt or FileNotFoundError.
        """
        vault = cls._unlock(Path(path), "secret", secret_material(secret), profile_id,
                            clock, last_seen)
        vault._secret_is_pin = keys.is_pin(secret)
        return vault

    @classmethod
    def open_with_recovery(cls, path: str | os.PathLike, code: str, *,
                           profile_id: str | None = None,
                           clock: Callable[[], float] = time.time,
                           last_seen: str | os.PathLike | None = None) -> "Vault":
        """Unlock with the recovery code; then usually ``change_secret``.

        Wrong codes are delayed like wrong PINs, counted apart from them. A text that
        cannot be a code (MalformedRecoveryCode) is refused before anything is counted.
        """
        return cls._unlock(Path(path), "recovery", recovery_material(code), profile_id,
                           clock, last_seen)

    @classmethod
    def _unlock(cls, path: Path, slot_kind: str, material: bytes, profile_id: str | None,
                clock: Callable[[], float],
                last_seen: str | os.PathLike | None) -> "Vault":
        # The lock first: while another opener holds it, no secret is tried or counted.
        lock = VaultLock.acquire(path)
        try:
            remove_leftover_temp_files(path)   # of killed writers; no one else writes now
            lockout = Lockout(path, slot_kind, clock=clock, held=lock)
            wait = lockout.wait_seconds()
            if wait > 0:
                raise TooManyAttempts(wait)
            # Count the guess before trying it, so that killing the app in the middle
            # of the check does not make it free. A right secret clears it below. A
            # guess that cannot be counted (a full disk) is not tried at all.
            try:
                delay = lockout.record_failure()
            except OSError as exc:
                raise VaultWriteError(disk_full=exc.errno == errno.ENOSPC,
                                      detail=f"attempt not counted: {exc}") from exc
            vault = cls._try_secret(path, slot_kind, material, profile_id, lockout, delay)
            vault._file_lock = lock
            if last_seen is not None:
                vault._check_rollback(LastSeen(last_seen))
            return vault
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _try_secret(cls, path: Path, slot_kind: str, material: bytes,
                    profile_id: str | None, lockout: Lockout, delay: float) -> "Vault":
        # Try the main file, then the backup. Both usually carry the same slot, so the
        # derived key is cached: a wrong secret costs one scrypt, not two.
        keks: dict[tuple, bytes] = {}
        found, wrong_secret, right_secret, problems = False, False, False, []
        for candidate, is_backup in ((path, False), (backup_path(path), True)):
            blob = read_bytes(candidate)
            if blob is None:
                continue
            found = True
            try:
                header, ciphertext = fileformat.decode(blob)
                if profile_id is not None and header.profile_id != profile_id:
                    raise VaultCorrupt(detail="file belongs to another profile")
                slot = header.slot(slot_kind)
                kek_id = (slot.salt, header.kdf)
                if kek_id not in keks:
                    keks[kek_id] = derive_kek(material, slot.salt, header.kdf)
                data_key = open_slot(slot, keks[kek_id], slot_aad(slot_kind, header.profile_id))
                right_secret = True
                plaintext = fileformat.unseal(data_key, header, ciphertext)
                storage = EncryptedStorage(path, data_key, replace(header, attempts=None),
                                           plaintext=plaintext, ciphertext=ciphertext,
                                           main_is_good=not is_backup)
            except WrongSecret:
                wrong_secret = True
                continue
            except VaultCorrupt as exc:
                problems.append(f"{candidate.name}: {exc.detail}")
                continue
            except ValueError:   # authenticated but not JSON: a writer bug
                problems.append(f"{candidate.name}: payload is not JSON")
                continue
            cls._clear_count(lockout)
            return cls(storage, data_key, recovered_from_backup=is_backup)
        if right_secret:
            cls._clear_count(lockout)   # the secret was right; the files are not
        if not found:
            raise FileNotFoundError(f"no vault at {path}")
        if wrong_secret and not right_secret:
            # A damaged slot and a wrong secret cannot be told apart; the secret is
            # by far the likelier cause, and the right one will reach a good copy.
            raise WrongSecret(_WRONG_RECOVERY if slot_kind == "recovery" else None,
                              wait_seconds=delay)
        raise VaultCorrupt(detail="; ".join(problems))

    @staticmethod
    def _clear_count(lockout: Lockout) -> None:
        try:
            lockout.record_success()
        except OSError:
            pass   # the right secret must still open; the next save rewrites the header

    def _check_rollback(self, last_seen: LastSeen) -> None:
        """Compare the file's write counter with the highest this device has seen."""
        self._last_seen = last_seen
        self._storage.on_written = last_seen.record
        remove_leftover_temp_files(last_seen.path)   # only the lock holder writes it
        found, expected = self._storage.writes, last_seen.read()
        if expected is None or found >= expected:
            last_seen.record(found)
            return
        # The backup is one write behind the main file: the UI already says it was used.
        if not (self.recovered_from_backup and found == expected - 1):
            self.rollback = RolledBack(found, expected)
        # Whatever is saved next counts on above both, so the check stays meaningful.
        self._storage.writes = expected

    # --- identity -----------------------------------------------------------------------

    @property
    def profile_id(self) -> str:
        return self._storage.header.profile_id

    @property
    def kind(self) -> str:
        return self._storage.header.kind

    @property
    def path(self) -> Path:
        return self._storage.path

    def recovery_key_material(self) -> tuple[bytes, KdfParams, KeySlot]:
        """The data key, the scrypt cost and the recovery slot: what a backup needs to open
        with the recovery code (docs/backup-format.md). Nothing else outside the vault
        holds the data key."""
        self._check_open()
        header = self._storage.header
        return self._data_key, header.kdf, header.slot("recovery")

    def passphrase_slot(self) -> KeySlot | None:
        """The "secret" slot when it holds a passphrase, for a backup that may open with it
        too (docs/backup-format.md); None when it holds a PIN (a few digits protect no
        copy of a file from offline guessing) or when this session does not know (opened
        with the recovery code, no new secret yet). The file never says which it is."""
        self._check_open()
        if self._secret_is_pin is not False:
            return None
        return self._storage.header.slot("secret")

    # --- data ---------------------------------------------------------------------------

    def table(self, name: str) -> Table:
        """The TinyDB table itself, for the vault's own code and its tests; use cases go
        through ``records``."""
        self._check_open()
        return self.db.table(name)

    def records(self, name: str) -> Records:
        """The records of one table (records.py): what use cases read and write."""
        return Records(self.table(name), self._parsed)

    @contextlib.contextmanager
    def action(self) -> Iterator[None]:
        """``with vault.action(): ...``: every change inside is ONE atomic file write.

        If the block raises, all its changes are undone in memory and nothing is
        written. A failed write raises VaultWriteError with nothing lost. Actions from
        different threads run one after another.

        Nested actions join the outer one, without a savepoint of their own: one would
        copy the whole database, at every nested action of every save. So an inner
        action cannot be undone alone: when one fails, the whole outer action is undone,
        also if the failure was caught inside it (the outer action then raises
        InnerActionFailed instead of writing half an action).
        """
        self._check_open()
        with self._lock:
            if self._storage.in_batch:
                try:
                    yield
                except BaseException:
                    self._inner_failed = True
                    raise
                return
            self._inner_failed = False
            with self._storage.batch():
                yield
                if self._inner_failed:
                    raise InnerActionFailed()

    def read_all(self) -> dict[str, list[Document]]:
        """A deep copy of every table's documents, in id order (for export).

        The documents are TinyDB Documents: plain dicts that also carry ``doc_id``,
        which ``replace_all`` keeps.
        """
        self._check_open()
        with self._lock:
            data = json.loads(serialize(self._storage.read()))
        return {name: [Document(doc, int(doc_id))
                       for doc_id, doc in sorted(docs.items(), key=lambda kv: int(kv[0]))]
                for name, docs in data.items()}

    def replace_all(self, tables: Mapping[str, Iterable[Mapping[str, Any]]]) -> None:
        """Replace the whole database in one write (for import).

        Documents with a ``doc_id`` attribute (as from ``read_all``) keep it; others
        get the next free id in order.
        """
        self._check_open()
        fresh: dict[str, dict[str, Any]] = {}
        for name, docs in tables.items():
            docs = list(docs)
            given = [d.doc_id for d in docs if getattr(d, "doc_id", None) is not None]
            if len(set(given)) != len(given):
                raise ValueError(f"table {name!r} has the same doc_id twice")
            next_id = max(given, default=0) + 1
            rows: dict[str, Any] = {}
            for doc in docs:
                doc_id = getattr(doc, "doc_id", None)
                if doc_id is None:
                    doc_id, next_id = next_id, next_id + 1
                rows[str(doc_id)] = dict(doc)
            fresh[name] = rows
        # The JSON round trip checks everything is storable before anything changes,
        # and keeps the caller's objects out of the database.
        fresh = json.loads(serialize(fresh))
        with self._lock:
            self._storage.write(fresh)
            self._forget_table_caches()

    def _forget_table_caches(self) -> None:
        # TinyDB's tables remember query results and the next free id; after a rollback
        # or a replace they may describe a state that no longer exists.
        self._parsed.clear()
        for table in list(self.db._tables.values()):
            table.clear_cache()
            table._next_id = None

    # --- secrets ------------------------------------------------------------------------

    def change_secret(self, new_secret: str) -> None:
        """Set a new PIN or passphrase: rewraps the "secret" slot, never re-encrypts."""
        self._check_open()
        validate_secret(new_secret)
        # At the file's own cost: the header names one for all its slots.
        slot = make_slot("secret", secret_material(new_secret), self._data_key,
                         slot_aad("secret", self.profile_id), self._storage.header.kdf)
        with self._lock:
            self._storage.replace_slot(slot)
            self._secret_is_pin = keys.is_pin(new_secret)

    def rekey(self, new_secret: str, *, keep_old_copy: bool = False) -> str:
        """New keys for everything, for when someone may know the PIN or the code.

        A new data key encrypts the whole database again; new slots hold it for
        ``new_secret`` and for a new recovery code, which is returned (show it once). The
        main file and the backup are both replaced, so neither the old PIN, nor the old
        recovery code, nor the old data key opens any file under this name, nor any copy
        made from now on. Copies taken before (and ``<name>.old``, kept only when
        ``keep_old_copy`` is asked) still open with the old secrets: nothing can change
        a file that someone else holds.

        Slow (two scrypt runs); raises WeakSecret before anything, VaultWriteError with
        nothing changed when the new file cannot be written.
        """
        self._check_open()
        validate_secret(new_secret)
        data_key = new_data_key()
        code = new_recovery_code()
        kdf = keys.DEFAULT_KDF   # new keys at today's cost
        slots = tuple(
            make_slot(slot_kind, material, data_key, slot_aad(slot_kind, self.profile_id), kdf)
            for slot_kind, material in (("secret", secret_material(new_secret)),
                                        ("recovery", recovery_material(code))))
        header = VaultHeader(self.profile_id, self.kind, kdf, slots)
        with self._lock:
            self._storage.rekey(data_key, header, keep_old_copy=keep_old_copy)
            self._data_key = data_key
            self._secret_is_pin = keys.is_pin(new_secret)
        return code

    # --- lifetime -----------------------------------------------------------------------

    def close(self) -> None:
        if not self._closed:
            self.db.close()
            self._closed = True
            self._data_key = b""
            self._parsed.clear()   # no plan in memory once it is locked
            if self._file_lock is not None:
                self._file_lock.release()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("the vault is closed")

    def __enter__(self) -> "Vault":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
