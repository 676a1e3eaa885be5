"""Writing the merged plan back: after a sync or a resolved conflict, the family plan's
tables become what the replica shows (sync.merge.current_tables), in one vault action with
the replica itself, a history line per record that changed and a new plan version.

A record that the shown plan still points at (a goal whose agreement was edited on the
other device while this one removed the goal, a member who owns a goal added elsewhere) is
restored first: an edit keeps what it needs, as an edit keeps its own record (docs/sync.md).

Most exchanges only change or add a few records. Then the replica need hold only those
(`nearby_keys`) and only their rows are written, where they are: the tables stay in the
order of the records' creation, as a whole rewrite orders them, because a record added
after the table's last one goes last. Anything else (a removal, a record created before
the last one, a reference that is not there, many records) raises NeedsWholePlan before
anything is written, and the caller merges and writes the whole plan.
"""

from __future__ import annotations

from typing import Any

from sync.errors import N_, SyncError
from sync.merge import Replica, current_tables
from sync.merge_state import Record, RecordKey
from sync.merge_state import BORN, State
from sync.merge_views import exists

from family_app import clock
from family_app.household import replica_store
from family_app.domain import Plan, ValidationError
from family_app.domain.plan import RECORD_TYPES, load_record, references
from family_app.plan.plan_book import HISTORY_TABLE, SINGLE_TABLES, Change, PlanBook, record_label

_HISTORICAL = ("shares",)  # the consent log may name goals removed since: not a reason to keep them


_FEW = 50  # changed records an exchange writes one by one; more: the whole plan


class MergedPlanInvalid(SyncError):
    default_problem = N_("The changes from the other device could not be combined with this plan.")


class NeedsWholePlan(Exception):
    """These changes cannot be written record by record: merge and write the whole plan."""


def nearby_keys(book: PlanBook, keys: set[RecordKey]) -> set[RecordKey]:
    """`keys` and the last record of each table among them: what `write` needs of the
    replica to write these records alone."""
    last = {(table, doc["id"]) for table in {table for table, _ in keys}
            if table in replica_store.SYNCED_TABLES
            and (doc := book.vault.records(table).last()) is not None}
    return keys | last


def write(book: PlanBook, replica: Replica, before: dict[RecordKey, Record], *, by: str,
          whole: bool = True) -> int:
    """Store the replica and rewrite the plan's tables from it; returns how many records
    were added, changed or removed. Raises MergedPlanInvalid (nothing is written). With
    `whole=False` the replica may hold only `nearby_keys`: only the records that changed
    are written, or NeedsWholePlan is raised before anything is."""
    if not whole:
        return _write_changed(book, replica, before, by=by)
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
        _finish(book, replica, before, changes, by)
    return len(changes)


def _write_changed(book: PlanBook, replica: Replica, before: dict[RecordKey, Record], *,
                   by: str) -> int:
    records = replica.state.records
    changed = [key for key in {*before, *records} if records.get(key) is not before.get(key)]
    if len(changed) > _FEW:
        raise NeedsWholePlan()
    shown = current_tables(State(records={key: records[key] for key in changed
                                          if key in records}))
    rows = {(table, row["id"]): row for table, found in shown.items() for row in found}
    changes: list[tuple[str, str, dict[str, Any]]] = []
    added: dict[str, list[dict[str, Any]]] = {}
    for table, rid in sorted(changed):
        old = book.vault.records(table).first(id=rid)
        new = rows.get((table, rid))
        if new is None:
            if old is not None:
                raise NeedsWholePlan()  # a removal: what referred to it may need restoring
            continue
        try:
            load_record(table, 0, new)
        except ValidationError as err:
            raise MergedPlanInvalid(detail=str(err)) from None
        if old is None:
            added.setdefault(table, []).append(new)
        elif dict(old) != new:
            changes.append(("changed", table, new))
    for table, new_rows in added.items():
        new_rows.sort(key=lambda row: _born(records[(table, row["id"])]))
        last = book.vault.records(table).last()
        if table in SINGLE_TABLES and (last is not None or len(new_rows) > 1):
            raise NeedsWholePlan()
        first_born = _born(records[(table, new_rows[0]["id"])])
        if last is not None:
            last_born = _born(records.get((table, last["id"])))
            if first_born is None or last_born is None or first_born < last_born:
                raise NeedsWholePlan()  # made before the table's last record: its place is earlier
        changes += [("added", table, row) for row in new_rows]
    _check_references(book, changes)
    with book.vault.action():
        for action, table, row in changes:
            if action == "added":
                book.vault.records(table).add(row)
            else:
                book.vault.records(table).put(row, "id")
        _finish(book, replica, before, changes, by)
    return len(changes)


def _born(rec: Record | None) -> Any:
    return min(rec[BORN]) if rec and BORN in rec else None


def _check_references(book: PlanBook, changes: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Every id a changed or added row names is in the plan as it will be (nothing is
    removed on this path); otherwise a record may need restoring: the whole plan."""
    new_ids = {row["id"] for _, _, row in changes}
    known: dict[tuple[str, ...], set[str]] = {}
    for _, table, row in changes:
        for _, target, tables, _ in references(table, RECORD_TYPES[table].from_dict(row)):
            if tables not in known:
                known[tables] = {doc["id"] for name in tables
                                 for doc in book.vault.records(name).all()}
            if target not in known[tables] and target not in new_ids:
                raise NeedsWholePlan()


def _finish(book: PlanBook, replica: Replica, before: dict[RecordKey, Record],
            changes: list[tuple[str, str, dict[str, Any]]], by: str) -> None:
    """The replica, a history line per changed record and the plan's new version."""
    replica_store.store(book.opened, replica.state, before)
    for action, table, row in changes:
        change = Change(clock.local_time(book.now), by, table, row["id"], action,
                        record_label(RECORD_TYPES[table].from_dict(row)))
        book.vault.records(HISTORY_TABLE).add(change.to_dict())
    if changes:
        book.opened.put_setting("plan_version", book.version + 1)


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
