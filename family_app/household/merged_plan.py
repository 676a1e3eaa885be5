"""Writing the merged plan back: after a sync or a resolved conflict, the family plan's
tables become what the replica shows (sync.merge.current_tables), in one vault action with
the replica itself, a history line per record that changed and a new plan version.

A record that the shown plan still points at (a goal whose agreement was edited on the
other device while this one removed the goal, a member who owns a goal added elsewhere) is
restored first: an edit keeps what it needs, as an edit keeps its own record (docs/sync.md).
"""

from __future__ import annotations

from typing import Any

from sync.errors import N_, SyncError
from sync.merge import Replica, current_tables
from sync.merge_state import Record, RecordKey
from sync.merge_views import exists

from family_app import clock
from family_app.household import replica_store
from family_app.domain import Plan, ValidationError
from family_app.domain.plan import RECORD_TYPES
from family_app.plan.plan_book import HISTORY_TABLE, Change, PlanBook, record_label

_HISTORICAL = ("shares",)  # the consent log may name goals removed since: not a reason to keep them


class MergedPlanInvalid(SyncError):
    default_problem = N_("The changes from the other device could not be combined with this plan.")


def write(book: PlanBook, replica: Replica, before: dict[RecordKey, Record], *, by: str) -> int:
    """Store the replica and rewrite the plan's tables from it; returns how many records
    were added, changed or removed. Raises MergedPlanInvalid (nothing is written)."""
    restore_referenced(replica)
    tables = plan_tables(replica)
    try:
        Plan.from_tables(tables)
    except ValidationError as err:
        raise MergedPlanInvalid(detail=str(err)) from None
    stored = book.vault.read_all()
    changes: list[tuple[str, str, dict[str, Any]]] = []
    with book.vault.action():
        for table in replica_store.SYNCED_TABLES:
            old_rows = [dict(doc) for doc in stored.get(table, [])]
            new_rows = tables.get(table, [])
            if old_rows == new_rows:
                continue
            changes += _changes(table, old_rows, new_rows)
            book.vault.records(table).replace(new_rows)
        replica_store.store(book.opened, replica.state, before)
        for action, table, row in changes:
            change = Change(clock.local_time(book.now), by, table, row["id"], action,
                            record_label(RECORD_TYPES[table].from_dict(row)))
            book.vault.records(HISTORY_TABLE).add(change.to_dict())
        if changes:
            book.opened.put_setting("plan_version", book.version + 1)
    return len(changes)


def plan_tables(replica: Replica) -> dict[str, list[dict[str, Any]]]:
    return {table: rows for table, rows in current_tables(replica.state).items()
            if table in replica_store.SYNCED_TABLES}


def restore_referenced(replica: Replica) -> None:
    """Restore deleted records that shown records refer to (by id), until there are none."""
    while True:
        deleted = {rid: table for (table, rid), rec in replica.state.records.items()
                   if not exists(rec)}
        wanted: set[str] = set()
        if deleted:
            for table, rows in plan_tables(replica).items():
                if table not in _HISTORICAL:
                    for row in rows:
                        _referred(row, deleted, wanted, top=True)
        if not wanted:
            return
        for rid in sorted(wanted):
            replica.restore(deleted[rid], rid)


def _referred(value: Any, ids: dict[str, str], found: set[str], top: bool = False) -> None:
    """Collect the strings in `value` that are ids of `ids` (record ids are uuid4 hex)."""
    if isinstance(value, str):
        if value in ids:
            found.add(value)
    elif isinstance(value, list):
        for item in value:
            _referred(item, ids, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not (top and key == "id"):
                _referred(item, ids, found)


def _changes(table: str, old_rows: list[dict], new_rows: list[dict]) -> list[tuple[str, str, dict]]:
    old = {row["id"]: row for row in old_rows}
    new = {row["id"]: row for row in new_rows}
    return ([("added" if rid not in old else "changed", table, row)
             for rid, row in new.items() if old.get(rid) != row]
            + [("removed", table, row) for rid, row in old.items() if rid not in new])
