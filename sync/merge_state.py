"""Replica state and its join: the data every device keeps, and how two copies combine.

A state holds records, keyed by (table, record id). A record is a set of cells, keyed by a
field key (see below). A cell holds the writes that are still live for that field: usually
one, two or more after concurrent edits (a conflict). Each write is keyed by the stamp of
the operation that made it and keeps the stamps of the writes it replaced.

`seen` is a version vector: for each node, the latest stamp of that node this state
includes. It is also the state's causal context: a write of node n with a stamp at or below
seen[n] has been seen here, so if it is not in a cell any more, it was replaced here.
That is what makes `merge` a join (commutative, associative, idempotent): a write survives
a merge if both sides have it, or if one side has it and the other has never seen it.

Field keys are strings:
  "text"            a field of the record
  "#"               whether the record exists (True) or was deleted (False)
  "#born"           written once, by the create; its stamp orders the records of a table
  "scores/<id>"     one item of a keyed list (a list of dicts with ids, such as scores)
  "scores/<id>/#"   written once, when that item is first added; orders the items
Field names must therefore not start with "#" nor contain "/".

Cells, records and Write values are never changed in place once stored: a local write
replaces the cell (and the record dict) with new ones, so merged states may share them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .hlc import Stamp

EXISTS = "#"
BORN = "#born"
ITEM_SEP = "/"


class Write(NamedTuple):
    value: Any
    replaced: tuple[Stamp, ...]  # the writes this one superseded, as the writer saw them


Cell = dict[Stamp, Write]
Record = dict[str, Cell]
RecordKey = tuple[str, str]  # (table, record id)


def item_key(field_name: str, item_id: str) -> str:
    return f"{field_name}{ITEM_SEP}{item_id}"


def item_born_key(field_name: str, item_id: str) -> str:
    return f"{field_name}{ITEM_SEP}{item_id}{ITEM_SEP}{EXISTS}"


def split_key(fkey: str) -> tuple[str, str | None, bool]:
    """(field, item id or None, is-an-order-marker) for a field key."""
    parts = fkey.split(ITEM_SEP)
    if len(parts) == 1:
        return fkey, None, fkey == BORN
    return parts[0], parts[1], len(parts) == 3


def copy_value(value: Any) -> Any:
    """Copy lists and dicts, so that no caller can change a stored value in place."""
    if isinstance(value, list):
        return [copy_value(v) for v in value]
    if isinstance(value, dict):
        return {k: copy_value(v) for k, v in value.items()}
    return value


@dataclass(eq=True)
class State:
    records: dict[RecordKey, Record] = field(default_factory=dict)
    seen: dict[str, Stamp] = field(default_factory=dict)

    def copy(self) -> "State":
        """An independent state (records and cells are shared: they are never mutated)."""
        return State(dict(self.records), dict(self.seen))

    def has_seen(self, stamp: Stamp) -> bool:
        last = self.seen.get(stamp.node)
        return last is not None and stamp <= last

    def latest(self) -> Stamp | None:
        return max(self.seen.values(), default=None)


def merge(a: State, b: State) -> State:
    """The join of two states: everything either has, minus what either replaced."""
    records: dict[RecordKey, Record] = {}
    seen_a, seen_b = a.seen, b.seen
    for key, rec_a in a.records.items():
        rec_b = b.records.get(key)
        merged = _unseen_record(rec_a, seen_b) if rec_b is None else merge_record(
            rec_a, rec_b, seen_a, seen_b)
        if merged:
            records[key] = merged
    for key, rec_b in b.records.items():
        if key not in a.records:
            merged = _unseen_record(rec_b, seen_a)
            if merged:
                records[key] = merged
    return State(records, merge_seen(seen_a, seen_b))


def merge_seen(a: dict[str, Stamp], b: dict[str, Stamp]) -> dict[str, Stamp]:
    seen = dict(a)
    for node, stamp in b.items():
        if node not in seen or stamp > seen[node]:
            seen[node] = stamp
    return seen


def merge_record(rec_a: Record, rec_b: Record,
                 seen_a: dict[str, Stamp], seen_b: dict[str, Stamp]) -> Record:
    if rec_a is rec_b:
        return rec_a
    out: Record = {}
    for fkey, cell_a in rec_a.items():
        cell_b = rec_b.get(fkey)
        cell = unseen(cell_a, seen_b) if cell_b is None else merge_cell(
            cell_a, cell_b, seen_a, seen_b)
        if cell:
            out[fkey] = cell
    for fkey, cell_b in rec_b.items():
        if fkey not in rec_a:
            cell = unseen(cell_b, seen_a)
            if cell:
                out[fkey] = cell
    return rec_a if out == rec_a else rec_b if out == rec_b else out


def merge_cell(cell_a: Cell, cell_b: Cell,
               seen_a: dict[str, Stamp], seen_b: dict[str, Stamp]) -> Cell:
    """Keep a write if both sides hold it, or one holds it and the other never saw it."""
    if cell_a is cell_b or cell_a == cell_b:
        return cell_a
    out: Cell = {}
    for stamp, write in cell_a.items():
        if stamp in cell_b or not _saw(seen_b, stamp):
            out[stamp] = write
    for stamp, write in cell_b.items():
        if stamp not in cell_a and not _saw(seen_a, stamp):
            out[stamp] = write
    return cell_a if out == cell_a else cell_b if out == cell_b else out


def _saw(seen: dict[str, Stamp], stamp: Stamp) -> bool:
    last = seen.get(stamp.node)
    return last is not None and stamp <= last


def unseen(cell: Cell, seen: dict[str, Stamp]) -> Cell:
    """The writes of a cell the other side lacks: all of them unless it saw and dropped them."""
    if not any(_saw(seen, stamp) for stamp in cell):
        return cell
    return {stamp: write for stamp, write in cell.items() if not _saw(seen, stamp)}


def _unseen_record(rec: Record, seen: dict[str, Stamp]) -> Record:
    out: Record = {}
    for fkey, cell in rec.items():
        kept = unseen(cell, seen)
        if kept:
            out[fkey] = kept
    return rec if len(out) == len(rec) and all(out[k] is rec[k] for k in rec) else out
