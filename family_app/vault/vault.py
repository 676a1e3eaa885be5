"""The Vault: one profile's encrypted TinyDB, opened with a PIN, passphrase or recovery code.

All methods are synchronous and some are slow on purpose (scrypt, ~0.3 s per secret):
the UI calls them through ``asyncio.to_thread``. Keep an open Vault in the user's
session, never in a module global.
"""
from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from tinydb import TinyDB
from tinydb.table import Document, Table

from . import fileformat
from .atomic import backup_path, read_bytes
from .errors import N_, VaultCorrupt, WrongSecret
from .fileformat import VaultHeader, check_identity, slot_aad
from .keys import (DEFAULT_KDF, derive_kek, make_slot, new_data_key, new_recovery_code,
                   open_slot, recovery_material, secret_material, validate_secret)
from .storage import EncryptedStorage, serialize

_WRONG_RECOVERY = N_("That recovery code is not right.")


class Vault:
    """An unlocked vault. Build it with ``create``, ``open`` or ``open_with_recovery``.

    Use cases make their changes inside ``with vault.action():`` (one user action, one
    atomic write). A bare TinyDB write outside an action is written at once, on its own.
    """

    def __init__(self, storage: EncryptedStorage, data_key: bytes, *,
                 recovered_from_backup: bool = False) -> None:
        self._storage = storage
        self._data_key = data_key
        self._closed = False
        # TinyDB is not thread-safe and the UI runs vault calls in worker threads:
        # actions (and the other whole-database operations) run one at a time.
        self._lock = threading.RLock()
        # True when the main file failed and the backup was used; the UI may say so.
        self.recovered_from_backup = recovered_from_backup
        self.db = TinyDB(storage=lambda: storage)
        storage.on_rollback = self._forget_table_caches

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike, secret: str, *, profile_id: str,
               kind: str) -> tuple["Vault", str]:
        """A new empty vault file and its recovery code (show the code once, then forget it)."""
        validate_secret(secret)
        check_identity(profile_id, kind)
        data_key = new_data_key()
        code = new_recovery_code()
        slots = tuple(
            make_slot(slot_kind, material, data_key, slot_aad(slot_kind, profile_id))
            for slot_kind, material in (("secret", secret_material(secret)),
                                        ("recovery", recovery_material(code))))
        header = VaultHeader(profile_id, kind, DEFAULT_KDF, slots)
        return cls(EncryptedStorage.create(path, data_key, header), data_key), code

    @classmethod
    def open(cls, path: str | os.PathLike, secret: str, *,
             profile_id: str | None = None) -> "Vault":
        """Unlock with the PIN or passphrase. ``profile_id``, when given, must match."""
        return cls._unlock(Path(path), "secret", secret_material(secret), profile_id)

    @classmethod
    def open_with_recovery(cls, path: str | os.PathLike, code: str, *,
                           profile_id: str | None = None) -> "Vault":
        """Unlock with the recovery code; then usually ``change_secret``."""
        return cls._unlock(Path(path), "recovery", recovery_material(code), profile_id)

    @classmethod
    def _unlock(cls, path: Path, slot_kind: str, material: bytes,
                profile_id: str | None) -> "Vault":
        # Try the main file, then the backup. Both usually carry the same slot, so the
        # derived key is cached: a wrong secret costs one scrypt, not two.
        keks: dict[tuple, bytes] = {}
        found, wrong_secret, problems = False, False, []
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
                plaintext = fileformat.unseal(data_key, header, ciphertext)
                storage = EncryptedStorage(path, data_key, header, plaintext=plaintext,
                                           ciphertext=ciphertext, main_is_good=not is_backup)
            except WrongSecret:
                wrong_secret = True
                continue
            except VaultCorrupt as exc:
                problems.append(f"{candidate.name}: {exc.detail}")
                continue
            except ValueError:   # authenticated but not JSON: a writer bug
                problems.append(f"{candidate.name}: payload is not JSON")
                continue
            return cls(storage, data_key, recovered_from_backup=is_backup)
        if not found:
            raise FileNotFoundError(f"no vault at {path}")
        if wrong_secret:
            # A damaged slot and a wrong secret cannot be told apart; the secret is
            # by far the likelier cause, and the right one will reach a good copy.
            raise WrongSecret(_WRONG_RECOVERY if slot_kind == "recovery" else None)
        raise VaultCorrupt(detail="; ".join(problems))

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

    # --- data ---------------------------------------------------------------------------

    def table(self, name: str) -> Table:
        self._check_open()
        return self.db.table(name)

    @contextlib.contextmanager
    def action(self) -> Iterator[None]:
        """``with vault.action(): ...``: every change inside is ONE atomic file write.

        If the block raises, all its changes are undone in memory and nothing is
        written. A failed write raises VaultWriteError with nothing lost. Actions from
        different threads run one after another; nested actions join the outer one.
        """
        self._check_open()
        with self._lock, self._storage.batch():
            yield

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
        for table in list(self.db._tables.values()):
            table.clear_cache()
            table._next_id = None

    # --- secrets ------------------------------------------------------------------------

    def change_secret(self, new_secret: str) -> None:
        """Set a new PIN or passphrase: rewraps the "secret" slot, never re-encrypts."""
        self._check_open()
        validate_secret(new_secret)
        slot = make_slot("secret", secret_material(new_secret), self._data_key,
                         slot_aad("secret", self.profile_id))
        with self._lock:
            self._storage.replace_slot(slot)

    # --- lifetime -----------------------------------------------------------------------

    def close(self) -> None:
        if not self._closed:
            self.db.close()
            self._closed = True
            self._data_key = b""

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("the vault is closed")

    def __enter__(self) -> "Vault":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
