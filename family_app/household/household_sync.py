"""Sync bundles between the household's devices: what changed since the last exchange.

    bundle = make_sync(book, device)          # on one device: shown as QR frames or a file
    result = apply_sync(book, bundle)         # on the other: the plans are the same again

A sync bundle (kind "sync") is signed by the sending device and encrypted to the receiving
one. Its payload holds the household id, the sender's node id and a merge delta
(sync.merge_delta): every change the receiver has not seen, as far as the sender knows.
The sender knows it from the `seen` vector of the last bundle the receiver sent it; until
then it sends everything. Applying a bundle twice, or an older one, changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sync.bundle import open_bundle, seal
from sync.errors import N_, SyncError
from sync.merge import Clock, DeltaError, DeltaGap, Replica, Stamp, conflicts
from sync.merge_delta import delta_keys
from sync.merge_state import Record, RecordKey

from family_app.bundles import lifetimes
from family_app.household import merged_plan, replica_store
from family_app.clock import Rng, now_or
from family_app.household.household import (
    HOUSEHOLD, NODE, TOKEN, BadHouseholdCode, FirstSyncPending, HouseholdDevice, checked_payload,
    device_by_key, household_id, me, paired_devices, require_family, save_device,
)
from family_app.plan.plan_book import PlanBook

DELTA = 4  # payload key of the merge delta


class NotASyncCode(SyncError):
    default_problem = N_("This code holds no changes of your household's plan.")


class NotFromHouseholdDevice(SyncError):
    default_problem = N_("This code comes from a device that has not joined your household.")


class OtherHousehold(SyncError):
    default_problem = N_("This code belongs to another household.")


class SyncOutOfStep(SyncError):
    default_problem = N_("This code builds on changes this device does not have. Send a sync "
                         "code from this device to the other one first, then make a new code "
                         "there.")


@dataclass(frozen=True)
class SyncResult:
    device: HouseholdDevice
    changed: int  # records added, changed or removed here
    conflicts: int  # open conflicts after the exchange


def make_sync(book: PlanBook, device: HouseholdDevice, *, now: dt.datetime | None = None,
              rng: Rng | None = None) -> bytes:
    """A bundle for `device` with every change it is not known to have seen."""
    require_family(book)
    if not replica_store.started(book.opened):
        raise FirstSyncPending()
    moment = now_or(now, book.opened.now)
    replica = replica_store.open_replica(book.opened, lambda: replica_store.millis(moment))
    payload = {HOUSEHOLD: household_id(book), NODE: replica.node,
               DELTA: replica.changes_since(device.seen)}
    return seal("sync", payload, me(book), to=device.public(),
                expires=lifetimes.expiry("sync", moment), now=moment,
                rng=rng or book.opened.rng)


def apply_sync(book: PlanBook, data: bytes, *, now: dt.datetime | None = None) -> SyncResult:
    """Take in another device's bundle; raises a SyncError when it is not for this plan."""
    require_family(book)
    moment = now_or(now, book.opened.now)
    opened = open_bundle(data, me=me(book), now=moment)
    if opened.kind != "sync":
        raise NotASyncCode(detail=f"a {opened.kind} bundle")
    payload = checked_payload(opened)  # the spec's rules, the merge delta's among them
    if TOKEN in payload:  # a join reply (key 2) carries no changes
        raise NotASyncCode(detail="a join reply")
    delta = payload[DELTA]
    device = device_by_key(book, opened.sender.signing_key)
    if device is None:
        raise NotFromHouseholdDevice()
    if payload[HOUSEHOLD] != household_id(book) or device.household != household_id(book):
        raise OtherHousehold()
    # Most exchanges edit or add a few records: only those (and the last record of each
    # table they touch, whose place a new one follows) are decoded and written. When the
    # changes need the whole plan (a removal, a record created before others, a reference
    # to restore: merged_plan.NeedsWholePlan), it is merged and written whole.
    nearby = merged_plan.nearby_keys(book, delta_keys(delta)) if replica_store.started(
        book.opened) else None
    replica, before = _merged(book, moment, delta, nearby)
    # What the sender has seen now, even when lower than before: a device restored from
    # an older backup has seen less, and a delta must start where it is (docs/sync.md).
    device = replace(device, seen=_sender_seen(delta),
                     last_exchange=moment.date(), **_moved(book, device, payload[NODE]))
    writer = book.writer()
    with book.vault.action():
        try:
            changed = merged_plan.write(book, replica, before, by=device.name,
                                        whole=nearby is None)
        except merged_plan.NeedsWholePlan:
            replica, before = _merged(book, moment, delta, None)
            changed = merged_plan.write(book, replica, before, by=device.name)
        save_device(book, device)
        _keep_writer(book, writer)
    keys = replica_store.keys_with_several_writes(book.opened)  # where conflicts can be
    return SyncResult(device, changed, len(conflicts(_replica(book, moment, keys).state)))


def _merged(book: PlanBook, moment: dt.datetime, delta: dict,
            keys: set[RecordKey] | None) -> tuple[Replica, dict[RecordKey, Record]]:
    """The stored replica (all of it, or only `keys`) with the delta merged in, and its
    records as they were before."""
    replica = _replica(book, moment, keys)
    before = dict(replica.state.records)
    try:
        replica.apply(delta)
    except DeltaGap as gap:
        raise SyncOutOfStep(detail=str(gap)) from None
    except DeltaError as err:  # checked_payload decoded it already: a guard, not a path
        raise BadHouseholdCode(detail=str(err)) from None
    for key in [k for k in replica.state.records if k[0] not in replica_store.SYNCED_TABLES]:
        del replica.state.records[key]  # only the plan's tables ever sync
    return replica, before


def _keep_writer(book: PlanBook, name: str) -> None:
    """A joining device's own member (made at onboarding) is replaced by the household's:
    keep writing as the member of the same name, not as whoever comes first."""
    if book.writer() == name:
        return
    same = next((m for m in book.plan().members if m.name == name), None)
    if same is not None:
        book.set_writer(same.id)


def _replica(book: PlanBook, moment: dt.datetime, keys: set[RecordKey] | None = None) -> Replica:
    """The stored replica (or only `keys` of it); a device that joined starts from nothing:
    its own plan is replaced by the household's."""
    def wall() -> int:
        return replica_store.millis(moment)

    if replica_store.started(book.opened):
        return replica_store.open_replica(book.opened, wall, keys)
    return Replica(Clock(replica_store.node_id(book.opened), wall))


def _moved(book: PlanBook, device: HouseholdDevice, node: str) -> dict:
    """A device restored from a backup stamps under a new node id (docs/sync.md): know it
    by that from now on, and by the old ones for its earlier changes. Never by our own
    node id or another device's."""
    if node == device.node or node in replica_store.own_nodes(book.opened) or any(
            node == d.node for d in paired_devices(book)):
        return {}
    return {"node": node, "earlier_nodes": (*device.earlier_nodes, device.node)}


def _sender_seen(delta: dict) -> dict[str, Stamp]:
    nodes = delta["nodes"]
    return {nodes[n]: Stamp(millis, counter, nodes[n]) for n, millis, counter in delta["seen"]}
