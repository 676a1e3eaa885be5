"""A second device joins the household: a join code, a reply, a code both screens show.

    first device                               second device (a new, empty family plan)
    join_offer(book, "Sanne's phone")  --QR-->  read_join_offer(data)
                                                join_reply(book, offer, "Family laptop")
    accept_join(book, reply)          <--QR--   (reply.bundle; shows reply.code)
    (shows the code; the family compares both screens)
    confirm_join(book, device)                  confirm_join(book, reply.device)
    household_sync.make_sync(...)     --QR-->   household_sync.apply_sync(...): the plan

The join code is a public identity bundle (it holds only public keys, the household id, a
random token and the device's node id). The reply is encrypted to the first device and
echoes the token, so only a reply to the join code on screen is taken. The confirmation
code ties the two key pairs together: both screens show the same six digits only when each
device holds the other's real keys (docs/sync.md, docs/threat-model.md). The joining device
adopts the first device's household: its own plan is replaced by the first sync.

Paired devices are kept in the family vault (`household_devices`), on each device.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from sync.bundle import open_bundle, seal
from sync.errors import N_, SharePayloadError, SyncError
from sync.identity import Identity, PublicIdentity
from sync.merge import Stamp
from sync.payloads import read_payload

from family_app.bundles import lifetimes
from family_app.household import replica_store
from family_app.clock import Rng, now_or
from family_app.domain import ValidationError
from family_app.domain.errors import REQUIRED
from family_app.plan.plan_book import PlanBook

DEVICES_TABLE = "household_devices"
HOUSEHOLD_SETTING = replica_store.HOUSEHOLD_SETTING
NAME_SETTING = "device_name"
OFFER_SETTING = "join_offer"  # the join code on screen: {"token", "expires"}
JOIN_CODE_LABEL = b"onsplan/1 join code"
# Payload keys of join codes, join replies and sync bundles (docs/sync.md).
HOUSEHOLD, TOKEN, NODE = 1, 2, 3
_JOINER_TABLES = ("household", "members")  # what onboarding writes; a joiner has no more


class NotAFamilyPlan(SyncError):
    default_problem = N_("Only the family plan can be shared between the household's devices.")


class NotAJoinCode(SyncError):
    default_problem = N_("This code is not a code to join a household.")


class NotAJoinReply(SyncError):
    default_problem = N_("This code is not a reply to joining this household.")


class JoinCodeOutdated(SyncError):
    default_problem = N_("This reply belongs to another or an older join code. Show a new "
                         "join code and scan it again.")


class AlreadyInHousehold(SyncError):
    default_problem = N_("This plan already belongs to a household. Only a new, empty plan "
                         "can join one.")


class PlanNotEmpty(SyncError):
    default_problem = N_("This plan already holds goals or notes. Only a new, empty plan can "
                         "join a household.")


class BadHouseholdCode(SharePayloadError):
    """A genuine join code, join reply or sync bundle whose payload breaks the spec's rules
    (docs/bundle-format.md, "Identity payload", "Sync payload")."""

    default_problem = N_("This code from your household's other device could not be read. "
                         "Make a new code on that device and scan it again.")


def checked_payload(opened) -> dict:
    """An opened household bundle's payload once it follows the spec (sync.payloads): the
    one check before a join code, a join reply or a sync bundle is used."""
    try:
        read_payload(opened.kind, opened.payload)
    except SharePayloadError as error:
        raise BadHouseholdCode(detail=error.detail) from None
    return opened.payload


class FirstSyncPending(SyncError):
    default_problem = N_("This device has not received the household's plan yet. Scan the "
                         "other device's sync code first.")


@dataclass(frozen=True)
class HouseholdDevice:
    """Another device of the household, as this device knows it."""

    name: str
    node: str  # its node id: the last part of its stamps
    household: str
    signing_key: str  # hex
    agreement_key: str  # hex
    joined: dt.date | None = None
    last_exchange: dt.date | None = None
    seen: dict[str, Stamp] = field(default_factory=dict, compare=False)  # of our changes
    adopt: bool = False  # while joining: this device's plan replaces ours
    earlier_nodes: tuple[str, ...] = ()  # its node ids before it was restored from a backup

    def public(self) -> PublicIdentity:
        return PublicIdentity(self.name, "", bytes.fromhex(self.signing_key),
                              bytes.fromhex(self.agreement_key))

    @property
    def fingerprint(self) -> str:
        return self.public().fingerprint()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "node": self.node, "household": self.household,
                "signing_key": self.signing_key, "agreement_key": self.agreement_key,
                "joined": _iso(self.joined), "last_exchange": _iso(self.last_exchange),
                "seen": [stamp.encode() for stamp in self.seen.values()],
                **({"earlier_nodes": list(self.earlier_nodes)} if self.earlier_nodes else {})}

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> "HouseholdDevice":
        seen = (Stamp.decode(raw) for raw in doc.get("seen") or [])
        return cls(doc["name"], doc["node"], doc["household"], doc["signing_key"],
                   doc["agreement_key"], _day(doc.get("joined")), _day(doc.get("last_exchange")),
                   {stamp.node: stamp for stamp in seen},
                   earlier_nodes=tuple(doc.get("earlier_nodes") or ()))

    @classmethod
    def of(cls, identity: PublicIdentity, node: Any, household: Any, adopt: bool = False):
        if not isinstance(node, str) or not isinstance(household, str):
            raise NotAJoinReply(detail="node and household must be text")
        return cls(identity.name, node, household, identity.signing_key.hex(),
                   identity.agreement_key.hex(), adopt=adopt)


@dataclass(frozen=True)
class JoinOffer:
    """What the second device read from the first device's join code."""

    identity: PublicIdentity
    household: str
    token: bytes
    node: str


