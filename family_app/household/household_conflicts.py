"""Conflicts the family chooses between: two devices changed one field while apart.

The merge keeps both values (sync.merge.conflicts): the newest is shown, the other waits
here until the family picks one, or writes a new value. Kinds:

- "edit":   one field, two or more texts (or lists, dates...); `field` names it.
- "delete": one device removed the record while another changed it; the record is kept,
            with the change. Choose True to keep it, False to remove it after all.
- "remove": one score taken out on one device and changed on another (`item` is its id);
            choose the score, or None to take it out.

Resolving is one vault action; the choice travels to the other devices with the next sync.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sync.errors import N_, SyncError
from sync.merge import conflicts

from family_app.household import merged_plan, replica_store
from family_app.domain.plan import RECORD_TYPES
from family_app.household.household import paired_devices, require_family
from family_app.plan.plan_book import PlanBook, record_label


class ConflictGone(SyncError):
    default_problem = N_("This choice has already been made, on this device or another one.")


@dataclass(frozen=True)
class ConflictValue:
    value: Any  # as stored (dates as ISO text); for "delete": True kept, False removed
    device: str  # the name of the device that wrote it; "" when this device does not know it
    this_device: bool
    at: dt.datetime  # when it was written (UTC, by that device's clock)


@dataclass(frozen=True)
class Conflict:
    table: str
    record_id: str
    record_label: str
    field: str | None  # None for "delete"
    item: str | None  # the score's id for "remove"
    kind: str  # "edit" | "delete" | "remove"
    current: ConflictValue  # shown now
    others: tuple[ConflictValue, ...]  # kept, newest first

    @property
    def values(self) -> tuple[ConflictValue, ...]:
        return (self.current, *self.others)

    def same_place(self, other: "Conflict") -> bool:
        return (self.table, self.record_id, self.field, self.item) == (
            other.table, other.record_id, other.field, other.item)


def open_conflicts(book: PlanBook) -> list[Conflict]:
    require_family(book)
    if not replica_store.started(book.opened):
        return []
    # Only the records that can hold a conflict, decoded and shown: the rest of a plan
    # with years of history cost the home screen half a second (bench/actions.py).
    replica = _replica(book, keys=replica_store.keys_with_several_writes(book.opened))
    rows = {(table, row["id"]): row for table, found in merged_plan.plan_tables(replica).items()
            for row in found}
    # A device restored from a backup has earlier node ids too (docs/sync.md).
    names = {node: d.name for d in paired_devices(book) for node in (*d.earlier_nodes, d.node)}
    mine = replica_store.own_nodes(book.opened)

    def value(described: dict[str, Any]) -> ConflictValue:
        node = described["node"]
        at = dt.datetime.fromtimestamp(described["millis"] / 1000, dt.timezone.utc)
        return ConflictValue(described["value"], names.get(node, ""), node in mine, at)

    found = []
    for raw in conflicts(replica.state):
        row = rows[(raw["table"], raw["id"])]
        label = record_label(RECORD_TYPES[raw["table"]].from_dict(row))
        found.append(Conflict(raw["table"], raw["id"], label, raw["field"], raw["item"], raw["kind"],
                              value(raw["current"]), tuple(value(v) for v in raw["others"])))
    return found


def resolve_conflict(book: PlanBook, conflict: Conflict, chosen_value: Any) -> None:
    """Settle a conflict with one of its values or a new one (checked like a save: raises
    ValidationError naming the field). Raises ConflictGone when it is no longer open."""
    if not any(conflict.same_place(c) for c in open_conflicts(book)):
        raise ConflictGone()
    table, rid = conflict.table, conflict.record_id
    if conflict.kind == "delete" and chosen_value is False:
        book.remove(table, rid)  # as if removed now, knowing the change (a goal's agreements go too)
        return
    replica = _replica(book)
    before = dict(replica.state.records)
    if conflict.kind == "delete":
        replica.restore(table, rid)
    else:
        replica.resolve(table, rid, conflict.field, _checked(replica, conflict, chosen_value),
                        item=conflict.item)
    merged_plan.write(book, replica, before, by=book.writer())


def _checked(replica, conflict: Conflict, chosen: Any) -> Any:
    """The chosen value as a save would store it (validated within its record)."""
    row = next(r for r in merged_plan.plan_tables(replica)[conflict.table]
               if r["id"] == conflict.record_id)
    name = conflict.field
    if conflict.item is None:
        return RECORD_TYPES[conflict.table].from_dict({**row, name: chosen}).to_dict()[name]
    items = [i for i in row.get(name, []) if i.get("id") != conflict.item]
    if chosen is None:
        return None
    chosen = {**chosen, "id": conflict.item}
    record = RECORD_TYPES[conflict.table].from_dict({**row, name: [*items, chosen]}).to_dict()
    return next(i for i in record[name] if i["id"] == conflict.item)


def _replica(book: PlanBook, keys=None):
    return replica_store.open_replica(book.opened, lambda: replica_store.millis(book.now()),
                                      keys=keys)
