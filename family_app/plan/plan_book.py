"""Writing the family's plan: every change is one atomic save with a line of history.

Screens never touch the vault; they call these use cases. A save validates the record,
checks that the ids it names exist, bumps the plan version and records who changed what,
all in one write. Removing a goal removes its agreements with it (the screen says so).

An action costs what it changes, not what the plan holds: a save reads the record it
writes and the few small tables its ids point into (domain.plan.references), never the
whole plan. Reading the whole plan parses each stored record once per change of that
record (Records.parsed), so a plan with years of log entries reads as fast as the records
that changed since the last read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Iterable

from family_app import clock
from family_app.household import plan_stamps
from family_app.domain import TABLES, Plan, Record, ValidationError
from family_app.domain.plan import RECORD_TYPES, load_record, references
from family_app.profiles.open_profile import OpenProfile

HISTORY_TABLE = "history"
SINGLE_TABLES = ("household", "trajectory")


@dataclass(frozen=True)
class Change:
    """One line of the plan's history, readable by the family."""

    # Local wall time without a zone (clock.local_time), as vaults have always stored it:
    # history() sorts and compares old and new lines, and naive and aware ones do not mix.
    at: dt.datetime
    by: str
    table: str
    record_id: str
    action: str  # "added" | "changed" | "removed"
    label: str

    def to_dict(self) -> dict:
        return {"at": self.at.isoformat(timespec="seconds"), "by": self.by, "table": self.table,
                "record_id": self.record_id, "action": self.action, "label": self.label}

    @classmethod
    def from_dict(cls, doc: dict) -> "Change":
        return cls(dt.datetime.fromisoformat(doc["at"]), doc.get("by", ""), doc["table"],
                   doc["record_id"], doc["action"], doc.get("label", ""))


# How each stored row is read: the same function every time, so that the vault can keep
# what it read (Records.parsed). Plan records are copied before anyone gets them; a Change
# is frozen and can be shared.
_READ_RECORD = {table: partial(load_record, table) for table in TABLES}


def _read_change(_index: int, doc: dict) -> Change:
    return Change.from_dict(doc)


def record_label(record: Record) -> str:
    """A short text that tells the family which record a history line is about."""
    for name in ("text", "what", "name"):
        value = getattr(record, name, None)
        if isinstance(value, str) and value:
            return value if len(value) <= 80 else value[:77] + "…"
    for name in ("date", "planned", "referred"):
        value = getattr(record, name, None)
        if isinstance(value, dt.date):
            return value.isoformat()
    return ""


class PlanBook:
    def __init__(self, opened: OpenProfile):
        self.opened = opened
        self.vault = opened.vault

    def now(self) -> dt.datetime:
        """This moment, aware UTC, from the profile's clock (clock.py); the household
        replica stamps the book's changes with it."""
        return self.opened.now()

    # --- reading -------------------------------------------------------------------------

    def plan(self, parts: Iterable[str] = TABLES) -> Plan:
        """The plan, migrated and validated; the caller may change what it gets. With
        `parts`, only those tables are read and the others are left empty: a screen that
        shows a few parts need not read years of log (the home screen)."""
        return Plan.from_tables({table: self._records(table) for table in parts},
                                load=lambda _table, _index, record: record.copy())

    def _records(self, table: str) -> list[Record]:
        """A table's records as read before: shared, so copy one before changing it."""
        return self.vault.records(table).parsed(_READ_RECORD[table])

    def get(self, table: str, record_id: str) -> Record:
        docs = self.vault.records(table).find(id=record_id)
        if not docs:
            raise KeyError(record_id)
        return _record(table, docs[0])

    @property
    def version(self) -> int:
        return int(self.opened.setting("plan_version", 0))

    def history(self, since: dt.datetime | None = None, *, table: str | None = None) -> list[Change]:
        """The history, newest first; with `table`, only the lines about that table."""
        lines = self.vault.records(HISTORY_TABLE)
        changes = lines.parsed(_read_change) if table is None else [
            Change.from_dict(doc) for doc in lines.find(table=table)]
        if since is not None:
            changes = [c for c in changes if c.at >= since]
        return sorted(changes, key=lambda c: c.at, reverse=True)

    def latest_change(self) -> Change | None:
        """history()[0], without making a Change of every line (years of log make 10,000)."""
        newest = max(self.vault.records(HISTORY_TABLE).scan(),
                     key=lambda doc: dt.datetime.fromisoformat(doc["at"]), default=None)
        return None if newest is None else Change.from_dict(newest)

    # --- who is writing ------------------------------------------------------------------

    def writer(self) -> str:
        """The member who writes on this device (chosen once; the first parent by default)."""
        members = self._records("members")
        chosen = self.opened.setting("writer")
        names = {m.id: m.name for m in members}
        if chosen in names:
            return names[chosen]
        parents = [m.name for m in members if m.role == "parent"]
        return (parents or list(names.values()) or [""])[0]

    def set_writer(self, member_id: str) -> None:
        self.opened.put_setting("writer", member_id)

    # --- writing -------------------------------------------------------------------------

    def save(self, table: str, record: Record, *, by: str | None = None) -> Record:
        """Add or change one record; raises ValidationError naming the field.

        `by` names who wrote it when that is not this device's writer (an accepted proposal
        is the begeleider's)."""
        record = record.validated()
        records = self.vault.records(table)
        existing = records.find(id=record.id)
        with self.vault.action():
            if table in SINGLE_TABLES:
                records.replace([record.to_dict()])
            else:
                records.put(record.to_dict(), "id")
            self._check_references(table, record)  # the action is undone if this raises
            self._note("changed" if existing else "added", table, record, by=by)
            plan_stamps.saved(self.opened, self.now, table, record.to_dict(),
                              only=table in SINGLE_TABLES)  # for the household's other devices
        return record

    def remove(self, table: str, record_id: str) -> list[Record]:
        """Remove a record (a goal takes its agreements along); returns what was removed."""
        removed = [(table, self.get(table, record_id))]
        if table == "goals":
            removed += [("agreements", _record("agreements", doc))
                        for doc in self.vault.records("agreements").find(goal_id=record_id)]
        with self.vault.action():
            for from_table, record in removed:
                self.vault.records(from_table).remove(id=record.id)
                self._note("removed", from_table, record)
                plan_stamps.removed(self.opened, self.now, from_table, record.id)
        return [record for _, record in removed]

    def _check_references(self, table: str, record: Record) -> None:
        """The ids this record names must be in the plan as it now stands; raises naming the
        first that is not (its path within the record, as other save errors).

        Only the saved record is checked: a save keeps every id, so what others name stays.
        """
        ids: dict[tuple[str, ...], set[str]] = {}
        for path, target, tables, problem in references(table, record):
            if tables not in ids:
                ids[tables] = {doc.get("id") for name in tables
                               for doc in self.vault.records(name).all()}
            if target not in ids[tables]:
                raise ValidationError(path, problem)

    def _note(self, action: str, table: str, record: Record, by: str | None = None) -> None:
        change = Change(clock.local_time(self.now), by or self.writer(), table, record.id,
                        action, record_label(record))
        self.vault.records(HISTORY_TABLE).add(change.to_dict())
        self.opened.put_setting("plan_version", self.version + 1)


def _record(table: str, doc: dict) -> Record:
    return RECORD_TYPES[table].from_dict(dict(doc))
