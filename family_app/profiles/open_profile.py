"""A profile that is unlocked right now: its vault plus the few settings kept inside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from family_app import clock
from family_app.domain import Professional
from family_app.vault import RolledBack
from family_app.vault.vault import Vault

SETTINGS_TABLE = "settings"
WORKSPACE_TABLE = "workspace"  # a begeleider's own name and organisation
IDENTITY_TABLE = "identity"  # this profile's own key pairs, only ever inside its vault


@dataclass
class OpenProfile:
    profile: Any  # family_app.profiles.profiles.Profile
    vault: Vault
    # The user said they saw the rollback notice; it is not shown again until next unlock.
    rollback_seen: bool = field(default=False, compare=False)
    # The device's one clock and randomness (clock.py), for every use case given this profile.
    now: clock.Now = field(default=clock.utc_now, compare=False, repr=False)
    rng: clock.Rng = field(default=clock.system, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return self.profile.kind

    def today(self) -> dt.date:
        """The date the family (or young person) sees: the local date of the clock."""
        return clock.today(self.now)

    def rollback_notice(self) -> RolledBack | None:
        """What the home screen says once after unlocking an older file than the newest
        this device has seen (``vault.rollback``; its ``problem`` is the message id), until
        the user has read it (``dismiss_rollback_notice``)."""
        return None if self.rollback_seen else self.vault.rollback

    def dismiss_rollback_notice(self) -> None:
        self.rollback_seen = True

    def _single(self, table: str) -> dict:
        docs = self.vault.records(table).all()
        return dict(docs[0]) if docs else {}

    def _put_single(self, table: str, doc: dict) -> None:
        with self.vault.action():
            self.vault.records(table).replace([doc])

    def setting(self, name: str, default: Any = None) -> Any:
        return self._single(SETTINGS_TABLE).get(name, default)

    def put_setting(self, name: str, value: Any) -> None:
        """Part of the caller's action when there is one (vault actions nest)."""
        self._put_single(SETTINGS_TABLE, {**self._single(SETTINGS_TABLE), name: value})

    @property
    def language(self) -> str | None:
        """The language chosen in this profile; remembered per profile, inside its vault."""
        return self.setting("language")

    def set_language(self, lang: str) -> None:
        if lang != self.language:
            self.put_setting("language", lang)

    def workspace(self) -> Professional:
        return Professional.from_dict(self._single(WORKSPACE_TABLE))

    def identity(self, name: str = "", organisation: str = ""):
        """This profile's signing and key-agreement keys, made on first use (sync.identity)."""
        from sync.identity import Identity  # sync is only needed once something is shared
        stored = self._single(IDENTITY_TABLE)
        if stored:
            identity = Identity.from_dict(stored)
            if (name and name != identity.name) or (organisation and organisation != identity.organisation):
                identity = identity.renamed(name or identity.name, organisation or identity.organisation)
                self._put_single(IDENTITY_TABLE, identity.to_dict())
            return identity
        identity = Identity.generate(name, organisation, rng=self.rng)
        self._put_single(IDENTITY_TABLE, identity.to_dict())
        return identity

    def lock(self) -> None:
        self.vault.close()
