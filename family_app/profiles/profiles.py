"""The profiles on one device: the family plan, each young person's plan, a begeleider's
workspace. Each is its own vault file with its own secret, so one cannot open another.

    <data_dir>/profiles.json              registry: id, kind, label, created (plaintext)
    <data_dir>/profiles/<id>.vault        the encrypted vault (+ .bak, transient
                                          .<random>.tmp and .lock; .old if kept)
    <data_dir>/last-seen/<id>.json        highest write counter seen (no family data)

The wrong-secret counts live in the vault file's own header (vault/lockout.py). Older
versions kept them in <id>.lockout.json; an unlock takes such a file over and removes it.

The label is the only text a user chooses that is stored unencrypted: the picker must
show it before anything is unlocked. docs/vault-format.md lists all plaintext.
"""
from __future__ import annotations

import json
import os
import secrets
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from family_app.vault import (KINDS, Lockout, TooManyAttempts, Vault, VaultCorrupt,
                              VaultInUse, validate_secret)
from family_app.vault.atomic import (backup_path, leftover_temp_files, read_bytes,
                                     write_atomically)
from family_app.vault.fileformat import MAX_HEADER_LEN, decode_header
from family_app.vault.lockout import FREE_ATTEMPTS
from family_app.vault.oslock import VaultLock, lock_path
from family_app.safety import shown_contacts
from family_app.vault.storage import old_copy_path
from i18n.problems import N_, Problem


REGISTRY_FORMAT = "onsplan-profiles/1"
MAX_LABEL_LEN = 60


@dataclass(frozen=True)
class Profile:
    id: str
    kind: str        # "family" | "youth" | "begeleider"; the vault header is authoritative
    label: str       # shown in the picker, chosen by the user
    created: str     # ISO 8601, UTC


class ProfileError(Problem):
    """A profile request that the user can correct; ``problem`` is an English msgid."""

    def __init__(self, problem: str, detail: str = "") -> None:
        super().__init__(problem, detail=detail)

    def __str__(self) -> str:   # KeyError would otherwise show the repr
        return self.args[0]


class ProfileNotFound(ProfileError, KeyError):
    pass


class LabelProblem(ProfileError, ValueError):
    pass


def _clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise LabelProblem(N_("Please give this plan a name."))
    if len(label) > MAX_LABEL_LEN:
        raise LabelProblem(N_("A name can have at most 60 characters."), label[:20])
    if not label.isprintable():
        raise LabelProblem(N_("A name cannot contain special control characters."))
    return label


