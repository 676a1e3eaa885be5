"""The Plan aggregate: one family, one plan, stored as a few tables of records."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from family_app.domain.base import Part, Record
from family_app.domain.errors import (
    AT_MOST_ONE, NOT_A_LIST, NOT_A_RECORD, UNKNOWN_GOAL, UNKNOWN_PERSON, ValidationError,
)
from family_app.domain.records import (
    Agreement, Closure, Evaluation, Goal, Household, LogEntry, Member, NetworkPerson,
    Professional, SafetySnapshot, ShareRecord, Trajectory,
)
from family_app.domain.schema import TABLES, migrate

RECORD_TYPES: dict[str, type[Record]] = {
    "household": Household, "members": Member, "network": NetworkPerson,
    "professionals": Professional, "goals": Goal, "agreements": Agreement,
    "safety": SafetySnapshot, "log": LogEntry, "evaluations": Evaluation,
    "trajectory": Trajectory, "closures": Closure, "shares": ShareRecord,
}
_SINGLE = ("household", "trajectory")  # tables that hold one record at most


@dataclass
class Plan:
    household: Household | None = None
    members: list[Member] = field(default_factory=list)
    network: list[NetworkPerson] = field(default_factory=list)
    professionals: list[Professional] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    safety: list[SafetySnapshot] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    trajectory: Trajectory = field(default_factory=Trajectory)
    closures: list[Closure] = field(default_factory=list)
    shares: list[ShareRecord] = field(default_factory=list)

    def to_tables(self) -> dict[str, list[dict[str, Any]]]:
        """Every table as a list of JSON-safe record dicts (each with "v" and "id")."""
        tables: dict[str, list[dict[str, Any]]] = {}
        for table in TABLES:
            value = getattr(self, table)
            records = value if isinstance(value, list) else [] if value is None else [value]
            tables[table] = [record.to_dict() for record in records]
        return tables

    @classmethod
    def from_tables(cls, tables: dict[str, Any],
                    load: Callable[[str, int, Any], Part] | None = None) -> "Plan":
        """Migrate and validate stored tables; missing tables are empty, unknown ones ignored.

        Errors name the table and index, e.g. "goals[2].target_date". `load(table, index,
        row)` reads one row (default: `load_record`; the plan book's reuses rows it read
        before).
        """
        load = load or load_record
        values: dict[str, Any] = {}
        for table in TABLES:
            rows = tables.get(table) or []
            if not isinstance(rows, list):
                raise ValidationError(table, NOT_A_LIST)
            records = [load(table, index, row) for index, row in enumerate(rows)]
            if table in _SINGLE:
                if len(records) > 1:
                    raise ValidationError(table, AT_MOST_ONE)
                if records:
                    values[table] = records[0]
            else:
                values[table] = records
        return cls(**values)

    def people(self) -> dict[str, str]:
        """id -> name of everyone who can be named in an agreement."""
        return {p.id: p.name for p in [*self.members, *self.network, *self.professionals]}

    def goal(self, goal_id: str) -> Goal | None:
        return next((goal for goal in self.goals if goal.id == goal_id), None)

    def validate_references(self) -> None:
        """Check that ids point at records in this plan; raises naming the first bad one."""
        known: dict[tuple[str, ...], set[str]] = {}
        for table in REFERRING:
            for i, record in enumerate(getattr(self, table)):
                for path, target, targets, problem in references(table, record):
                    if target not in _ids(self, targets, known):
                        raise ValidationError(f"{table}[{i}].{path}", problem)


# What each kind of reference may point at: the tables that hold its targets.
MEMBERS = ("members",)
PEOPLE = ("members", "network", "professionals")  # everyone an agreement can name
GOALS = ("goals",)
PROFESSIONALS = ("professionals",)
REFERRING = ("goals", "agreements", "evaluations", "closures", "shares")  # checked in this order


def references(table: str, record: Record) -> Iterator[tuple[str, str, tuple[str, ...], str]]:
    """The ids one record names: (path within the record, the id, the tables one of which
    must hold it, the problem if none does). The one home of the plan's reference rules:
    the whole plan is checked with them, and a save checks the one record it writes."""
    if table == "goals":
        for j, owner in enumerate(record.owners):
            yield f"owners[{j}]", owner, MEMBERS, UNKNOWN_PERSON
    elif table == "agreements":
        yield "goal_id", record.goal_id, GOALS, UNKNOWN_GOAL
        for j, who in enumerate(record.who):
            yield f"who[{j}]", who, PEOPLE, UNKNOWN_PERSON
    elif table == "evaluations":
        for j, review in enumerate(record.reviews):
            yield f"reviews[{j}].goal_id", review.goal_id, GOALS, UNKNOWN_GOAL
    elif table == "closures":
        for j, result in enumerate(record.goal_results):
            yield f"goal_results[{j}].goal_id", result.goal_id, GOALS, UNKNOWN_GOAL
    elif table == "shares":
        if record.professional_id is not None:
            yield "professional_id", record.professional_id, PROFESSIONALS, UNKNOWN_PERSON
        for j, goal_id in enumerate(record.goal_ids):
            yield f"goal_ids[{j}]", goal_id, GOALS, UNKNOWN_GOAL


def _ids(plan: Plan, tables: tuple[str, ...], known: dict[tuple[str, ...], set[str]]) -> set[str]:
    if tables not in known:
        known[tables] = {record.id for table in tables for record in getattr(plan, table)}
    return known[tables]


def load_record(table: str, index: int, row: Any) -> Part:
    """One stored row of `table` (at `index`, for the error's path), migrated and validated."""
    where = f"{table}[{index}]"
    if not isinstance(row, dict):
        raise ValidationError(where, NOT_A_RECORD)
    try:
        return RECORD_TYPES[table].from_dict(migrate(table, row))
    except ValidationError as err:
        raise err.within(where) from None
