"""The Plan aggregate: tables in, tables out, references checked."""
from __future__ import annotations

import json

import pytest

from family_app.domain import (
    TABLES, Agreement, Closure, Goal, Household, Member, NetworkPerson, Plan, Professional,
    ShareRecord, ValidationError,
)


def small_plan() -> Plan:
    sanne, daan = Member.from_dict({"name": "Sanne", "role": "parent"}), Member.from_dict(
        {"name": "Daan", "role": "youth"})
    oma = NetworkPerson.from_dict({"name": "Oma Ria"})
    karin = Professional.from_dict({"name": "Karin"})
    goal = Goal.from_dict({"owners": [sanne.id, daan.id], "text": "Minder ruzie"})
    agreement = Agreement.from_dict({"goal_id": goal.id, "what": "Huiswerktijd",
                                     "who": [daan.id, oma.id, karin.id]})
    return Plan(household=Household.from_dict({"name": "Gezin"}), members=[sanne, daan],
                network=[oma], professionals=[karin], goals=[goal], agreements=[agreement])


def test_tables_are_in_storage_order_and_json_safe():
    tables = small_plan().to_tables()
    assert tuple(tables) == TABLES
    assert len(tables["household"]) == 1 and len(tables["trajectory"]) == 1
    assert json.loads(json.dumps(tables)) == tables


def test_plan_round_trips_through_tables():
    plan = small_plan()
    assert Plan.from_tables(plan.to_tables()) == plan


def test_empty_tables_give_an_empty_plan():
    plan = Plan.from_tables({})
    assert plan.household is None and plan.goals == [] and plan.trajectory.referred is None
    assert Plan.from_tables(plan.to_tables()) == plan


def test_bad_record_in_a_table_names_table_index_and_field():
    tables = small_plan().to_tables()
    tables["goals"][0]["target_date"] = "2024-02-30"
    with pytest.raises(ValidationError) as caught:
        Plan.from_tables(tables)
    assert caught.value.field == "goals[0].target_date"


@pytest.mark.parametrize("tables, field", [
    ({"goals": "nope"}, "goals"),
    ({"members": ["nope"]}, "members[0]"),
    ({"household": [{"name": "A"}, {"name": "B"}]}, "household"),
])
def test_malformed_tables_are_named(tables, field):
    with pytest.raises(ValidationError) as caught:
        Plan.from_tables(tables)
    assert caught.value.field == field


def test_valid_references_pass():
    small_plan().validate_references()


def test_agreement_with_unknown_person_names_who():
    plan = small_plan()
    plan.agreements[0].who.append("nobody")
    with pytest.raises(ValidationError) as caught:
        plan.validate_references()
    assert caught.value.field == "agreements[0].who[3]"
    assert caught.value.problem == "refers to someone who is not in the plan"


def test_agreement_with_unknown_goal_names_goal_id():
    plan = small_plan()
    plan.agreements[0].goal_id = "gone"
    with pytest.raises(ValidationError) as caught:
        plan.validate_references()
    assert caught.value.field == "agreements[0].goal_id"


def test_goal_owner_must_be_a_member_not_a_network_person():
    plan = small_plan()
    plan.goals[0].owners.append(plan.network[0].id)
    with pytest.raises(ValidationError) as caught:
        plan.validate_references()
    assert caught.value.field == "goals[0].owners[2]"


def test_closure_and_share_references_are_checked():
    plan = small_plan()
    plan.closures.append(Closure.from_dict({"closed_on": "2026-03-01", "ending": "01",
                                            "goal_results": [{"goal_id": "x", "result": "not"}]}))
    with pytest.raises(ValidationError) as caught:
        plan.validate_references()
    assert caught.value.field == "closures[0].goal_results[0].goal_id"
    plan.closures.clear()
    plan.shares.append(ShareRecord.from_dict({
        "created": "2026-01-01", "recipient_name": "K", "recipient_kind": "professional",
        "professional_id": plan.members[0].id, "expires": "2026-02-01"}))
    with pytest.raises(ValidationError) as caught:
        plan.validate_references()
    assert caught.value.field == "shares[0].professional_id"


def test_people_and_goal_lookup():
    plan = small_plan()
    assert sorted(plan.people().values()) == ["Daan", "Karin", "Oma Ria", "Sanne"]
    assert plan.goal(plan.goals[0].id) is plan.goals[0]
    assert plan.goal("missing") is None
