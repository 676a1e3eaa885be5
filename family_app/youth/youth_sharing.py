"""A young person shares on their own: chosen parts of their plan, from their own profile.

The same bundles as the family's shares (signed, encrypted to a paired begeleider or under
a passcode), with the young person's plan under one payload key instead of the family's
tables. Every share is a line in the young person's own consent log, in their own vault.

The link to a family goal: the young person learns the family's goals from a family share
they received (the family shares "only goals" with them, like with anyone at the kitchen
table). Sharing the part "link" with the family tells the family *that* one of the young
person's goals is linked to one of theirs, and nothing of what that goal says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sync.bundle import seal
from sync.errors import N_, SharePayloadError
from sync.frames import split_frames
from sync.identity import PublicIdentity
from sync.passcode import new_passcode

from family_app.bundles import lifetimes
from family_app.clock import now_or
from family_app.domain import Professional, ShareRecord
from family_app.sharing.sharing import Revocation, ShareResult, public_identity, revocation
from family_app.sharing.viewer import RECEIVED_TABLE
from family_app.youth.youth_payload import PARTS, youth_payload
from family_app.youth.youth_book import YouthBook

SHARES_TABLE = "shares"  # the young person's own consent log
PROFESSIONALS_TABLE = "professionals"  # begeleiders the young person paired with

@dataclass(frozen=True)
class FamilyGoal:
    """A family goal as the young person knows it, from the family's share."""

    id: str  # the short id the share named it by
    text: str
    household_id: str


# --- what the young person knows of the family ------------------------------------------

def _newest_family_share(youth_book: YouthBook, *, valid_at: dt.datetime | None = None) -> dict | None:
    docs = youth_book.vault.records(RECEIVED_TABLE).all()
    if valid_at is not None:  # the family agreed to show its goals until then, not longer
        docs = [d for d in docs if dt.datetime.fromisoformat(d["expires"]) > valid_at]
    return max(docs, key=lambda d: d["created"]) if docs else None


def family_goals(youth_book: YouthBook, *, now: dt.datetime | None = None) -> list[FamilyGoal]:
    """The family's goals from the newest family share this young person may still read."""
    newest = _newest_family_share(youth_book, valid_at=now_or(now, youth_book.opened.now))
    if newest is None:
        return []
    return [FamilyGoal(g["id"], g.get("text", ""), newest["household_id"])
            for g in newest["tables"].get("goals", []) if isinstance(g, dict) and g.get("id")]


def family_identity(youth_book: YouthBook) -> tuple[str, PublicIdentity] | None:
    """(household id, the family's public keys) from the newest family share, even an
    expired one: public keys are no plan content, and telling the family needs them."""
    newest = _newest_family_share(youth_book)
    if newest is None:
        return None
    return newest["household_id"], PublicIdentity.from_dict(newest["sender"])


# --- the share ----------------------------------------------------------------------------

def youth_share(youth_book: YouthBook, parts: tuple[str, ...], *, language: str = "",
                to: Professional | None = None, to_family: bool = False,
                passcode: str | None = None, days: int | None = None,
                in_person_name: str = "", now: dt.datetime | None = None) -> ShareResult:
    """Seal chosen parts for a paired begeleider, the family, or someone here (passcode).

    ``language`` is the language the young person writes in, when known: the app does not
    ask, and a young person's screen language says nothing about it."""
    unknown = [p for p in parts if p not in PARTS]
    if unknown or not parts:
        raise ValueError(f"choose parts from {', '.join(PARTS)}")
    family = family_identity(youth_book) if to_family else None
    if to_family and family is None:
        raise NoFamilyYet()
    if to_family != (parts == ("link",)):
        raise ValueError("the family is told about links, and only about links")
    moment = now_or(now, youth_book.opened.now)
    rng = youth_book.opened.rng
    recipient = public_identity(to) if to else (family[1] if family else None)
    if recipient is None and passcode is None:
        passcode = new_passcode(rng)
    expires = lifetimes.expiry(lifetimes.share_kind(in_person=recipient is None, youth=True),
                               moment, days)
    plan = youth_book.plan()
    payload = youth_payload(plan, parts, language=language, version=youth_book.version,
                            household_id=family[0] if family else "")
    bundle_id = rng(16)
    me = youth_book.opened.identity(plan.owner_name)
    bundle = seal("share", payload, me, to=recipient, passcode=None if recipient else passcode,
                  expires=expires, now=moment, rng=rng, bundle_id=bundle_id)
    kind = "professional" if to else ("family" if to_family else "in_person")
    record = ShareRecord(created=moment.date(), recipient_kind=kind,
                         recipient_name=to.name if to else (family[1].name if family else in_person_name or "?"),
                         professional_id=to.id if to else None, sections=list(parts),
                         expires=expires.date(), bundle_id=bundle_id.hex()).validated()
    record_share(youth_book, record)
    return ShareResult(bundle, split_frames(bundle), record, None if recipient else passcode)


class NoFamilyYet(SharePayloadError):
    default_problem = N_("First let your family share their goals with you: then you can tell them.")


def shares(youth_book: YouthBook) -> list[ShareRecord]:
    """The young person's own consent log."""
    return [ShareRecord.from_dict(dict(d)) for d in youth_book.vault.records(SHARES_TABLE).all()]


def record_share(youth_book: YouthBook, record: ShareRecord) -> None:
    with youth_book.vault.action():
        youth_book.vault.records(SHARES_TABLE).add(record.validated().to_dict())


def take_back(youth_book: YouthBook, share_id: str, *,
              now: dt.datetime | None = None) -> Revocation:
    """Mark a share as taken back; a paired begeleider also gets a small revocation code."""
    moment = now_or(now, youth_book.opened.now)
    logged = youth_book.vault.records(SHARES_TABLE)
    record = ShareRecord.from_dict(dict(logged.first(id=share_id)))
    record.revoked = moment.date()
    with youth_book.vault.action():
        logged.update(record.validated().to_dict(), id=share_id)
    professional = next((p for p in paired(youth_book) if p.id == record.professional_id), None)
    return revocation(record, professional, youth_book.opened.identity(),
                      youth_book.plan().id, moment, youth_book.opened.rng)


# --- pairing: the young person's own begeleiders ------------------------------------------

def pair(youth_book: YouthBook, identity: PublicIdentity) -> Professional:
    """The young person pairs with a begeleider in their own profile (as the family does)."""
    professionals = youth_book.vault.records(PROFESSIONALS_TABLE)
    known = [Professional.from_dict(dict(doc)) for doc in professionals.all()]
    existing = next((p for p in known if p.signing_key == identity.signing_key.hex()), None)
    values = existing.to_dict() if existing else {"role": "begeleider"}
    values.update(name=identity.name, organisation=identity.organisation,
                  signing_key=identity.signing_key.hex(),
                  agreement_key=identity.agreement_key.hex())
    professional = Professional.from_dict(values)
    with youth_book.vault.action():
        others = [p for p in known if p.id != professional.id]
        professionals.replace(p.to_dict() for p in [*others, professional])
    return professional


def paired(youth_book: YouthBook) -> list[Professional]:
    docs = youth_book.vault.records(PROFESSIONALS_TABLE).all()
    return [p for p in (Professional.from_dict(dict(d)) for d in docs)
            if p.signing_key and p.agreement_key]