@dataclass(frozen=True)
class JoinReply:
    bundle: bytes  # show as QR frames (sync.frames.split_frames) or save as a file
    code: str  # the confirmation code this screen shows
    device: HouseholdDevice  # the first device: confirm_join(book, device) when codes match


# --- who we are ----------------------------------------------------------------------------

def require_family(book: PlanBook) -> None:
    """Youth and begeleider vaults never take part in household sync."""
    if book.opened.kind != "family":
        raise NotAFamilyPlan(detail=f"a {book.opened.kind} profile")


def household_id(book: PlanBook) -> str | None:
    """The household this device syncs for (set when it joins or is joined)."""
    return book.opened.setting(HOUSEHOLD_SETTING)


def me(book: PlanBook) -> Identity:
    """This device's keys, under the device's name (the stored identity is not renamed)."""
    identity = book.opened.identity()
    return identity.renamed(book.opened.setting(NAME_SETTING) or identity.name, "")


def confirmation_code(a: PublicIdentity, b: PublicIdentity) -> str:
    """Six digits, "123 456": SHA-256 over both devices' keys, in byte order of the keys."""
    first, second = sorted((a.signing_key + a.agreement_key, b.signing_key + b.agreement_key))
    digest = hashlib.sha256(JOIN_CODE_LABEL + first + second).digest()
    number = int.from_bytes(digest[:8], "big") % 1_000_000
    return f"{number // 1000:03d} {number % 1000:03d}"


# --- joining -------------------------------------------------------------------------------

def join_offer(book: PlanBook, device_name: str, *, now: dt.datetime | None = None,
               rng: Rng | None = None) -> bytes:
    """The join code of the first device (public: keys, household id, a fresh token)."""
    require_family(book)
    moment = now_or(now, book.opened.now)
    rng = rng or book.opened.rng
    household = household_id(book) or _own_household_id(book)
    if household_id(book) and not replica_store.started(book.opened):
        raise FirstSyncPending()
    token = rng(16)
    expires = lifetimes.expiry("join", moment)
    with book.vault.action():
        _name_device(book, device_name, rng)
        book.opened.put_setting(OFFER_SETTING, {"token": token.hex(), "expires": expires.isoformat()})
    payload = {HOUSEHOLD: household, TOKEN: token, NODE: replica_store.node_id(book.opened)}
    return seal("identity", payload, me(book), expires=expires, now=moment, rng=rng)


def read_join_offer(data: bytes, *, now: dt.datetime | None = None) -> JoinOffer:
    """Raises a SyncError when the code is damaged, expired or no join code."""
    opened = open_bundle(data, now=now_or(now))
    if opened.kind != "identity":
        raise NotAJoinCode(detail=f"a {opened.kind} bundle")
    payload = checked_payload(opened)  # with any of keys 1-3, all three, well formed
    if HOUSEHOLD not in payload:
        raise NotAJoinCode(detail="a pairing code")
    return JoinOffer(opened.sender, payload[HOUSEHOLD], payload[TOKEN], payload[NODE])


