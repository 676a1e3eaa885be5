"""Scenario files (`onsplan-scenario/1`) load whole families; bad files say what is wrong."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from family_app.domain import (
    Plan, ScenarioError, ValidationError, load_scenario, parse_scenario, scenario_texts,
)

from tests.helpers.data import DE_VRIES, KOWALSKA
from tests.helpers.data import SCENARIOS as FILES


def raw(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def all_strings(node) -> set[str]:
    if isinstance(node, str):
        return {node}
    if isinstance(node, dict):
        return set().union(*(all_strings(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(all_strings(v) for v in node)) if node else set()
    return set()


def test_fixtures_exist():
    assert len(FILES) >= 2


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_scenario_loads_fully(path):
    data = raw(path)
    scenario = load_scenario(path)
    plan = scenario.plan
    assert plan.household.name == data["household"]["name"]
    for table in ("members", "network", "professionals", "goals", "agreements", "safety", "log",
                  "evaluations"):
        assert len(getattr(plan, table)) == len(data[table]), table
    assert len(scenario.youth_plans) == len(data["youth_plans"])
    for goal, raw_goal in zip(plan.goals, data["goals"]):
        assert goal.text == raw_goal["text"]
        assert [s.score for s in goal.scores] == [s["score"] for s in raw_goal["scores"]]
    assert plan.trajectory.referred.isoformat() == data["trajectory"]["referred"]
    assert plan.trajectory.days_referral_to_first_visit() >= 0


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_references_resolve_to_fresh_ids(path):
    data = raw(path)
    scenario = load_scenario(path)
    plan = scenario.plan
    plan.validate_references()
    members = {m.name: m.id for m in plan.members}
    by_key = {m["key"]: members[m["name"]] for m in data["members"]}
    everyone = {**by_key, **{p["key"]: pid for p, pid in zip(
        data["network"] + data["professionals"],
        [n.id for n in plan.network] + [p.id for p in plan.professionals])}}
    assert scenario.person_ids == everyone
    keys = set(everyone) | {g["key"] for g in data["goals"]}
    all_ids = [r["id"] for rows in plan.to_tables().values() for r in rows]
    assert len(all_ids) == len(set(all_ids)), "every record has its own id"
    assert not keys & set(all_ids), "file keys are not used as ids"
    for goal, raw_goal in zip(plan.goals, data["goals"]):
        assert goal.owners == [by_key[k] for k in raw_goal["owners"]]
        assert [s.by for s in goal.scores] == [everyone[s["by"]] for s in raw_goal["scores"]]
    goal_ids = {g["key"]: g_.id for g, g_ in zip(data["goals"], plan.goals)}
    assert scenario.goal_ids == goal_ids
    for agreement, raw_agreement in zip(plan.agreements, data["agreements"]):
        assert agreement.goal_id == goal_ids[raw_agreement["goal"]]
        assert agreement.who == [everyone[k] for k in raw_agreement["who"]]
    for entry, raw_entry in zip(plan.log, data["log"]):
        assert entry.author == everyone[raw_entry["author"]]
    names = {m["key"]: m["name"] for m in data["members"]}
    assert [y.owner_name for y in scenario.youth_plans] == \
        [names[y["member"]] for y in data["youth_plans"]]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_texts_keep_the_family_language(path):
    data = raw(path)
    plan = load_scenario(path).plan
    language = data["household"]["language"]
    assert {g.language for g in plan.goals} == {language}
    assert {e.language for e in plan.log} == {language}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_text_of_the_file_is_in_the_plan(path):
    data = raw(path)
    scenario = load_scenario(path)
    texts = scenario_texts(data)
    stored = all_strings(scenario.plan.to_tables()) | all_strings(
        [y.to_dict() for y in scenario.youth_plans])
    assert data["goals"][0]["text"] in texts and data["household"]["address"] in texts
    assert texts <= stored, texts - stored


def test_scenario_texts_leave_out_codes_keys_dates_and_tags():
    texts = scenario_texts(raw(DE_VRIES))
    for code in ("onsplan-scenario/1", "m1", "g1", "p1", "parent", "family", "wish",
                 "parenting", "in_progress", "home_visit", "mon", "nl", "tr", "2025-11-04"):
        assert code not in texts
    for text in ("Sanne de Vries", "Oma Ria", "06-12345678", "begeleider", "huisarts",
                 "Tante Ayse", "Monteur worden", "Harde ruzies waar Lina bij is"):
        assert text in texts


# --- bad files --------------------------------------------------------------------------

def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def broken(change) -> ScenarioError:
    data = copy.deepcopy(raw(DE_VRIES))
    change(data)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data)
    return caught.value


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "nope.json")
    assert str(caught.value).startswith("file not found: ")
    assert "nope.json" in str(caught.value)


def test_truncated_json_names_the_line(tmp_path):
    text = (KOWALSKA).read_text(encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write(tmp_path, text[: len(text) // 2]))
    message = str(caught.value)
    assert "is not valid JSON (line " in message and "\n" not in message
    assert caught.value.params["line"] > 1


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"format": "onsplan-scenario/1", "x": "café"}'.encode("latin-1"))
    with pytest.raises(ScenarioError, match="UTF-8"):
        load_scenario(path)


@pytest.mark.parametrize("data", [{"format": "onsplan-scenario/2"}, {"household": {}}, [1, 2]])
def test_wrong_or_missing_format(tmp_path, data):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write(tmp_path, data))
    assert str(caught.value) == 'not an Ons Plan scenario: "format" must be "onsplan-scenario/1"'


def test_goal_with_invalid_date_names_the_path():
    err = broken(lambda d: d["goals"][1].update(target_date="2026-02-30"))
    assert str(err) == "goals[1].target_date: is not a valid date (use YYYY-MM-DD)"
    assert isinstance(err.validation, ValidationError)
    assert err.validation.problem == "is not a valid date (use YYYY-MM-DD)"
    assert err.field == "goals[1].target_date" and isinstance(err.__cause__, ValidationError)


def test_empty_member_name():
    err = broken(lambda d: d["members"][2].update(name="   "))
    assert str(err) == "members[2].name: is required"


def test_agreement_pointing_to_unknown_goal():
    err = broken(lambda d: d["agreements"][3].update(goal="g99"))
    assert str(err) == "agreements[3].goal: refers to a goal that is not in the plan"


@pytest.mark.parametrize("change, message", [
    (lambda d: d["agreements"][0].update(who=["m1", "x9"]),
     "agreements[0].who[1]: refers to someone who is not in the plan"),
    (lambda d: d["goals"][0].update(owners=["n1"]),
     "goals[0].owners[0]: refers to someone who is not in the plan"),
    (lambda d: d["goals"][0].update(owners=[]), "goals[0].owners: is required"),
    (lambda d: d["goals"][0]["scores"][1].update(score=11),
     "goals[0].scores[1].score: must be a whole number from 0 to 10"),
    (lambda d: d["agreements"][0].pop("goal"), "agreements[0].goal: is required"),
    (lambda d: d["network"][1].update(key="m1"), "network[1].key: is used more than once"),
    (lambda d: d["youth_plans"][0].update(member="m9"),
     "youth_plans[0].member: refers to someone who is not in the plan"),
    (lambda d: d["youth_plans"][0]["goals"][0].update(text=""),
     "youth_plans[0].goals[0].text: is required"),
    (lambda d: d.pop("household"), "household: is required"),
    (lambda d: d.update(safety={"date": "2025-01-01"}), "safety: must be a list"),
    (lambda d: d["members"][0].update(role="baby"),
     "members[0].role: must be one of: parent, youth, child, other"),
    (lambda d: d["trajectory"].update(first_visit="4 november"),
     "trajectory.first_visit: is not a valid date (use YYYY-MM-DD)"),
])
def test_other_problems_are_named(change, message):
    assert str(broken(change)) == message


def test_ids_in_a_file_are_not_trusted():
    data = raw(KOWALSKA)
    data["members"][0]["id"] = "chosen-by-file"
    scenario = parse_scenario(data)
    assert scenario.plan.members[0].id != "chosen-by-file"


def test_loaded_plan_survives_storage():
    plan = load_scenario(DE_VRIES).plan
    assert Plan.from_tables(json.loads(json.dumps(plan.to_tables()))) == plan
