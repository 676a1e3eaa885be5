"""The begeleider's side: open what a family shared, keep the newest per family, purge.

A share is kept per household: a newer plan version replaces the older one; a code older
than one already seen is shown with a warning but never replaces it; expired shares and
shares the family revoked are purged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from tinydb import Query

from sync.bundle import open_bundle
from sync.errors import BundleFormatError
from sync.share_payload import decode_share

from .open_profile import OpenProfile
from .sharing import REVOCATION_BUNDLES, REVOCATION_HOUSEHOLD, REVOKED_KEY

RECEIVED_TABLE = "received_shares"


class NotAShare(BundleFormatError):
    """A genuine bundle, but not one the viewer shows (for example a sync bundle)."""


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
    workspace = opened.workspace()
    return opened.identity(workspace.name, workspace.organisation)


def receive(opened: OpenProfile, data: bytes, *, passcode: str | None = None,
            now: dt.datetime | None = None) -> Received:
    """Open a share or revocation bundle; raises the sync errors (expired, not for you…)."""
    moment = _now(now)
    bundle = open_bundle(data, me=_me(opened), passcode=passcode, now=moment)
    table = opened.vault.table(RECEIVED_TABLE)
    if bundle.kind == "revocation":
        ids = [i.hex() for i in bundle.payload.get(REVOCATION_BUNDLES, []) if isinstance(i, bytes)]
        with opened.vault.action():
            table.remove(Query().bundle_id.one_of(ids))
        return Received(str(bundle.payload.get(REVOCATION_HOUSEHOLD, "")), bundle.sender.name, 0,
                        bundle.bundle_id, bundle.sender.name, bundle.sender.fingerprint(),
                        bundle.created.isoformat(), bundle.expires.isoformat(), "", [],
                        status="revoked", revoked_by_family=True)
    if bundle.kind != "share":
        raise NotAShare()
    content = decode_share(bundle.payload)
    household = (content.tables.get("household") or [{}])[0]
    received = Received(content.household_id, household.get("name", bundle.sender.name),
                        content.plan_version, bundle.bundle_id, bundle.sender.name,
                        bundle.sender.fingerprint(), bundle.created.isoformat(),
                        bundle.expires.isoformat(), content.language, list(content.scope.sections),
                        content.tables)
    revoked = {i.hex() for i in bundle.payload.get(REVOKED_KEY, []) if isinstance(i, bytes)}
    stored = table.get(Query().household_id == content.household_id)
    with opened.vault.action():
        if revoked:
            table.remove(Query().bundle_id.one_of(sorted(revoked)))
            if stored and stored["bundle_id"] in revoked:
                stored = None
        if stored and stored["plan_version"] > content.plan_version:
            received.status = "older"  # shown with a warning, never kept over the newer one
        else:
            received.status = "same" if stored and stored["bundle_id"] == received.bundle_id else "new"
            table.remove(Query().household_id == content.household_id)
            table.insert(received.to_doc())
    return received


def purge_expired(opened: OpenProfile, now: dt.datetime | None = None) -> int:
    moment = _now(now)
    table = opened.vault.table(RECEIVED_TABLE)
    gone = [doc.doc_id for doc in table.all()
            if dt.datetime.fromisoformat(doc["expires"]) <= moment]
    if gone:
        with opened.vault.action():
            table.remove(doc_ids=gone)
    return len(gone)


def received_shares(opened: OpenProfile, now: dt.datetime | None = None) -> list[Received]:
    """The newest share of every family that has not expired, newest first."""
    purge_expired(opened, now)
    shares = [Received(**dict(doc)) for doc in opened.vault.table(RECEIVED_TABLE).all()]
    return sorted(shares, key=lambda r: r.created, reverse=True)


def received(opened: OpenProfile, household_id: str) -> Received | None:
    doc = opened.vault.table(RECEIVED_TABLE).get(Query().household_id == household_id)
    return Received(**dict(doc)) if doc else None
