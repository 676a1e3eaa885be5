"""Import of made-up whole families from `onsplan-scenario/1` files (tests/fixtures).

Keys in a file are only references inside it: every record gets a fresh id and each key is
replaced by the id of the record it names. Texts keep the household's language tag.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from family_app.domain import fields as f
from family_app.domain.base import Part
from family_app.domain.errors import (
    N_, NOT_A_LIST, NOT_A_RECORD, REQUIRED, UNKNOWN_GOAL, UNKNOWN_PERSON, USED_TWICE,
    ValidationError,
)
from family_app.domain.plan import Plan
from family_app.domain.records import (
    Agreement, Evaluation, Goal, Household, LogEntry, Member, NetworkPerson, Professional,
    SafetySnapshot, Trajectory, YouthPlan,
)

FORMAT = "onsplan-scenario/1"

FILE_NOT_FOUND = N_("file not found: {path}")
FILE_UNREADABLE = N_("cannot read the file: {path}")
NOT_UTF8 = N_("{path} is not a UTF-8 text file")
NOT_JSON = N_("{path} is not valid JSON (line {line}, column {column})")
WRONG_FORMAT = N_('not an Ons Plan scenario: "format" must be "{expected}"')
TOO_LARGE = N_("{path} is too large or too deeply nested for a scenario file")

MAX_FILE_BYTES = 5 * 1024 * 1024  # a whole family with years of history is far smaller


class ScenarioError(Exception):
    """A scenario file that cannot be imported, with a one-line plain message.

    problem/params form a translatable message; `validation` holds the ValidationError
    (its field is the path inside the file) when the problem is with a value.
    """

    def __init__(self, problem: str, validation: ValidationError | None = None,
                 **params: object) -> None:
        self.problem = problem
        self.params = dict(params)
        self.validation = validation
        self.field = validation.field if validation else None
        super().__init__(str(validation) if validation else problem.format(**params))


@dataclass
class Scenario:
    plan: Plan
    youth_plans: list[YouthPlan] = field(default_factory=list)
    person_ids: dict[str, str] = field(default_factory=dict)  # file key -> record id
    goal_ids: dict[str, str] = field(default_factory=dict)


def load_scenario(path: str | Path) -> Scenario:
    """Read and import a scenario file; raises ScenarioError naming the problem."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ScenarioError(TOO_LARGE, path=str(path))
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(FILE_NOT_FOUND, path=str(path)) from None
    except UnicodeDecodeError:
        raise ScenarioError(NOT_UTF8, path=str(path)) from None
    except OSError:
        raise ScenarioError(FILE_UNREADABLE, path=str(path)) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise ScenarioError(NOT_JSON, path=str(path), line=err.lineno, column=err.colno) from None
    except (RecursionError, ValueError):  # nested too deeply; a number over Python's 4300 digits
        raise ScenarioError(TOO_LARGE, path=str(path)) from None
    return parse_scenario(raw)


