"""The begeleider's side: open what a family shared, keep the newest per family, purge.

A share is kept per household: a newer plan version replaces the older one; a code older
than one already seen is shown with a warning but never replaces it; expired shares and
shares the family revoked are purged. The ids of revoked shares are remembered (until the
news of the revocation expires), so a revoked code shown again is refused, not kept again.

A begeleider knows a household by its id and the keys bound to it (family_keys): the first
share of a household binds its key; a share for that household from another key is refused
(UnknownFamilyKey) until the begeleider confirms that device with `confirm_device`. A
revocation only counts for shares of a household its signer is bound to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sync.bundle import open_bundle
from sync.errors import N_, BundleFormatError, SyncError
from sync.identity import PublicIdentity
from sync.payloads import read_payload
from sync.share_payload import decode_share

from family_app.bundles import lifetimes
from family_app.sharing import family_keys
from family_app.clock import now_or
# The viewer's errors are all here.
from family_app.sharing.family_keys import UnknownFamilyKey  # noqa: F401
from family_app.profiles.open_profile import OpenProfile
from family_app.sharing.sharing import REVOCATION_BUNDLES, REVOCATION_HOUSEHOLD, REVOKED_KEY
from family_app.youth.youth_payload import read_youth_payload

RECEIVED_TABLE = "received_shares"
YOUTH_TABLE = "youth"  # a young person's share: their plan, as the one row of this table
REVOKED_TABLE = "revoked_shares"  # {bundle_id, expires, by}: ids the families withdrew


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


def _me(opened: OpenProfile):
    """A begeleider opens shares under their name; a young person (who receives their
    family's goals, to link their own to) under their own keys."""
    if opened.profile.kind != "begeleider":
        return opened.identity()
    workspace = opened.workspace()
    return opened.identity(workspace.name, workspace.organisation)


def _checks_keys(opened: OpenProfile) -> bool:
    """A begeleider binds households to keys; a young person reading their family's goals
    at the kitchen table (passcode) does not."""
    return opened.profile.kind == "begeleider"


def receive(opened: OpenProfile, data: bytes, *, passcode: str | None = None,
            now: dt.datetime | None = None) -> Received:
    """Open a share or revocation bundle; raises the sync errors (expired, not for you…),
    and UnknownFamilyKey for a known household's share from a key not bound to it."""
    moment = now_or(now, opened.now)
    bundle = open_bundle(data, me=_me(opened), passcode=passcode, now=moment)
    return _keep(opened, bundle, moment)


def confirm_device(opened: OpenProfile, data: bytes, *, fingerprint: str,
                   passcode: str | None = None, now: dt.datetime | None = None) -> Received:
    """The begeleider compared `fingerprint` with the family's screen and says it is the
    family's (other) device: bind its key to the household, then keep the share. Refused
    when the code's own fingerprint is another than the one compared."""
    moment = now_or(now, opened.now)
    bundle = open_bundle(data, me=_me(opened), passcode=passcode, now=moment)
    if bundle.kind != "share":
        raise NotAShare(detail=f"a {bundle.kind} bundle")
    received = _received(bundle)
    if bundle.sender.fingerprint() != fingerprint:
        raise UnknownFamilyKey(detail="the fingerprint compared is not this code's",
                               household_id=received.household_id,
                               household_name=received.household_name,
                               fingerprint=bundle.sender.fingerprint(),
                               known=[k.fingerprint for k in
                                      family_keys.keys_of(opened, received.household_id)])
    with opened.vault.action():
        family_keys.bind(opened, received.household_id, bundle.sender,
                         how=family_keys.CONFIRMED, now=moment)
        return _keep(opened, bundle, moment)


def _keep(opened: OpenProfile, bundle, moment: dt.datetime) -> Received:
    kept = opened.vault.records(RECEIVED_TABLE)
    signer = bundle.sender.fingerprint()
    if bundle.kind == "revocation":
        read_payload(bundle.kind, bundle.payload)  # the spec's rules, before anything goes
        ids = _ids(bundle.payload.get(REVOCATION_BUNDLES))
        with opened.vault.action():
            _withdraw(opened, ids, bundle.expires, signer)
        return Received(str(bundle.payload.get(REVOCATION_HOUSEHOLD, "")), bundle.sender.name, 0,
                        bundle.bundle_id, bundle.sender.name, signer,
                        bundle.created.isoformat(), bundle.expires.isoformat(), "", [],
                        status="revoked", revoked_by_family=True)
    if bundle.kind != "share":
        raise NotAShare(detail=f"a {bundle.kind} bundle")
    received = _received(bundle)
    checks_keys = _checks_keys(opened)
    if checks_keys:
        _adopt_kept(opened, received.household_id, moment)
        family_keys.check(opened, received.household_id, bundle.sender, received.household_name)
    if _revoked(opened, received):
        raise ShareRevoked()
    revoked = _ids(bundle.payload.get(REVOKED_KEY))
    # A family is its household id *and* its keys: another sender cannot overwrite its share.
    # A begeleider keeps one share per household, from any key bound to it.
    same_family = {"household_id": received.household_id}
    if not checks_keys:
        same_family["fingerprint"] = received.fingerprint
    stored = kept.find(**same_family)
    with opened.vault.action():
        if checks_keys:
            family_keys.bind(opened, received.household_id, bundle.sender,
                             how=family_keys.FIRST_USE, now=moment)
            # Only shares of the household's own keys compete; any other (kept before keys
            # were bound) is replaced, whatever date it claims.
            stored = [doc for doc in stored if family_keys.is_bound(
                opened, received.household_id, doc["fingerprint"])]
        if revoked:
            _withdraw(opened, revoked, bundle.expires, signer)
            stored = [doc for doc in stored if doc["bundle_id"] not in revoked]
        if any(_newer(doc, received) for doc in stored):
            received.status = "older"  # shown with a warning, never kept over the newer one
        else:
            same = any(doc["bundle_id"] == received.bundle_id for doc in stored)
            received.status = "same" if same else "new"
            kept.remove(**same_family)
            kept.add(received.to_doc())
    return received


def _adopt_kept(opened: OpenProfile, household_id: str | None, moment: dt.datetime) -> None:
    """Shares kept before households were bound to keys: a household whose kept shares all
    come from one key is bound to it, as on first use. With more than one key nobody is
    trusted, and the household's next share binds its sender."""
    kept = opened.vault.records(RECEIVED_TABLE)
    docs = kept.all() if household_id is None else kept.find(household_id=household_id)
    households: dict[str, list] = {}
    for doc in docs:
        households.setdefault(doc["household_id"], []).append(doc)
    for household, rows in households.items():
        if len({row["fingerprint"] for row in rows}) != 1 or family_keys.keys_of(opened, household):
            continue
        try:
            sender = PublicIdentity.from_dict(rows[0]["sender"])
        except ValueError:
            continue
        if sender.fingerprint() == rows[0]["fingerprint"]:
            family_keys.bind(opened, household, sender, how=family_keys.FIRST_USE, now=moment)


def _newer(doc, received: Received) -> bool:
    """Is the kept share newer than this one? Plan versions count per device (each device
    of a household has its own), so shares of two devices compare by when they were made."""
    if doc["fingerprint"] == received.fingerprint:
        return doc["plan_version"] > received.plan_version
    return dt.datetime.fromisoformat(doc["created"]) > dt.datetime.fromisoformat(received.created)


def _may_revoke(opened: OpenProfile, doc, signer: str | None) -> bool:
    """A share is withdrawn only by its own sender or another key bound to its household.
    Ids remembered before revocations were signed-checked carry no signer: they count."""
    return (signer is None or doc["fingerprint"] == signer
            or family_keys.is_bound(opened, doc["household_id"], signer))


def _revoked(opened: OpenProfile, received: Received) -> bool:
    """Did the family withdraw this share? (Its sender's key is bound, or about to be.)"""
    docs = opened.vault.records(REVOKED_TABLE).find(bundle_id=received.bundle_id)
    share = {"fingerprint": received.fingerprint, "household_id": received.household_id}
    return any(_may_revoke(opened, share, doc.get("by")) for doc in docs)


def _received(bundle) -> Received:
    """What a share bundle shows: a family's tables, or a young person's own plan
    (kept under the table "youth", by the young person's plan id). A payload that breaks
    the spec's rules (sync.payloads) is refused, so it is kept nowhere."""
    youth = read_youth_payload(bundle.payload)
    sender = (bundle.sender.name, bundle.sender.fingerprint(), bundle.created.isoformat(),
              bundle.expires.isoformat())
    if youth is not None:
        return Received(youth["plan_id"], youth["owner_name"], youth["version"],
                        bundle.bundle_id, *sender, youth["language"], list(youth["parts"]),
                        {YOUTH_TABLE: [youth["plan"]]}, bundle.sender.to_dict())
    read_payload("share", bundle.payload)  # decode_share's rules and those of key 100
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


def _withdraw(opened: OpenProfile, ids: list[str], news_expires: dt.datetime,
              signer: str) -> None:
    """Purge the shares with these ids that `signer` may withdraw, and remember the ids with
    who withdrew them (inside the caller's action)."""
    kept, revoked = opened.vault.records(RECEIVED_TABLE), opened.vault.records(REVOKED_TABLE)
    gone = [doc for doc in kept.all()
            if doc.get("bundle_id") in ids and _may_revoke(opened, doc, signer)]
    for doc in gone:
        news_expires = max(news_expires, dt.datetime.fromisoformat(doc["expires"]))
    kept.drop(gone)
    for bundle_id in ids:
        known = revoked.first(bundle_id=bundle_id, by=signer)
        until = news_expires
        if known:
            until = max(until, dt.datetime.fromisoformat(known["expires"]))
        revoked.put({"bundle_id": bundle_id, "expires": until.isoformat(), "by": signer},
                    "bundle_id", "by")


def _expired(doc, moment: dt.datetime) -> bool:
    return not lifetimes.still_valid(dt.datetime.fromisoformat(doc["expires"]), moment)


def purge_expired(opened: OpenProfile, now: dt.datetime | None = None) -> int:
    """Remove expired shares (and revocations nobody can need any more); returns how many
    shares went."""
    moment = now_or(now, opened.now)
    kept, revoked = opened.vault.records(RECEIVED_TABLE), opened.vault.records(REVOKED_TABLE)
    gone = [doc for doc in kept.all() if _expired(doc, moment)]
    forgotten = [doc for doc in revoked.all() if _expired(doc, moment)]
    if gone or forgotten:
        with opened.vault.action():
            kept.drop(gone)
            revoked.drop(forgotten)
    return len(gone)


def received_shares(opened: OpenProfile, now: dt.datetime | None = None) -> list[Received]:
    """The newest share of every family that has not expired, newest first."""
    moment = now_or(now, opened.now)
    purge_expired(opened, moment)
    if _checks_keys(opened):
        _adopt_kept(opened, None, moment)
    shares = [Received(**dict(doc)) for doc in opened.vault.records(RECEIVED_TABLE).all()]
    return sorted(shares, key=lambda r: r.created, reverse=True)


def received(opened: OpenProfile, household_id: str) -> Received | None:
    doc = opened.vault.records(RECEIVED_TABLE).first(household_id=household_id)
    return Received(**dict(doc)) if doc else None
