"""The family plan's merge replica (sync.merge), kept inside the family vault.

A household with one device keeps no replica: nothing here exists and saving costs what it
always did. When a second device joins, the plan's tables are imported into a replica and
from then on every change of the plan is also an operation on it (family_app/household/plan_stamps.py),
in the same vault action. Stored in two tables:

    sync_state    one doc: {"nodes": [node id, ...], "seen": [[node no, millis, counter], ...]}
    sync_records  one doc per record: {"t": table, "r": record id, "c": CELLS as JSON text,
                                       "m": whether some cell holds more than one write}
    CELLS = [[field key, [[node no, millis, counter, value, [[node no, millis, counter], ...]],
              ...]], ...]              # the writes of each cell and the stamps they replaced

Node ids are listed once ("node no" is the index) and only ever appended, so stored stamps
keep their meaning. One doc per record lets a save touch only the records it changes; the
cells are one JSON text each because every read of the plan (`Vault.read_all`) copies the
whole database, and one string per record costs far less there than a deep tree of lists.

Which tables sync: the family plan's tables (domain.plan.TABLES). The consent log
("shares") is part of them: whom the family shared with is the family's, whichever device
made the share. Everything else in the vault stays on its device (docs/sync.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from sync.merge import Clock, Replica, Stamp, State, Write
from sync.merge_state import Record, RecordKey

from family_app.domain.plan import TABLES
from family_app.profiles.open_profile import OpenProfile

STATE_TABLE = "sync_state"
RECORDS_TABLE = "sync_records"
NODE_SETTING = "sync_node"  # this device's node id: a random id made when it first joins
HOUSEHOLD_SETTING = "sync_household"  # the household id this device syncs for
EARLIER_NODES_SETTING = "sync_node_earlier"  # its node ids before restores (backup/restoring.py)
SYNCED_TABLES = TABLES
_BULK = 20  # more changed records than this: rewrite the records table in one go


def millis(moment: dt.datetime) -> int:
    """Milliseconds since the epoch (a naive datetime is local time, as PlanBook's)."""
    return int(moment.timestamp() * 1000)


def started(opened: OpenProfile) -> bool:
    """Whether this vault keeps a replica (the household has had another device)."""
    return len(opened.vault.records(STATE_TABLE)) > 0


def node_id(opened: OpenProfile) -> str | None:
    return opened.setting(NODE_SETTING)


def own_nodes(opened: OpenProfile) -> set[str]:
    """This device's node id and the ones it had before it was restored from a backup:
    changes stamped under any of them were made by this device."""
    return {node for node in (node_id(opened), *opened.setting(EARLIER_NODES_SETTING, []))
            if node}


def open_replica(opened: OpenProfile, wall: Callable[[], int],
                 keys: Iterable[RecordKey] | None = None) -> Replica:
    """The stored replica with every record, or with only `keys` (enough for local edits:
    the version vector, and so the clock, is always whole)."""
    vault = opened.vault
    meta = dict(vault.records(STATE_TABLE).all()[0]) if started(opened) else {"nodes": [], "seen": []}
    nodes = meta["nodes"]
    state = State(seen={stamp.node: stamp for stamp in (_stamp(raw, nodes) for raw in meta["seen"])})
    wanted = None if keys is None else set(keys)
    for doc in vault.records(RECORDS_TABLE).scan():
        key = (doc["t"], doc["r"])
        if wanted is None or key in wanted:
            state.records[key] = _decode_record(doc["c"], nodes)
    return Replica(Clock(node_id(opened), wall), state)


def store(opened: OpenProfile, state: State, before: dict[RecordKey, Record]) -> None:
    """Write the records that differ from `before` (the records as loaded) and the version
    vector. Records are never changed in place, so "differs" is "is another object"."""
    vault = opened.vault
    meta_table, records_table = vault.records(STATE_TABLE), vault.records(RECORDS_TABLE)
    meta = dict(meta_table.all()[0]) if len(meta_table) else {"nodes": [], "seen": []}
    nodes = list(meta["nodes"])
    number = {node: n for n, node in enumerate(nodes)}

    def ref(stamp: Stamp) -> list[Any]:
        if stamp.node not in number:
            number[stamp.node] = len(nodes)
            nodes.append(stamp.node)
        return [number[stamp.node], stamp.millis, stamp.counter]

    changed = [key for key in {*before, *state.records}
               if state.records.get(key) is not before.get(key)]
    with vault.action():
        if len(changed) > _BULK:
            # One rewrite of the table; `state` may hold only some records (an exchange
            # that changed a few), so the others are kept as stored.
            docs = {(doc["t"], doc["r"]): doc for doc in records_table.all()}
            for key in changed:
                rec = state.records.get(key)
                if rec is None:
                    docs.pop(key, None)
                else:
                    docs[key] = {"t": key[0], "r": key[1], **_encoded(rec, ref)}
            records_table.replace(docs.values())
        else:
            # One stored record per key: found by its (table, record id) fields.
            stored = {(doc["t"], doc["r"]) for doc in records_table.scan()} if changed else set()
            for key in changed:
                rec = state.records.get(key)
                if rec is None:
                    if key in stored:
                        records_table.remove(t=key[0], r=key[1])
                elif key in stored:
                    records_table.update(_encoded(rec, ref), t=key[0], r=key[1])
                else:
                    records_table.add({"t": key[0], "r": key[1], **_encoded(rec, ref)})
        seen = [ref(stamp) for stamp in state.seen.values()]
        meta_table.replace([{"nodes": nodes, "seen": seen}])


def single_record_id(opened: OpenProfile, table: str) -> str:
    """The id every device gives a new record of a one-record table (32 hex digits)."""
    household = opened.setting(HOUSEHOLD_SETTING) or ""
    return hashlib.sha256(f"onsplan/1 single {household} {table}".encode()).hexdigest()[:32]


def keys_with_several_writes(opened: OpenProfile) -> list[RecordKey]:
    """The records in which some field holds more than one write: only these can hold a
    conflict (sync/merge_views.conflicts), so the home screen decodes only these."""
    return [(doc["t"], doc["r"]) for doc in opened.vault.records(RECORDS_TABLE).scan()
            if (doc["m"] if "m" in doc  # stored before "m" was: look inside
                else any(len(writes) > 1 for _, writes in json.loads(doc["c"])))]


def record_keys(opened: OpenProfile, table: str) -> list[RecordKey]:
    return [(doc["t"], doc["r"]) for doc in opened.vault.records(RECORDS_TABLE).scan() if doc["t"] == table]


def _encoded(rec: Record, ref: Callable[[Stamp], list[Any]]) -> dict[str, Any]:
    """A record's stored fields: its cells, and whether any holds several writes (so that
    looking for conflicts need not decode the records that cannot hold one)."""
    return {"c": _encode_record(rec, ref), "m": any(len(cell) > 1 for cell in rec.values())}


def _encode_record(rec: Record, ref: Callable[[Stamp], list[Any]]) -> str:
    cells = [[fkey, [[*ref(stamp), write.value, [ref(s) for s in write.replaced]]
                     for stamp, write in cell.items()]]
             for fkey, cell in rec.items()]
    return json.dumps(cells, ensure_ascii=False, separators=(",", ":"))


def _decode_record(text: str, nodes: list[str]) -> Record:
    return {fkey: {_stamp(at, nodes): Write(value, tuple(_stamp(r, nodes) for r in replaced))
                   for *at, value, replaced in writes}
            for fkey, writes in json.loads(text)}


def _stamp(raw: list[Any], nodes: list[str]) -> Stamp:
    number, millis_, counter = raw
    return Stamp(millis_, counter, nodes[number])