def join_reply(book: PlanBook, offer: JoinOffer, device_name: str, *,
               now: dt.datetime | None = None, rng: Rng | None = None) -> JoinReply:
    """The second device's answer, encrypted to the first; nothing is kept until confirmed."""
    require_family(book)
    if household_id(book):
        raise AlreadyInHousehold()
    tables = book.vault.read_all()
    if any(tables.get(t) for t in replica_store.SYNCED_TABLES if t not in _JOINER_TABLES):
        raise PlanNotEmpty()
    moment = now_or(now, book.opened.now)
    rng = rng or book.opened.rng
    with book.vault.action():
        _name_device(book, device_name, rng)
    payload = {HOUSEHOLD: offer.household, TOKEN: offer.token, NODE: replica_store.node_id(book.opened)}
    bundle = seal("sync", payload, me(book), to=offer.identity,
                  expires=lifetimes.expiry("join", moment), now=moment, rng=rng)
    device = HouseholdDevice.of(offer.identity, offer.node, offer.household, adopt=True)
    return JoinReply(bundle, confirmation_code(offer.identity, me(book).public()), device)


def accept_join(book: PlanBook, data: bytes, *,
                now: dt.datetime | None = None) -> tuple[str, HouseholdDevice]:
    """The first device reads the reply: (the code to show, the device to confirm)."""
    require_family(book)
    moment = now_or(now, book.opened.now)
    opened = open_bundle(data, me=me(book), now=moment)
    if opened.kind != "sync":
        raise NotAJoinReply(detail=f"a {opened.kind} bundle")
    payload = checked_payload(opened)
    if TOKEN not in payload:
        raise NotAJoinReply(detail="a sync bundle with changes")
    offer = book.opened.setting(OFFER_SETTING) or {}
    household = household_id(book) or _own_household_id(book)
    if (not offer or payload[TOKEN] != bytes.fromhex(offer["token"])
            or not lifetimes.still_valid(dt.datetime.fromisoformat(offer["expires"]), moment)
            or payload.get(HOUSEHOLD) != household):
        raise JoinCodeOutdated()
    device = HouseholdDevice.of(opened.sender, payload.get(NODE), household)
    return confirmation_code(me(book).public(), opened.sender), device


def confirm_join(book: PlanBook, device: HouseholdDevice, *,
                 now: dt.datetime | None = None) -> HouseholdDevice:
    """The family saw the same code on both screens: keep the device. On the first device
    the replica starts now (its plan as it is); the joining device waits for the first sync."""
    require_family(book)
    start = not device.adopt and not replica_store.started(book.opened)
    device = replace(device, joined=now_or(now, book.opened.now).date(), adopt=False)
    with book.vault.action():
        if device.household != household_id(book):
            book.opened.put_setting(HOUSEHOLD_SETTING, device.household)
        book.opened.put_setting(OFFER_SETTING, None)
        save_device(book, device)
        if start:
            _start_replica(book)
    return device


def _start_replica(book: PlanBook) -> None:
    tables = book.vault.read_all()
    replica = replica_store.open_replica(book.opened, lambda: replica_store.millis(book.now()))
    replica.import_tables({t: [dict(doc) for doc in tables.get(t, [])]
                           for t in replica_store.SYNCED_TABLES})
    replica_store.store(book.opened, replica.state, {})


# --- the devices ---------------------------------------------------------------------------

def paired_devices(book: PlanBook) -> list[HouseholdDevice]:
    return [HouseholdDevice.from_dict(dict(doc)) for doc in book.vault.records(DEVICES_TABLE).all()]


def device_by_key(book: PlanBook, signing_key: bytes) -> HouseholdDevice | None:
    doc = book.vault.records(DEVICES_TABLE).first(signing_key=signing_key.hex())
    return HouseholdDevice.from_dict(dict(doc)) if doc else None


def save_device(book: PlanBook, device: HouseholdDevice) -> None:
    with book.vault.action():
        book.vault.records(DEVICES_TABLE).put(device.to_dict(), "signing_key")


def forget_device(book: PlanBook, device: HouseholdDevice) -> None:
    """Stop exchanging with a device (its earlier changes stay in the plan)."""
    with book.vault.action():
        book.vault.records(DEVICES_TABLE).remove(signing_key=device.signing_key)


# --- helpers -------------------------------------------------------------------------------

def _name_device(book: PlanBook, device_name: str, rng: Rng) -> None:
    name = " ".join((device_name or "").split())
    if not name:
        raise ValidationError("device_name", REQUIRED)
    book.opened.put_setting(NAME_SETTING, name[:120])
    if not replica_store.node_id(book.opened):
        book.opened.put_setting(replica_store.NODE_SETTING, rng(8).hex())


def _own_household_id(book: PlanBook) -> str:
    household = book.plan().household
    if household is None:
        raise NotAFamilyPlan(detail="the plan has no household record")
    return household.id


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
