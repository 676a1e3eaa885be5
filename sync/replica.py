"""One device's copy of the plan: local operations, each stamped by the device's clock.

Every operation takes one stamp from the clock and writes cells with it, replacing what
this device saw in those cells (see docs/sync.md):

- create   writes every field, "#" = True and "#born".
- edit     writes the field and "#" = True; replaces the shown value (and live writes equal
           to it), but leaves conflicting values in place: only a resolve removes those.
- delete   writes "#" = False, replacing everything in "#" (this also settles an open
           delete-versus-edit conflict in favour of deleting).
- restore  writes "#" = True, replacing everything in "#" (settles it the other way).
- resolve  writes the chosen value, replacing every live write of the field.

Fields named in `keyed_lists` hold lists of dicts with an "id" (score histories): each item
is its own cell, so two devices adding scores at the same time both keep theirs.
The clock and the id generator are injected, so tests are deterministic.
"""
from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Collection
from typing import Any

from . import merge_delta
from .hlc import Clock, Stamp
from .merge_state import (
    BORN, EXISTS, ITEM_SEP, Cell, RecordKey, State, Write, copy_value, item_born_key, item_key,
    merge, split_key,
)
from .merge_views import exists, shown

KEYED_LISTS = frozenset({"scores"})
NEW, EDIT, DROP = "new", "edit", "drop"  # how an update writes a cell


class UnknownRecord(KeyError):
    """No record with this id in this table (on this device)."""


class RecordDeleted(KeyError):
    """The record was deleted; restore it first (or resolve the deletion conflict)."""


