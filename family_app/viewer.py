"""The begeleider's side: open what a family shared, keep the newest per family, purge.

A share is kept per household: a newer plan version replaces the older one; a code older
than one already seen is shown with a warning but never replaces it; expired shares and
shares the family revoked are purged. The ids of revoked shares are remembered (until the
news of the revocation expires), so a revoked code shown again is refused, not kept again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from tinydb import Query

from sync.bundle import open_bundle
from sync.errors import N_, BundleFormatError, SyncError
from sync.share_payload import decode_share

from .open_profile import OpenProfile
from .sharing import REVOCATION_BUNDLES, REVOCATION_HOUSEHOLD, REVOKED_KEY
from .youth_payload import read_youth_payload

RECEIVED_TABLE = "received_shares"
YOUTH_TABLE = "youth"  # a young person's share: their plan, as the one row of this table
REVOKED_TABLE = "revoked_shares"  # {bundle_id, expires}: ids the families withdrew


class NotAShare(BundleFormatError):
    """A genuine bundle, but not one the viewer shows (for example a sync bundle)."""


class ShareRevoked(SyncError):
    """A genuine share that the family has withdrawn (its revocation arrived earlier)."""

    default_problem = N_("The family has withdrawn this share.")


@dataclass
class Received:
    household_id: str
    household_name: str
    plan_version: int
    bundle_id: str
    sender_name: str
    fingerprint: str
    created: str  # ISO datetimes, as stored
    expires: str
    language: str
    sections: list[str]
    tables: dict = field(default_factory=dict)
    sender: dict = field(default_factory=dict)  # the family's public keys, to write back to
    status: str = "new"  # "new" | "same" | "older" than a version already seen
    revoked_by_family: bool = False

    @property
    def expires_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.expires)

    def to_doc(self) -> dict:
        doc = asdict(self)
        doc.pop("status")
        doc.pop("revoked_by_family")
        return doc


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.timezone.utc)


def _me(opened: OpenProfile):
    """A begeleider opens shares under their name; a young person (who receives their
    family's goals, to link their own to) under their own keys."""
    if opened.profile.kind != "begeleider":
        return opened.identity()
    workspace = opened.workspace()
    return opened.identity(workspace.name, workspace.organisation)


def receive(opened: OpenProfile, data: bytes, *, passcode: str | None = None,
            now: dt.datetime | None = None) -> Received:
    """Open a share or revocation bundle; raises the sync errors (expired, not for you…)."""
    moment = _now(now)
    bundle = open_bundle(data, me=_me(opened), passcode=passcode, now=moment)
    table = opened.vault.table(RECEIVED_TABLE)
    if bundle.kind == "revocation":
        ids = _ids(bundle.payload.get(REVOCATION_BUNDLES))
        with opened.vault.action():
            _withdraw(opened, ids, bundle.expires)
        return Received(str(bundle.payload.get(REVOCATION_HOUSEHOLD, "")), bundle.sender.name, 0,
                        bundle.bundle_id, bundle.sender.name, bundle.sender.fingerprint(),
                        bundle.created.isoformat(), bundle.expires.isoformat(), "", [],
                        status="revoked", revoked_by_family=True)
    if bundle.kind != "share":
        raise NotAShare()
    if opened.vault.table(REVOKED_TABLE).contains(Query().bundle_id == bundle.bundle_id):
        raise ShareRevoked()
    received = _received(bundle)
    revoked = _ids(bundle.payload.get(REVOKED_KEY))
    # A family is its household id *and* its key: another sender cannot overwrite its share.
    same_family = ((Query().household_id == received.household_id)
                   & (Query().fingerprint == received.fingerprint))
    stored = table.get(same_family)
    with opened.vault.action():
        if revoked:
            _withdraw(opened, revoked, bundle.expires)
            if stored and stored["bundle_id"] in revoked:
                stored = None
        if stored and stored["plan_version"] > received.plan_version:
            received.status = "older"  # shown with a warning, never kept over the newer one
        else:
            received.status = "same" if stored and stored["bundle_id"] == received.bundle_id else "new"
            table.remove(same_family)
            table.insert(received.to_doc())
    return received


def _received(bundle) -> Received:
    """What a share bundle shows: a family's tables, or a young person's own plan
    (kept under the table "youth", by the young person's plan id)."""
    youth = read_youth_payload(bundle.payload)
    sender = (bundle.sender.name, bundle.sender.fingerprint(), bundle.created.isoformat(),
              bundle.expires.isoformat())
    if youth is not None:
        return Received(youth["plan_id"], youth["owner_name"], youth["version"],
                        bundle.bundle_id, *sender, youth["language"], list(youth["parts"]),
                        {YOUTH_TABLE: [youth["plan"]]}, bundle.sender.to_dict())
    content = decode_share(bundle.payload)
    household = (content.tables.get("household") or [{}])[0]
    return Received(content.household_id, household.get("name", bundle.sender.name),
                    content.plan_version, bundle.bundle_id, *sender, content.language,
                    list(content.scope.sections), content.tables, bundle.sender.to_dict())


def _ids(value) -> list[str]:
    """Bundle ids (16 bytes each) of a payload, as hex; anything else is ignored."""
    if not isinstance(value, list):
        return []
    return sorted({i.hex() for i in value if isinstance(i, bytes)})


def _withdraw(opened: OpenProfile, ids: list[str], news_expires: dt.datetime) -> None:
    """Purge these shares and remember their ids (inside the caller's action)."""
    table, revoked = opened.vault.table(RECEIVED_TABLE), opened.vault.table(REVOKED_TABLE)
    for doc in table.search(Query().bundle_id.one_of(ids)):
        news_expires = max(news_expires, dt.datetime.fromisoformat(doc["expires"]))
    table.remove(Query().bundle_id.one_of(ids))
    for bundle_id in ids:
        known = revoked.get(Query().bundle_id == bundle_id)
        until = news_expires
        if known:
            until = max(until, dt.datetime.fromisoformat(known["expires"]))
        revoked.upsert({"bundle_id": bundle_id, "expires": until.isoformat()},
                       Query().bundle_id == bundle_id)


def _expired(doc, moment: dt.datetime) -> bool:
    # A bundle is valid up to and including its expiry second (docs/bundle-format.md).
    return dt.datetime.fromisoformat(doc["expires"]) < moment


def purge_expired(opened: OpenProfile, now: dt.datetime | None = None) -> int:
    """Remove expired shares (and revocations nobody can need any more); returns how many
    shares went."""
    moment = _now(now)
    table, revoked = opened.vault.table(RECEIVED_TABLE), opened.vault.table(REVOKED_TABLE)
    gone = [doc.doc_id for doc in table.all() if _expired(doc, moment)]
    forgotten = [doc.doc_id for doc in revoked.all() if _expired(doc, moment)]
    if gone or forgotten:
        with opened.vault.action():
            table.remove(doc_ids=gone)
            revoked.remove(doc_ids=forgotten)
    return len(gone)


def received_shares(opened: OpenProfile, now: dt.datetime | None = None) -> list[Received]:
    """The newest share of every family that has not expired, newest first."""
    purge_expired(opened, now)
    shares = [Received(**dict(doc)) for doc in opened.vault.table(RECEIVED_TABLE).all()]
    return sorted(shares, key=lambda r: r.created, reverse=True)


def received(opened: OpenProfile, household_id: str) -> Received | None:
    doc = opened.vault.table(RECEIVED_TABLE).get(Query().household_id == household_id)
    return Received(**dict(doc)) if doc else None
