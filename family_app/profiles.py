"""The profiles on one device: the family plan, each young person's plan, a begeleider's
workspace. Each is its own vault file with its own secret, so one cannot open another.

    <data_dir>/profiles.json              registry: id, kind, label, created (plaintext)
    <data_dir>/profiles/<id>.vault        the encrypted vault (+ .bak, transient .tmp)
    <data_dir>/profiles/<id>.lockout.json wrong-secret counter (no family data)

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
                              WrongSecret, validate_secret)
from family_app.vault.atomic import backup_path, read_bytes, temp_path, write_atomically
from family_app.vault.fileformat import MAX_HEADER_LEN, decode_header


def N_(message: str) -> str:
    """Mark a message id for Babel extraction; translation happens in the UI."""
    return message


REGISTRY_FORMAT = "onsplan-profiles/1"
MAX_LABEL_LEN = 60


@dataclass(frozen=True)
class Profile:
    id: str
    kind: str        # "family" | "youth" | "begeleider"; the vault header is authoritative
    label: str       # shown in the picker, chosen by the user
    created: str     # ISO 8601, UTC


class ProfileError(Exception):
    """A profile request that the user can correct; ``problem`` is an English msgid."""

    def __init__(self, problem: str, detail: str = "") -> None:
        self.problem = problem
        self.detail = detail
        super().__init__(f"{problem} ({detail})" if detail else problem)

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

    def lockout(self, profile: Profile) -> Lockout:
        # Read fresh every time: another browser tab may have failed attempts too.
        return Lockout(self.vault_dir / f"{profile.id}.lockout.json", clock=self._clock)

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
        self.data_dir.mkdir(parents=True, exist_ok=True)
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
        validate_secret(secret)          # before the slow part
        profiles = self._load()
        if any(p.label.casefold() == label.casefold() for p in profiles):
            raise LabelProblem(N_("There is already a plan with this name."), label)
        self.vault_dir.mkdir(parents=True, exist_ok=True)
        profile_id = secrets.token_hex(8)
        created = datetime.fromtimestamp(self._clock(), timezone.utc)
        profile = Profile(profile_id, kind, label, created.isoformat(timespec="seconds"))
        vault, code = Vault.create(self.vault_path(profile), secret,
                                   profile_id=profile_id, kind=kind)
        try:
            self._save(profiles + [profile])
        except BaseException:
            vault.close()
            self._remove_files(profile)
            raise
        return profile, vault, code

    def unlock(self, profile: Profile, secret: str) -> Vault:
        """Open a profile's vault, with growing delays after wrong secrets.

        Raises TooManyAttempts while a delay runs (without trying the secret), and
        WrongSecret whose ``wait_seconds`` is the delay that now applies.
        """
        lockout = self.lockout(profile)
        wait = lockout.wait_seconds()
        if wait > 0:
            raise TooManyAttempts(wait)
        try:
            vault = Vault.open(self.vault_path(profile), secret, profile_id=profile.id)
        except WrongSecret as exc:
            exc.wait_seconds = lockout.record_failure()
            raise
        lockout.record_success()
        return vault

    def recover(self, profile: Profile, code: str, new_secret: str) -> Vault:
        """Open with the recovery code, set ``new_secret``, and clear the lockout."""
        validate_secret(new_secret)      # before the slow part
        vault = Vault.open_with_recovery(self.vault_path(profile), code,
                                         profile_id=profile.id)
        try:
            vault.change_secret(new_secret)
        except BaseException:
            vault.close()
            raise
        self.lockout(profile).reset()
        return vault

    def delete(self, profile: Profile) -> None:
        """Forget the profile and remove its files. Close its vault first."""
        profiles = self._load()
        if not any(p.id == profile.id for p in profiles):
            raise ProfileNotFound(N_("There is no plan with this name."), profile.id)
        # Registry first: a crash in between leaves unlisted files, never a listed
        # profile whose vault is gone.
        remaining = [p for p in profiles if p.id != profile.id]
        self._save(remaining)
        self._save(remaining)   # again, so the registry backup forgets the label too
        self._remove_files(profile)

    def _remove_files(self, profile: Profile) -> None:
        vault = self.vault_path(profile)
        lockout = self.lockout(profile).state_path
        for path in (vault, backup_path(vault), temp_path(vault), lockout, temp_path(lockout)):
            try:
                os.remove(path)
            except FileNotFoundError:
                pass