class Replica:
    def __init__(self, clock: Clock, state: State | None = None,
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
                 keyed_lists: Collection[str] = KEYED_LISTS) -> None:
        self.clock = clock
        self.state = state if state is not None else State()
        self.new_id = new_id
        self.keyed_lists = frozenset(keyed_lists)
        latest = self.state.latest()
        if latest is not None:  # a device reopening its state must not reuse old stamps
            clock.observe(latest)

    @property
    def node(self) -> str:
        return self.clock.node

    # -- local operations -------------------------------------------------------------
    def create(self, table: str, fields: dict[str, Any]) -> str:
        """Add a record; uses fields["id"] if given, else a new id. Returns the id."""
        rid = fields.get("id") or self.new_id()
        key = (table, rid)
        if key in self.state.records:
            raise ValueError(f"{table}/{rid} exists already")
        for name, value in fields.items():
            if name != "id":
                _check_field(name)
                if name in self.keyed_lists:
                    _items(value)
        stamp = self._stamp()
        rec: dict[str, Cell] = {EXISTS: {stamp: Write(True, ())}, BORN: {stamp: Write(None, ())}}
        for name, value in fields.items():
            if name == "id":
                continue
            if name in self.keyed_lists:
                rec[name] = {stamp: Write([], ())}  # marks the list as present
                for index, item in enumerate(value):
                    rec[item_key(name, item["id"])] = {stamp: Write(copy_value(item), ())}
                    rec[item_born_key(name, item["id"])] = {stamp: Write(index, ())}
            else:
                rec[name] = {stamp: Write(copy_value(value), ())}
        self.state.records[key] = rec
        return rid

    def import_tables(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Create every record of plain tables (e.g. `Plan.to_tables()`), in order."""
        for table, rows in tables.items():
            for row in rows:
                self.create(table, row)

    def edit(self, table: str, rid: str, name: str, value: Any) -> Stamp | None:
        """Set one field; None if it already had this value and no conflict."""
        return self.update(table, {"id": rid, name: value})

    def update(self, table: str, fields: dict[str, Any]) -> Stamp | None:
        """Set the fields that differ from what this device shows, as one operation.

        `fields` holds "id" and any subset of fields (a whole record from a form is fine).
        Returns the operation's stamp, or None when nothing changed.
        """
        key = self._visible(table, fields["id"])
        rec = self.state.records[key]
        changes: list[tuple[str, Any, str]] = []  # (field key, value, how)
        for name, value in fields.items():
            if name == "id":
                continue
            _check_field(name)
            if name in self.keyed_lists:
                changes += _item_changes(rec, name, _items(value))
            elif name not in rec or shown(name, rec[name]) != value:
                changes.append((name, copy_value(value), EDIT))
        if not changes:
            return None
        stamp = self._stamp()
        new = dict(rec)
        new[EXISTS] = _replace(rec[EXISTS], stamp, True, lambda w: w.value is True)
        for fkey, value, how in changes:
            old = rec.get(fkey, {})
            if how == EDIT and old:
                current = shown(fkey, old)
                new[fkey] = _replace(old, stamp, value, lambda w: w.value == current)
            else:
                new[fkey] = _replace(old, stamp, value, lambda w: True)
        self.state.records[key] = new
        return stamp

    def delete(self, table: str, rid: str) -> Stamp:
        key = self._known(table, rid)
        return self._set_exists(key, False)

    def restore(self, table: str, rid: str) -> Stamp:
        key = self._known(table, rid)
        return self._set_exists(key, True)

    def resolve(self, table: str, rid: str, name: str, value: Any,
                item: str | None = None) -> Stamp:
        """Settle a field (or one item of a keyed list; value None drops the item)."""
        key = self._visible(table, rid)
        fkey = name if item is None else item_key(name, item)
        rec = self.state.records[key]
        if fkey not in rec:
            raise UnknownRecord(f"{table}/{rid} has no {fkey}")
        stamp = self._stamp()
        new = dict(rec)
        new[EXISTS] = _replace(rec[EXISTS], stamp, True, lambda w: w.value is True)
        new[fkey] = _replace(rec[fkey], stamp, copy_value(value), lambda w: True)
        self.state.records[key] = new
        return stamp

    # -- exchange ---------------------------------------------------------------------
    def merge(self, other: State) -> None:
        self.state = merge(self.state, other)
        self._observe(other)

    def changes_since(self, seen: dict[str, Stamp]) -> dict[str, Any]:
        return merge_delta.changes_since(self.state, seen)

    def apply(self, delta: dict[str, Any]) -> None:
        self.state = merge_delta.apply(self.state, delta)
        self._observe(self.state)

    # -- helpers ----------------------------------------------------------------------
    def _stamp(self) -> Stamp:
        stamp = self.clock.now()
        self.state.seen[stamp.node] = stamp
        return stamp

    def _observe(self, other: State) -> None:
        latest = other.latest()
        if latest is not None:
            self.clock.observe(latest)

    def _known(self, table: str, rid: str) -> RecordKey:
        key = (table, rid)
        if key not in self.state.records:
            raise UnknownRecord(f"{table}/{rid}")
        return key

    def _visible(self, table: str, rid: str) -> RecordKey:
        key = self._known(table, rid)
        if not exists(self.state.records[key]):
            raise RecordDeleted(f"{table}/{rid}")
        return key

    def _set_exists(self, key: RecordKey, value: bool) -> Stamp:
        stamp = self._stamp()
        rec = dict(self.state.records[key])
        rec[EXISTS] = _replace(rec[EXISTS], stamp, value, lambda w: True)
        self.state.records[key] = rec
        return stamp


def _item_changes(rec: dict[str, Cell], name: str,
                  items: list[dict[str, Any]]) -> list[tuple[str, Any, str]]:
    """Cell writes that turn the shown items of a keyed list into `items`."""
    changes: list[tuple[str, Any, str]] = []
    for index, item in enumerate(items):
        fkey = item_key(name, item["id"])
        if fkey not in rec:
            changes.append((item_born_key(name, item["id"]), index, NEW))
            changes.append((fkey, copy_value(item), NEW))
        elif shown(fkey, rec[fkey]) != item:
            changes.append((fkey, copy_value(item), EDIT))
    wanted = {item_key(name, item["id"]) for item in items}
    for fkey, cell in rec.items():
        field_name, item_id, is_order = split_key(fkey)
        if (field_name == name and item_id is not None and not is_order
                and fkey not in wanted and shown(fkey, cell) is not None):
            changes.append((fkey, None, DROP))  # taken out of the list: drop every version
    return changes


def _replace(cell: Cell, stamp: Stamp, value: Any, drop: Callable[[Write], bool]) -> Cell:
    """A new cell: the writes not dropped, plus this write recording what it replaced."""
    kept = {s: w for s, w in cell.items() if not drop(w)}
    replaced = tuple(sorted(s for s in cell if s not in kept))
    kept[stamp] = Write(value, replaced)
    return kept


def _items(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(
            isinstance(item, dict) and isinstance(item.get("id"), str) for item in value):
        raise ValueError("a keyed list holds dicts that each have an \"id\"")
    if len({item["id"] for item in value}) != len(value):
        raise ValueError("a keyed list holds each id once")
    return value


def _check_field(name: str) -> None:
    if not name or name.startswith("#") or ITEM_SEP in name:
        raise ValueError(f"not a usable field name: {name!r}")


def ids_from(prefix: str) -> Callable[[], str]:
    """Predictable record ids for tests and benchmarks: prefix0, prefix1, ..."""
    counter = itertools.count()
    return lambda: f"{prefix}{next(counter)}"