class ProfileStore:
    def __init__(self, data_dir: str | os.PathLike, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.data_dir = Path(data_dir)
        self.vault_dir = self.data_dir / "profiles"
        self.registry_path = self.data_dir / "profiles.json"
        self._clock = clock

    # --- where things live -------------------------------------------------------------

    def vault_path(self, profile: Profile) -> Path:
        return self.vault_dir / f"{profile.id}.vault"

    def lockout(self, profile: Profile, kind: str = "secret") -> Lockout:
        # Reads fresh every time: another browser tab may have failed attempts too.
        return Lockout(self.vault_path(profile), kind, clock=self._clock)

    def last_seen_path(self, profile: Profile) -> Path:
        # Away from the vault files: putting back an older vault file (or the profiles
        # folder) does not put back this record too. See vault/rollback.py.
        return self.data_dir / "last-seen" / f"{profile.id}.json"

    def _legacy_lockout_path(self, profile: Profile) -> Path:
        return self.vault_dir / f"{profile.id}.lockout.json"

    # --- the registry ------------------------------------------------------------------

    def _load(self) -> list[Profile]:
        for path in (self.registry_path, backup_path(self.registry_path)):
            raw = read_bytes(path)
            if raw is None:
                continue
            try:
                doc = json.loads(raw)
                if doc.get("format") != REGISTRY_FORMAT:
                    raise ValueError("unknown registry format")
                return [Profile(p["id"], p["kind"], p["label"], p["created"])
                        for p in doc["profiles"]]
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
        return self._rebuild_from_vaults()

    def _rebuild_from_vaults(self) -> list[Profile]:
        # The registry is lost but the vaults are not: list them again from their
        # headers, so no plan becomes unreachable. The user can see them and rename.
        if not self.vault_dir.is_dir():
            return []
        found = []
        for path in sorted(self.vault_dir.glob("*.vault")):
            try:
                with open(path, "rb") as f:
                    header, _ = decode_header(f.read(64 + MAX_HEADER_LEN))
            except (OSError, VaultCorrupt):
                continue
            created = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
            found.append(Profile(header.profile_id, header.kind,
                                 f"{header.kind} {header.profile_id[:6]}",
                                 created.isoformat(timespec="seconds")))
        return found

    def _save(self, profiles: list[Profile]) -> None:
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        doc = {"format": REGISTRY_FORMAT, "profiles": [asdict(p) for p in profiles]}
        write_atomically(self.registry_path,
                         json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))

    # --- queries -----------------------------------------------------------------------

    def list(self) -> list[Profile]:
        return self._load()

    def find(self, label_or_id: str) -> Profile:
        """By exact id, else by label ignoring case and extra spaces."""
        profiles = self._load()
        for profile in profiles:
            if profile.id == label_or_id:
                return profile
        wanted = " ".join(label_or_id.split()).casefold()
        for profile in profiles:
            if profile.label.casefold() == wanted:
                return profile
        raise ProfileNotFound(N_("There is no plan with this name."), repr(label_or_id))

    # --- changes -----------------------------------------------------------------------

    def create(self, kind: str, label: str, secret: str) -> tuple[Profile, Vault, str]:
        """A new profile with its own vault; returns it open, with its recovery code."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        label = _clean_label(label)
        validate_secret(secret, youth=kind == "youth")  # before the slow part
        profiles = self._load()
        if any(p.label.casefold() == label.casefold() for p in profiles):
            raise LabelProblem(N_("There is already a plan with this name."), label)
        self.vault_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Not the device's rng (clock.py): like the vault's keys, a profile id is the
        # vault's own and never goes into a bundle.
        profile_id = secrets.token_hex(8)
        created = datetime.fromtimestamp(self._clock(), timezone.utc)
        profile = Profile(profile_id, kind, label, created.isoformat(timespec="seconds"))
        vault, code = Vault.create(self.vault_path(profile), secret,
                                   profile_id=profile_id, kind=kind,
                                   last_seen=self.last_seen_path(profile))
        try:
            self._save(profiles + [profile])
        except BaseException:
            vault.close()
            self._remove_files(profile)
            raise
        return profile, vault, code

    def relabel(self, profile: Profile, label: str) -> Profile:
        """The profile under a new label, checked as a new one's (LabelProblem); returns it."""
        label = _clean_label(label)
        profiles = self._load()
        if any(p.id != profile.id and p.label.casefold() == label.casefold() for p in profiles):
            raise LabelProblem(N_("There is already a plan with this name."), label)
        renamed = Profile(profile.id, profile.kind, label, profile.created)
        self._save([renamed if p.id == profile.id else p for p in profiles])
        return renamed

    def unlock(self, profile: Profile, secret: str) -> Vault:
        """Open a profile's vault, with growing delays after wrong secrets.

        Raises VaultInUse when it is open elsewhere (another tab or program),
        TooManyAttempts while a delay runs (without trying the secret), and WrongSecret
        whose ``wait_seconds`` is the delay that now applies. The vault counts and
        checks under its lock; the check here only spares a wait for the lock.
        """
        self._take_over_legacy_lockout(profile)
        wait = self.lockout(profile).wait_seconds()
        if wait > 0:
            raise TooManyAttempts(wait)
        return Vault.open(self.vault_path(profile), secret, profile_id=profile.id,
                          clock=self._clock, last_seen=self.last_seen_path(profile))

    def recover(self, profile: Profile, code: str, new_secret: str) -> Vault:
        """Open with the recovery code and set ``new_secret``.

        Wrong codes are delayed as wrong PINs are (counted apart); the right code clears
        both counts.
        """
        validate_secret(new_secret, youth=profile.kind == "youth")  # before the slow part
        self._take_over_legacy_lockout(profile)
        vault = Vault.open_with_recovery(self.vault_path(profile), code,
                                         profile_id=profile.id, clock=self._clock,
                                         last_seen=self.last_seen_path(profile))
        try:
            vault.change_secret(new_secret)
        except BaseException:
            vault.close()
            raise
        return vault

    def _take_over_legacy_lockout(self, profile: Profile) -> None:
        """Move a count from an older version's <id>.lockout.json into the vault file."""
        legacy = self._legacy_lockout_path(profile)
        raw = read_bytes(legacy)
        if raw is None:
            return
        try:
            state = json.loads(raw)
            failures, not_before = int(state["failures"]), float(state["not_before"])
        except (ValueError, KeyError, TypeError):
            failures, not_before = FREE_ATTEMPTS + 1, 0.0
        try:
            self.lockout(profile).absorb(max(failures, 0), not_before)
        except (VaultInUse, OSError):
            return   # try again next time; the file stays until it is taken over
        try:
            os.remove(legacy)
        except OSError:
            pass

    def delete(self, profile: Profile) -> None:
        """Forget the profile and remove its files. Close its vault first.

        Raises VaultInUse while it is open elsewhere: that opener's next save would
        otherwise bring the file back.
        """
        profiles = self._load()
        if not any(p.id == profile.id for p in profiles):
            raise ProfileNotFound(N_("There is no plan with this name."), profile.id)
        lock = VaultLock.acquire(self.vault_path(profile)) if self.vault_dir.is_dir() else None
        try:
            # Registry first: a crash in between leaves unlisted files, never a listed
            # profile whose vault is gone.
            remaining = [p for p in profiles if p.id != profile.id]
            self._save(remaining)
            self._save(remaining)   # again, so the registry backup forgets the label too
            self._remove_files(profile)
        finally:
            if lock is not None:
                lock.release()

    def _remove_files(self, profile: Profile) -> None:
        vault = self.vault_path(profile)
        legacy = self._legacy_lockout_path(profile)
        seen = self.last_seen_path(profile)
        contacts = shown_contacts.path(self.data_dir, profile.id)  # the safety card's
        for path in (vault, backup_path(vault), old_copy_path(vault), *leftover_temp_files(vault),
                     legacy, *leftover_temp_files(legacy), seen, *leftover_temp_files(seen),
                     lock_path(vault), contacts, backup_path(contacts),
                     *leftover_temp_files(contacts)):
            try:
                os.remove(path)
            except FileNotFoundError:
                pass
