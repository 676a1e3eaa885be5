"""Stamping the family's own edits, once the household has more than one device.

PlanBook calls `saved` and `removed` inside the vault action of every change. With one
device there is no replica (replica_store.started is False) and they return at once; after
a join each change becomes an operation on the replica (update, create, delete), stamped by
a hybrid logical clock that follows the book's own injected clock, so it is written, or
undone, together with the change itself.
"""

from __future__ import annotations

from typing import Any

from family_app.profiles.open_profile import OpenProfile


def saved(opened: OpenProfile, now, table: str, doc: dict[str, Any], *, only: bool = False) -> None:
    """A record was added or changed. `only`: the table holds one record (household,
    trajectory); its replica record is the one the replica has, whatever id the form gave,
    or for a new one an id derived from the household id, so that two devices that create
    it while apart merge it field by field instead of making two."""
    # sync is only needed once a device has joined
    from family_app.household import replica_store as rs
    if table not in rs.SYNCED_TABLES or not rs.started(opened):
        return
    from sync.merge_views import exists
    if only:
        known = rs.record_keys(opened, table)
        rid = known[0][1] if known else rs.single_record_id(opened, table)
        if rid != doc["id"]:
            opened.vault.records(table).update({"id": rid}, id=doc["id"])
            doc = {**doc, "id": rid}
    key = (table, doc["id"])
    replica = rs.open_replica(opened, lambda: rs.millis(now()), [key])
    before = dict(replica.state.records)
    if key not in replica.state.records:
        replica.create(table, doc)
    else:
        if not exists(replica.state.records[key]):
            replica.restore(table, doc["id"])
        replica.update(table, doc)
    rs.store(opened, replica.state, before)


def removed(opened: OpenProfile, now, table: str, record_id: str) -> None:
    from family_app.household import replica_store as rs
    if table not in rs.SYNCED_TABLES or not rs.started(opened):
        return
    replica = rs.open_replica(opened, lambda: rs.millis(now()), [(table, record_id)])
    before = dict(replica.state.records)
    if (table, record_id) in replica.state.records:
        replica.delete(table, record_id)
        rs.store(opened, replica.state, before)
