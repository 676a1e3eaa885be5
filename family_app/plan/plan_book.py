"""Writing the family's plan: every change is one atomic save with a line of history.

Screens never touch the vault; they call these use cases. A save validates the record,
checks that the ids it names exist, bumps the plan version and records who changed what,
all in one write. Removing a goal removes its agreements with it (the screen says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from family_app import clock
from family_app.household import plan_stamps
from family_app.domain import Plan, Record
from family_app.domain.plan import RECORD_TYPES
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

    def plan(self) -> Plan:
        return Plan.from_tables(self.vault.read_all())

    def get(self, table: str, record_id: str) -> Record:
        docs = self.vault.records(table).find(id=record_id)
        if not docs:
            raise KeyError(record_id)
        return RECORD_TYPES[table].from_dict(dict(docs[0]))

    @property
    def version(self) -> int:
        return int(self.opened.setting("plan_version", 0))

    def history(self, since: dt.datetime | None = None) -> list[Change]:
        changes = [Change.from_dict(dict(doc)) for doc in self.vault.records(HISTORY_TABLE).all()]
        if since is not None:
            changes = [c for c in changes if c.at >= since]
        return sorted(changes, key=lambda c: c.at, reverse=True)

    # --- who is writing ------------------------------------------------------------------

    def writer(self) -> str:
        """The member who writes on this device (chosen once; the first parent by default)."""
        plan = self.plan()
        chosen = self.opened.setting("writer")
        names = {m.id: m.name for m in plan.members}
        if chosen in names:
            return names[chosen]
        parents = [m.name for m in plan.members if m.role == "parent"]
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
            self.plan().validate_references()  # the action is undone if this raises
            self._note("changed" if existing else "added", table, record, by=by)
            plan_stamps.saved(self.opened, self.now, table, record.to_dict(),
                              only=table in SINGLE_TABLES)  # for the household's other devices
        return record

    def remove(self, table: str, record_id: str) -> list[Record]:
        """Remove a record (a goal takes its agreements along); returns what was removed."""
        removed = [(table, self.get(table, record_id))]
        if table == "goals":
            removed += [("agreements", a) for a in self.plan().agreements if a.goal_id == record_id]
        with self.vault.action():
            for from_table, record in removed:
                self.vault.records(from_table).remove(id=record.id)
                self._note("removed", from_table, record)
                plan_stamps.removed(self.opened, self.now, from_table, record.id)
        return [record for _, record in removed]

    def _note(self, action: str, table: str, record: Record, by: str | None = None) -> None:
        change = Change(clock.local_time(self.now), by or self.writer(), table, record.id,
                        action, record_label(record))
        self.vault.records(HISTORY_TABLE).add(change.to_dict())
        self.opened.put_setting("plan_version", self.version + 1)
