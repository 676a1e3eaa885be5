"""The begeleider knows each family by its household id *and* its keys.

Anyone who has the begeleider's public code can seal a bundle to them, and a family's
household id travels in every share. So the begeleider's app binds a household id to the
family key it first saw for that household (trust on first use), and to every other device
of the household that the begeleider confirmed by comparing the fingerprint on both screens
(each household device signs with its own key, family_app/household/household.py). Kept in the
begeleider's vault, one row per (household, key):

    {household_id, fingerprint, signing_key, agreement_key, name, since, how}

The viewer refuses a share for a known household from any other key (UnknownFamilyKey),
revocations count only from a bound key, returns are sealed only to a bound key, and closure
reports count only from a key bound to the household (or young person's plan) they report on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sync.errors import N_, SyncError
from sync.identity import PublicIdentity

TABLE = "family_keys"  # the begeleider's vault
FIRST_USE = "first_use"  # bound by the first share seen for the household
CONFIRMED = "confirmed"  # added by the begeleider after comparing the fingerprint


class UnknownFamilyKey(SyncError):
    """A genuine share that claims a household this app knows, from a key not bound to it:
    another device of the family (to confirm deliberately) or a forger."""

    default_problem = N_("This code claims to come from a family you already know, but it was "
                         "made on another device or by someone else. Ask the family to show "
                         "their code again and compare the fingerprint.")

    def __init__(self, problem: str | None = None, *, detail: str = "", household_id: str = "",
                 household_name: str = "", fingerprint: str = "",
                 known: list[str] | None = None) -> None:
        super().__init__(problem, detail=detail)
        self.household_id = household_id
        self.household_name = household_name
        self.fingerprint = fingerprint  # the code's sender, to compare with the family's screen
        self.known = list(known or [])  # the fingerprints bound to the household


@dataclass(frozen=True)
class FamilyKey:
    household_id: str
    fingerprint: str
    signing_key: str  # hex
    agreement_key: str  # hex
    name: str
    since: str  # ISO datetime
    how: str  # FIRST_USE | CONFIRMED

    def public(self, name: str | None = None) -> PublicIdentity:
        return PublicIdentity(self.name if name is None else name, "",
                              bytes.fromhex(self.signing_key), bytes.fromhex(self.agreement_key))


def keys_of(opened, household_id: str) -> list[FamilyKey]:
    """The keys bound to a household, the first one first."""
    docs = opened.vault.records(TABLE).find(household_id=household_id)
    return sorted((FamilyKey(**dict(doc)) for doc in docs), key=lambda k: k.since)


def is_bound(opened, household_id: str, fingerprint: str) -> bool:
    return bool(household_id) and opened.vault.records(TABLE).first(
        household_id=household_id, fingerprint=fingerprint) is not None


def bound_key(opened, household_id: str, fingerprint: str) -> FamilyKey | None:
    doc = opened.vault.records(TABLE).first(household_id=household_id, fingerprint=fingerprint)
    return FamilyKey(**dict(doc)) if doc else None


def known(opened) -> dict[str, set[str]]:
    """household id (or a young person's plan id) -> the fingerprints bound to it."""
    bound: dict[str, set[str]] = {}
    for doc in opened.vault.records(TABLE).all():
        bound.setdefault(doc["household_id"], set()).add(doc["fingerprint"])
    return bound


def check(opened, household_id: str, sender: PublicIdentity, household_name: str = "") -> None:
    """Raise UnknownFamilyKey when the household is bound to other keys than the sender's.
    A household seen for the first time passes (bind it when the share is kept)."""
    keys = keys_of(opened, household_id)
    fingerprint = sender.fingerprint()
    if keys and all(k.fingerprint != fingerprint for k in keys):
        raise UnknownFamilyKey(detail=f"household {household_id}", household_id=household_id,
                               household_name=household_name, fingerprint=fingerprint,
                               known=[k.fingerprint for k in keys])


def bind(opened, household_id: str, sender: PublicIdentity, *, how: str,
         now: dt.datetime) -> FamilyKey:
    """Bind the sender's keys to the household (nothing changes when they already are).
    Part of the caller's vault action when there is one."""
    existing = bound_key(opened, household_id, sender.fingerprint())
    if existing:
        return existing
    key = FamilyKey(household_id, sender.fingerprint(), sender.signing_key.hex(),
                    sender.agreement_key.hex(), sender.name, now.isoformat(), how)
    with opened.vault.action():
        opened.vault.records(TABLE).add(asdict(key))
    return key
