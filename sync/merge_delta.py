"""Deltas: what one device has that another has not seen yet, as plain lists and dicts.

    delta = changes_since(state, other.seen)   # on the sending device
    other = apply(other, delta)                # on the receiving device

A delta holds every cell of the sender in which some live write is newer than `since`
(the receiver's version vector, per node), complete, with the sender's version vector.
Applying it merges those cells exactly as `merge` would, so
`apply(b, changes_since(a, b.seen)) == merge(b, a)`, and applying a delta again, or
applying an older one, changes nothing.

A receiver must already have everything the delta assumes (its `seen` covers the delta's
`since`); otherwise it could take a gap for a removal. `apply` refuses such a delta with
`DeltaGap`, and the sender should be asked for `changes_since(receiver.seen)` instead.

Shape (CBOR- and JSON-safe): node ids are listed once and stamps refer to them by index.
    {"format": "onsplan-merge-delta/1",
     "nodes": ["a1", "b2"],
     "since": [[node, millis, counter], ...],      # what the receiver had seen
     "seen":  [[node, millis, counter], ...],      # what the sender had seen
     "records": [[table, record id, [[field key, [WRITE, ...]], ...]], ...],
     "whole":   [[table, [field key, ...], [[record id, node, millis, counter, value, ...], ...]], ...]}
    WRITE = [node, millis, counter, value, [[node, millis, counter], ...replaced]]

"whole" holds records written once and never since (every cell one write, of one stamp,
replacing nothing: most of a plan, its log and history above all), one row per record,
grouped by table and field keys. It says what "records" would, in a third of the CBOR
items (a reader counts items before it decodes: sync/cbor_limits.py). A record is in one
of the two lists, never both; "whole" may be absent (no such records).
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .hlc import BadStamp, Stamp
from .merge_state import (
    Cell, Record, RecordKey, State, Write, merge_cell, merge_seen, unseen,
)

FORMAT = "onsplan-merge-delta/1"


class DeltaError(ValueError):
    """A delta that is not in the documented shape."""


class DeltaGap(Exception):
    """The receiver lacks changes the delta builds on; it should ask for a fresh delta."""

    def __init__(self, nodes: list[str]) -> None:
        self.nodes = nodes
        super().__init__(f"missing earlier changes from: {', '.join(nodes)}")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Deltas are large trees without cycles: full cyclic-GC passes over the whole heap
    while building one only cost time (they made 10,000 changes 2-3x slower per change)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def changes_since(state: State, since: dict[str, Stamp]) -> dict[str, Any]:
    """Every cell with a write newer than `since`, plus this state's version vector."""
    with _gc_paused():
        return _changes_since(state, since)


def _changes_since(state: State, since: dict[str, Stamp]) -> dict[str, Any]:
    nodes: dict[str, int] = {}

    def ref(stamp: Stamp) -> list[Any]:
        index = nodes.setdefault(stamp.node, len(nodes))
        return [index, stamp.millis, stamp.counter]

    def new(stamp: Stamp) -> bool:
        last = since.get(stamp.node)
        return last is None or stamp > last

    records = []
    whole: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
    for (table, rid), rec in state.records.items():
        stamp = _one_stamp(rec)
        if stamp is not None:
            if new(stamp):
                whole.setdefault((table, tuple(rec)), []).append(
                    [rid, *ref(stamp), *(write.value for cell in rec.values()
                                         for write in cell.values())])
            continue
        cells = [[fkey, [[*ref(stamp), write.value, [ref(s) for s in write.replaced]]
                         for stamp, write in cell.items()]]
                 for fkey, cell in rec.items() if any(new(stamp) for stamp in cell)]
        if cells:
            records.append([table, rid, cells])
    delta = {"format": FORMAT,
             "since": [ref(stamp) for stamp in since.values()],
             "seen": [ref(stamp) for stamp in state.seen.values()],
             "records": records,
             "nodes": list(nodes)}
    if whole:
        delta["whole"] = [[table, list(fields), rows] for (table, fields), rows in whole.items()]
    return delta


