"""The family shares chosen parts of its plan, and keeps the consent log.

Pairing stores a begeleider's public keys as a professional of the plan. A share is a
signed, encrypted bundle (sync.bundle) to a paired professional, or under a passcode for
someone sitting next to the family; every share is recorded in the consent log (the plan's
`shares` table). Revoked shares are named in every later bundle, so the viewer purges them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sync.bundle import open_identity, seal
from sync.frames import split_frames
from sync.identity import PublicIdentity
from sync.passcode import new_passcode
# Scope is also the screens' way to name what is shared: screens do not import sync.
from sync.share_payload import Scope, build_share, encode_share

from family_app.bundles import lifetimes
from family_app.clock import Rng, now_or
from family_app.domain import Professional, ShareRecord
from family_app.plan.plan_book import PlanBook

REVOKED_KEY = 100  # share payload: ids (16 bytes each) of bundles the family revoked
REVOCATION_HOUSEHOLD, REVOCATION_BUNDLES = 1, 2  # keys of a revocation payload


@dataclass
class Pairing:
    professional: Professional
    fingerprint: str


@dataclass
class ShareResult:
    bundle: bytes
    frames: list[str]
    record: ShareRecord
    passcode: str | None


def public_identity(professional: Professional) -> PublicIdentity:
    return PublicIdentity(professional.name, professional.organisation,
                          bytes.fromhex(professional.signing_key),
                          bytes.fromhex(professional.agreement_key))


def paired(plan) -> list[Professional]:
    return [p for p in plan.professionals if p.signing_key and p.agreement_key]


def read_identity(data: bytes, now: dt.datetime | None = None) -> PublicIdentity:
    """A begeleider's identity bundle (raises a sync error when it is not one)."""
    return open_identity(data, now=now)


@dataclass
class IdentityCode:
    """A begeleider's identity bundle: a family scans it once to pair."""

    bundle: bytes
    name: str
    organisation: str
    fingerprint: str

    @property
    def frames(self) -> list[str]:
        return split_frames(self.bundle)


def identity_code(opened, *, now: dt.datetime | None = None) -> IdentityCode:
    """The begeleider's identity bundle (public keys, name, organisation), for the screen
    and the CLI alike."""
    moment = now_or(now, opened.now)
    workspace = opened.workspace()
    me = opened.identity(workspace.name, workspace.organisation)
    bundle = seal("identity", {}, me, expires=lifetimes.expiry("identity", moment), now=moment,
                  rng=opened.rng)
    return IdentityCode(bundle, me.name, me.organisation, me.fingerprint())


def pair(book: PlanBook, identity: PublicIdentity) -> Pairing:
    """Add (or update) the begeleider as a professional with their public keys."""
    plan = book.plan()
    existing = next((p for p in plan.professionals
                     if p.signing_key == identity.signing_key.hex()
                     or (p.name == identity.name and p.organisation == identity.organisation)), None)
    values = existing.to_dict() if existing else {"role": "begeleider"}
    values.update(name=identity.name, organisation=identity.organisation,
                  signing_key=identity.signing_key.hex(), agreement_key=identity.agreement_key.hex())
    saved = book.save("professionals", Professional.from_dict(values))
    return Pairing(saved, identity.fingerprint())


def share(book: PlanBook, scope: Scope, *, to: Professional | None = None,
          passcode: str | None = None, days: int | None = None, in_person_name: str = "",
          now: dt.datetime | None = None) -> ShareResult:
    """Seal the chosen part of the plan for one recipient and record it in the consent log.

    Without `to` it is an in-person share under a passcode; `in_person_name` is how the
    consent log calls that person (the screen asks, or says "someone here with me")."""
    plan = book.plan()
    moment = now_or(now, book.opened.now)
    rng = book.opened.rng
    if to is None and passcode is None:
        passcode = new_passcode(rng)
    expires = lifetimes.expiry(lifetimes.share_kind(in_person=to is None), moment, days)
    tables = plan.to_tables()
    # Paired professionals' keys are the family's pairing, not plan content: leaving them
    # out keeps codes small (64 bytes a begeleider) and tells nobody who else is paired.
    tables["professionals"] = [dict(p, signing_key=None, agreement_key=None)
                               for p in tables["professionals"]]
    content = build_share(tables, scope, plan_version=book.version,
                          language=plan.household.language if plan.household else None)
    payload = encode_share(content)
    # Revoked shares that a reader could still open (not past their expiry date): the list
    # must not grow every code for ever.
    revoked = [bytes.fromhex(s.bundle_id) for s in plan.shares
               if s.revoked and s.bundle_id and lifetimes.still_valid(s.expires, moment.date())]
    if revoked:
        payload[REVOKED_KEY] = revoked
    household = plan.household
    me = book.opened.identity(household.name if household else "")
    bundle_id = rng(16)
    bundle = seal("share", payload, me, to=public_identity(to) if to else None,
                  passcode=None if to else passcode, expires=expires, now=moment,
                  rng=rng, bundle_id=bundle_id)
    record = ShareRecord(
        created=moment.date(), recipient_name=to.name if to else (in_person_name or "?"),
        recipient_kind="professional" if to else "in_person",
        professional_id=to.id if to else None, sections=list(scope.sections),
        goal_ids=list(scope.goal_ids or []), expires=expires.date(),
        bundle_id=bundle_id.hex())
    book.save("shares", record)
    return ShareResult(bundle, split_frames(bundle), record, None if to else passcode)


@dataclass
class Revocation:
    record: ShareRecord
    bundle: bytes | None  # a small bundle for a paired professional, shown as one QR
    frames: list[str]


def revoke(book: PlanBook, share_id: str, *, now: dt.datetime | None = None) -> Revocation:
    """Withdraw a share: the consent log says so; a paired professional also gets a small
    revocation code now, and every later share names it too, so the viewer purges it."""
    moment = now_or(now, book.opened.now)
    record = book.get("shares", share_id)
    record.revoked = moment.date()
    record = book.save("shares", record)
    professional = next((p for p in paired(book.plan()) if p.id == record.professional_id), None)
    household = book.plan().household
    return revocation(record, professional, book.opened.identity(),
                      household.id if household else "", moment, book.opened.rng)


def revocation(record: ShareRecord, professional: Professional | None, sender,
               household_id: str, moment: dt.datetime, rng: Rng) -> Revocation:
    """The revocation of a taken-back share: a small code for a paired professional only
    (someone at the kitchen table has no key to send it to)."""
    if professional is None or not record.bundle_id:
        return Revocation(record, None, [])
    payload = {REVOCATION_HOUSEHOLD: household_id,
               REVOCATION_BUNDLES: [bytes.fromhex(record.bundle_id)]}
    bundle = seal("revocation", payload, sender, to=public_identity(professional),
                  expires=lifetimes.expiry("revocation", moment), now=moment, rng=rng)
    return Revocation(record, bundle, split_frames(bundle))
