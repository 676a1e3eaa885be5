"""What the family sees of a state: the current plan tables and the open conflicts.

Which value a cell shows:
- a field: the live write with the highest stamp;
- "#" (does the record exist) and keyed-list items: keeping wins over removing. The
  record is shown if any live write says True; an item is shown if any live write holds
  the item, and then the newest such write. So a deletion never hides a concurrent edit.

A conflict is a cell with live writes holding more than one distinct value.
"""
from __future__ import annotations

from typing import Any

from .hlc import Stamp
from .merge_state import (
    BORN, EXISTS, ITEM_SEP, Cell, Record, State, Write, copy_value, split_key,
)


def _keeps(write: Write) -> bool:
    return write.value is not None and write.value is not False


def _is_keep_wins(fkey: str) -> bool:
    return fkey == EXISTS or ITEM_SEP in fkey


def winner(fkey: str, cell: Cell) -> tuple[Stamp, Write]:
    """The live write a cell shows."""
    if _is_keep_wins(fkey):
        keeping = [item for item in cell.items() if _keeps(item[1])]
        if keeping:
            return max(keeping, key=lambda item: item[0])
    return max(cell.items(), key=lambda item: item[0])


def shown(fkey: str, cell: Cell) -> Any:
    return winner(fkey, cell)[1].value


def exists(rec: Record) -> bool:
    return shown(EXISTS, rec[EXISTS])


def current_tables(state: State) -> dict[str, list[dict[str, Any]]]:
    """Plain records of every table (for `Plan.from_tables`), in order of creation.

    Records of a table are ordered by the stamp of their create; items of a keyed list by
    the stamp of the operation that added them, then their position in that operation.
    """
    rows: dict[str, list[tuple[Stamp, str, dict[str, Any]]]] = {}
    for (table, rid), rec in state.records.items():
        if EXISTS not in rec or not exists(rec):
            continue
        born = min(rec[BORN]) if BORN in rec else None
        rows.setdefault(table, []).append((born, rid, _plain(rid, rec)))
    return {table: [row for _, _, row in sorted(found, key=_order)]
            for table, found in sorted(rows.items())}


def _order(row: tuple[Stamp | None, str, Any]) -> tuple[Any, ...]:
    born, rid, _ = row
    return (born is not None, born or (), rid)


def _plain(rid: str, rec: Record) -> dict[str, Any]:
    row: dict[str, Any] = {"id": rid}
    items: dict[str, list[tuple[tuple[Stamp, int], str, Any]]] = {}
    for fkey, cell in rec.items():
        name, item, is_order = split_key(fkey)
        if is_order or fkey == EXISTS:
            continue
        value = shown(fkey, cell)
        if item is None:
            row[name] = copy_value(value)
        elif value is not None:
            items.setdefault(name, []).append((_item_order(rec, fkey), item, copy_value(value)))
    for name, found in items.items():
        row[name] = [value for _, _, value in sorted(found, key=lambda f: (f[0], f[1]))]
    return row


def _item_order(rec: Record, fkey: str) -> tuple[Stamp, int]:
    """(stamp of the operation that added the item, its position in that operation)."""
    stamp, write = min(rec.get(f"{fkey}{ITEM_SEP}{EXISTS}", {}).items(),
                       default=(Stamp(0, 0, "_"), Write(0, ())))
    return stamp, write.value


def conflicts(state: State) -> list[dict[str, Any]]:
    """Open conflicts of shown records, each with its values, newest-shown first.

    {"table", "id", "field", "item" (None or the item id), "kind": "edit" | "delete" |
     "remove", "current": VALUE, "others": [VALUE...]} where VALUE is
    {"value", "stamp" (sortable key), "node", "millis"}. For kind "delete" the values are
    True (kept, with the edit that kept it) and False (the deletion).
    """
    found = []
    for (table, rid), rec in sorted(state.records.items()):
        if EXISTS not in rec or not exists(rec):
            continue
        for fkey, cell in sorted(rec.items()):
            if len(cell) < 2:
                continue
            name, item, is_order = split_key(fkey)
            if is_order:
                continue
            stamp, write = winner(fkey, cell)
            others = _distinct(cell, write.value)
            if not others:
                continue
            kind = "delete" if fkey == EXISTS else "remove" if any(
                o[1].value is None for o in others) and item is not None else "edit"
            found.append({
                "table": table, "id": rid, "field": None if fkey == EXISTS else name,
                "item": item, "kind": kind, "current": _described(stamp, write),
                "others": [_described(s, w) for s, w in others],
            })
    return found


def _distinct(cell: Cell, shown_value: Any) -> list[tuple[Stamp, Write]]:
    """Live writes whose value differs from the shown one, newest first, one per value."""
    out: list[tuple[Stamp, Write]] = []
    for stamp, write in sorted(cell.items(), reverse=True):
        if write.value != shown_value and all(write.value != o.value for _, o in out):
            out.append((stamp, write))
    return out


def _described(stamp: Stamp, write: Write) -> dict[str, Any]:
    return {"value": copy_value(write.value), "stamp": stamp.key(), "node": stamp.node,
            "millis": stamp.millis}