def parse_scenario(raw: Any) -> Scenario:
    """Import an already parsed scenario (the JSON object of a file)."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ScenarioError(WRONG_FORMAT, expected=FORMAT)
    try:
        return _Importer(_without_ids(raw)).run()
    except ValidationError as err:
        raise ScenarioError(err.problem, err, **err.params) from err


def _without_ids(node: Any) -> Any:
    """Drop any "id" a file carries: the app gives its records fresh ids."""
    if isinstance(node, dict):
        return {k: _without_ids(v) for k, v in node.items() if k != "id"}
    if isinstance(node, list):
        return [_without_ids(v) for v in node]
    return node


class _Importer:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.person_ids: dict[str, str] = {}
        self.member_ids: dict[str, str] = {}
        self.goal_ids: dict[str, str] = {}
        self.language = "nl"

    def run(self) -> Scenario:
        household_raw = self.raw.get("household")
        if household_raw is None:
            raise ValidationError("household", REQUIRED)
        household = _parse(Household, household_raw, "household")
        self.language = household.language
        plan = Plan(household=household)
        plan.members = self._keyed("members", Member, self.person_ids)
        self.member_ids = {key: self.person_ids[key] for key in self._keys("members")}
        plan.network = self._keyed("network", NetworkPerson, self.person_ids)
        plan.professionals = self._keyed("professionals", Professional, self.person_ids)
        plan.goals = self._keyed("goals", Goal, self.goal_ids, self._goal)
        plan.agreements = [_parse(Agreement, self._agreement(row, where), where)
                           for where, row in self._rows("agreements")]
        plan.safety = [_parse(SafetySnapshot, row, where) for where, row in self._rows("safety")]
        plan.log = [_parse(LogEntry, self._log(row), where) for where, row in self._rows("log")]
        plan.evaluations = [_parse(Evaluation, row, where)
                            for where, row in self._rows("evaluations")]
        plan.trajectory = _parse(Trajectory, self.raw.get("trajectory") or {}, "trajectory")
        youth = [_parse(YouthPlan, self._youth(row, where, plan), where)
                 for where, row in self._rows("youth_plans")]
        plan.validate_references()
        return Scenario(plan, youth, dict(self.person_ids), dict(self.goal_ids))

    # -- walking the file ----------------------------------------------------------------

    def _rows(self, table: str) -> Iterator[tuple[str, dict[str, Any]]]:
        rows = self.raw.get(table)
        if rows is None:
            return
        if not isinstance(rows, list):
            raise ValidationError(table, NOT_A_LIST)
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                raise ValidationError(f"{table}[{index}]", NOT_A_RECORD)
            yield f"{table}[{index}]", row

    def _keys(self, table: str) -> list[str]:
        return [row["key"] for _, row in self._rows(table) if row.get("key") is not None]

    def _keyed(self, table, cls, ids, adapt=None) -> list:
        """Parse a table whose rows carry a "key"; remember key -> fresh id."""
        records = []
        for where, row in self._rows(table):
            record = _parse(cls, adapt(row, where) if adapt else row, where)
            key = row.get("key")
            if key is not None:
                key = _checked(lambda: f.required_text(key), f"{where}.key")
                if key in ids:
                    raise ValidationError(f"{where}.key", USED_TWICE)
                ids[key] = record.id
            records.append(record)
        return records

    def _resolve(self, row, name, where, ids, problem) -> list[str]:
        keys = row.get(name)
        if keys is None:
            return []
        if not isinstance(keys, list):
            raise ValidationError(f"{where}.{name}", NOT_A_LIST)
        for index, key in enumerate(keys):
            if not isinstance(key, str) or key not in ids:
                raise ValidationError(f"{where}.{name}[{index}]", problem)
        return [ids[key] for key in keys]

    def _name_or_id(self, value: Any) -> Any:
        """Author and "by" may be a key (replaced by the id) or a free name (kept)."""
        return self.person_ids.get(value, value) if isinstance(value, str) else value

    def _scores(self, scores: Any) -> Any:
        if not isinstance(scores, list):
            return scores  # let validation name the problem
        return [{**s, "by": self._name_or_id(s.get("by"))} if isinstance(s, dict) else s
                for s in scores]

    # -- per table adaptation ------------------------------------------------------------

    def _goal(self, row: dict[str, Any], where: str) -> dict[str, Any]:
        return {**row, "owners": self._resolve(row, "owners", where, self.member_ids,
                                               UNKNOWN_PERSON),
                "language": row.get("language") or self.language,
                "scores": self._scores(row.get("scores"))}

    def _agreement(self, row: dict[str, Any], where: str) -> dict[str, Any]:
        goal = row.get("goal")
        if goal is None:
            raise ValidationError(f"{where}.goal", REQUIRED)
        if not isinstance(goal, str) or goal not in self.goal_ids:
            raise ValidationError(f"{where}.goal", UNKNOWN_GOAL)
        return {**row, "goal_id": self.goal_ids[goal],
                "who": self._resolve(row, "who", where, self.person_ids, UNKNOWN_PERSON)}

    def _log(self, row: dict[str, Any]) -> dict[str, Any]:
        return {**row, "author": self._name_or_id(row.get("author")),
                "language": row.get("language") or self.language}

    def _youth(self, row: dict[str, Any], where: str, plan: Plan) -> dict[str, Any]:
        member = row.get("member")
        if member is None:
            raise ValidationError(f"{where}.member", REQUIRED)
        if not isinstance(member, str) or member not in self.member_ids:
            raise ValidationError(f"{where}.member", UNKNOWN_PERSON)
        owner = plan.people()[self.member_ids[member]]
        goals = row.get("goals")
        if isinstance(goals, list):
            goals = [{**g, "scores": self._scores(g.get("scores"))} if isinstance(g, dict) else g
                     for g in goals]
        return {**row, "owner_name": owner, "goals": goals}


def _parse(cls: type[Part], row: Any, where: str) -> Any:
    return _checked(lambda: cls.from_dict(row), where)


def _checked(parse, where: str) -> Any:
    try:
        return parse()
    except ValidationError as err:
        raise err.within(where) from None


# -- texts in a raw file (tests check none of them lands on disk in plaintext) -----------

_NOT_TEXT = {"format", "key", "id", "v", "language", "languages", "date", "target_date", "due",
             "planned", "held", "next_planned", "referred", "first_visit", "plan_made", "closed",
             "kind", "domain", "status", "circle", "reachable_days", "decision", "result",
             "respondent", "ending"}
_REFERENCES = {"owners", "goal", "who", "author", "by", "member"}


def scenario_texts(raw: dict[str, Any]) -> set[str]:
    """Every human text in a raw scenario: names, the family's words, phones, e-mails...

    Leaves out the format tag, keys (and fields holding keys), codes, dates and language tags.
    """
    keys = set(_walk_keys(raw))
    found: set[str] = set()

    def walk(node: Any, table: str, name: str) -> None:
        if isinstance(node, dict):
            for child_name, child in node.items():
                walk(child, table or child_name, child_name)
        elif isinstance(node, list):
            for child in node:
                walk(child, table, name)
        elif isinstance(node, str) and node.strip():
            code = name in _NOT_TEXT or (table == "members" and name == "role")
            if not code and not (name in _REFERENCES and node in keys):
                found.add(node.strip())

    walk(raw, "", "")
    return found


def _walk_keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("key"), str):
            yield node["key"]
        for child in node.values():
            yield from _walk_keys(child)
    elif isinstance(node, list):
        for child in node:
            yield from _walk_keys(child)
