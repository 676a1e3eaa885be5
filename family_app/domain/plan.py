"""The Plan aggregate: one family, one plan, stored as a few tables of records."""
from __future__ import annotations

from collections.abc import Iterator
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
    def from_tables(cls, tables: dict[str, Any]) -> "Plan":
        """Migrate and validate stored tables; missing tables are empty, unknown ones ignored.

        Errors name the table and index, e.g. "goals[2].target_date".
        """
        values: dict[str, Any] = {}
        for table in TABLES:
            rows = tables.get(table) or []
            if not isinstance(rows, list):
                raise ValidationError(table, NOT_A_LIST)
            records = [_load(table, index, row) for index, row in enumerate(rows)]
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
        for path, target, known, problem in self._references():
            if target not in known:
                raise ValidationError(path, problem)

    def _references(self) -> Iterator[tuple[str, str, set[str], str]]:
        members = {m.id for m in self.members}
        people = set(self.people())
        professionals = {p.id for p in self.professionals}
        goals = {g.id for g in self.goals}
        for i, goal in enumerate(self.goals):
            for j, owner in enumerate(goal.owners):
                yield f"goals[{i}].owners[{j}]", owner, members, UNKNOWN_PERSON
        for i, agreement in enumerate(self.agreements):
            yield f"agreements[{i}].goal_id", agreement.goal_id, goals, UNKNOWN_GOAL
            for j, who in enumerate(agreement.who):
                yield f"agreements[{i}].who[{j}]", who, people, UNKNOWN_PERSON
        for i, evaluation in enumerate(self.evaluations):
            for j, review in enumerate(evaluation.reviews):
                path = f"evaluations[{i}].reviews[{j}].goal_id"
                yield path, review.goal_id, goals, UNKNOWN_GOAL
        for i, closure in enumerate(self.closures):
            for j, result in enumerate(closure.goal_results):
                path = f"closures[{i}].goal_results[{j}].goal_id"
                yield path, result.goal_id, goals, UNKNOWN_GOAL
        for i, share in enumerate(self.shares):
            if share.professional_id is not None:
                path = f"shares[{i}].professional_id"
                yield path, share.professional_id, professionals, UNKNOWN_PERSON
            for j, goal_id in enumerate(share.goal_ids):
                yield f"shares[{i}].goal_ids[{j}]", goal_id, goals, UNKNOWN_GOAL


def _load(table: str, index: int, row: Any) -> Part:
    where = f"{table}[{index}]"
    if not isinstance(row, dict):
        raise ValidationError(where, NOT_A_RECORD)
    try:
        return RECORD_TYPES[table].from_dict(migrate(table, row))
    except ValidationError as err:
        raise err.within(where) from None