def _one_stamp(rec: Record) -> Stamp | None:
    """The stamp of a record written once and never since, else None."""
    stamps = set()
    for cell in rec.values():
        if len(cell) != 1:
            return None
        [(stamp, write)] = cell.items()
        if write.replaced:
            return None
        stamps.add(stamp)
    return stamps.pop() if len(stamps) == 1 else None


def apply(state: State, delta: dict[str, Any]) -> State:
    """`state` with the delta merged in; raises DeltaGap or DeltaError."""
    with _gc_paused():
        return _apply(state, delta)


def _apply(state: State, delta: dict[str, Any]) -> State:
    since, seen, records = decode(delta)
    missing = sorted(node for node, stamp in since.items() if not state.has_seen(stamp))
    if missing:
        raise DeltaGap(missing)
    out = state.copy()
    for key, rec in records.items():
        merged = _merge_cells(out.records.get(key, {}), rec, state.seen, seen)
        if merged:
            out.records[key] = merged
        else:
            out.records.pop(key, None)
    out.seen = merge_seen(state.seen, seen)
    return out


def _merge_cells(mine: Record, theirs: Record, seen_mine: dict[str, Stamp],
                 seen_theirs: dict[str, Stamp]) -> Record:
    """`mine` with the cells of the delta merged in; cells the delta lacks stay as they are."""
    out = dict(mine)
    for fkey, cell in theirs.items():
        old = mine.get(fkey)
        merged = unseen(cell, seen_mine) if old is None else merge_cell(
            old, cell, seen_mine, seen_theirs)
        if merged:
            out[fkey] = merged
        else:
            out.pop(fkey, None)
    return mine if out == mine else out


def delta_keys(delta: dict[str, Any]) -> set[RecordKey]:
    """The (table, record id) of every record a checked delta holds."""
    return ({(table, rid) for table, rid, _ in delta["records"]}
            | {(table, row[0]) for table, _, rows in delta.get("whole", []) for row in rows})


def decode(delta: Any) -> tuple[dict[str, Stamp], dict[str, Stamp], dict[RecordKey, Record]]:
    """(since, seen, records) of a delta, checked."""
    try:
        if delta.get("format") != FORMAT:
            raise DeltaError(f'not a merge delta: "format" must be "{FORMAT}"')
        nodes = delta["nodes"]
        if not isinstance(nodes, list):
            raise DeltaError("nodes must be a list")

        def stamp(raw: list[Any]) -> Stamp:
            node, millis, counter = raw
            if type(node) is not int or not 0 <= node < len(nodes):
                raise DeltaError(f"no node number {node!r}")
            return Stamp.make(millis, counter, nodes[node])

        def vector(raw: list[Any]) -> dict[str, Stamp]:
            stamps = [stamp(item) for item in raw]
            return {s.node: s for s in stamps}

        records: dict[RecordKey, Record] = {}

        def add(table: Any, rid: Any, rec: Record) -> None:
            if not isinstance(table, str) or not isinstance(rid, str):
                raise DeltaError("table and record id must be text")
            if (table, rid) in records:
                raise DeltaError(f"record {table}/{rid} is in the delta twice")
            records[(table, rid)] = rec

        for table, rid, cells in delta["records"]:
            rec: Record = {}
            for fkey, writes in cells:
                if not isinstance(fkey, str) or not writes:
                    raise DeltaError("a cell needs a field key and writes")
                cell: Cell = {}
                for *at, value, replaced in writes:
                    cell[stamp(at)] = Write(value, tuple(stamp(r) for r in replaced))
                rec[fkey] = cell
            add(table, rid, rec)
        for table, fields, rows in delta.get("whole", []):
            if (not fields or not all(isinstance(f, str) for f in fields)
                    or len(set(fields)) != len(fields)):
                raise DeltaError("whole records need distinct field keys")
            for row in rows:
                if len(row) != 4 + len(fields):
                    raise DeltaError("a whole record needs an id, a stamp and every field")
                at = stamp(row[1:4])
                add(table, row[0], {f: {at: Write(v, ())} for f, v in zip(fields, row[4:])})
        return vector(delta["since"]), vector(delta["seen"]), records
    except DeltaError:
        raise
    except (AttributeError, KeyError, TypeError, ValueError, BadStamp) as err:
        raise DeltaError(f"malformed merge delta: {err}") from None
