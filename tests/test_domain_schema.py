"""Stored records carry a schema version; older ones are lifted, newer ones refused."""
from __future__ import annotations

import pytest

from family_app.domain import Goal, Household, Plan, SchemaVersionError, ValidationError, schema


@pytest.fixture
def version_two(monkeypatch):
    """Pretend the app moved to schema 2, with its own migration registry."""
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {})


def test_current_records_pass_unchanged():
    stored = Household.from_dict({"name": "Gezin"}).to_dict()
    assert schema.migrate("household", stored) == stored


def test_records_without_version_are_version_one():
    assert schema.version_of({"name": "x"}) == 1
    assert schema.migrate("household", {"name": "x"}) == {"name": "x", "v": 1}


def test_registered_migration_runs_and_stamps_the_new_version(version_two):
    seen = []

    @schema.register_migration(1)
    def rename_goal_text(table, record):
        seen.append(table)
        if table == "goals":
            record["text"] = record.pop("wording")
        return record

    old = {"v": 1, "owners": ["m1"], "wording": "Om 19.00 uur binnen"}
    lifted = schema.migrate("goals", old)
    assert lifted == {"v": 2, "owners": ["m1"], "text": "Om 19.00 uur binnen"}
    assert old["wording"] == "Om 19.00 uur binnen", "the stored input is not modified"
    assert seen == ["goals"]
    # and the whole plan loads through the hook
    plan = Plan.from_tables({"goals": [old]})
    assert plan.goals[0].text == "Om 19.00 uur binnen"
    assert plan.goals[0].to_dict()["v"] == 2


def test_migrations_chain_step_by_step(monkeypatch):
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(schema, "MIGRATIONS", {})
    schema.register_migration(1)(lambda table, r: {**r, "steps": ["1->2"]})
    schema.register_migration(2)(lambda table, r: {**r, "steps": r["steps"] + ["2->3"]})
    assert schema.migrate("log", {"text": "x"})["steps"] == ["1->2", "2->3"]
    assert schema.migrate("log", {"v": 2, "steps": []})["steps"] == ["2->3"]


def test_registering_twice_is_refused(version_two):
    schema.register_migration(1)(lambda table, r: r)
    with pytest.raises(ValueError):
        schema.register_migration(1)(lambda table, r: r)


def test_missing_migration_is_a_programming_error(version_two):
    with pytest.raises(RuntimeError, match="version 1"):
        schema.migrate("goals", {"v": 1})


def test_newer_version_is_refused_with_a_clear_message():
    with pytest.raises(SchemaVersionError) as caught:
        schema.migrate("goals", {"v": schema.SCHEMA_VERSION + 1, "text": "x"})
    err = caught.value
    assert err.field == "v"
    assert err.params == {"found": schema.SCHEMA_VERSION + 1, "known": schema.SCHEMA_VERSION}
    assert "newer version of the app" in str(err)


def test_plan_names_the_record_from_a_newer_app():
    good = Goal.from_dict({"owners": ["m1"], "text": "a"}).to_dict()
    with pytest.raises(SchemaVersionError) as caught:
        Plan.from_tables({"goals": [good, {**good, "v": 99}]})
    assert caught.value.field == "goals[1].v"


@pytest.mark.parametrize("bad", [0, "1", 1.0, True, None])
def test_nonsense_version_is_a_validation_error(bad):
    with pytest.raises(ValidationError) as caught:
        schema.migrate("goals", {"v": bad})
    assert caught.value.field == "v"
