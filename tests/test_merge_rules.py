"""The merge rules one at a time (docs/sync.md), with injected clocks and ids."""
from __future__ import annotations


import pytest

from family_app.domain import Plan, load_scenario
from sync.merge import (
    EXISTS, Clock, RecordDeleted, Replica, State, UnknownRecord, conflicts, current_tables,
    merge,
)
from tests.test_merge_helpers import FakeWall, device, exchange

from tests.helpers.data import DE_VRIES as SCENARIO


@pytest.fixture
def pair() -> tuple[Replica, Replica, str]:
    """Two devices that both have one goal (created on a, then exchanged)."""
    a, b = device("a"), device("b")
    goal = a.create("goals", {"text": "Minder ruzie", "owners": ["m1"], "status": "open"})
    exchange(a, b)
    return a, b, goal


def goal_row(replica: Replica, goal: str) -> dict:
    return next(row for row in current_tables(replica.state)["goals"] if row["id"] == goal)


def test_a_created_record_shows_with_its_id_and_fields():
    a = device("a")
    goal = a.create("goals", {"text": "Samen eten", "owners": ["m1", "m2"], "score": None})
    assert goal == "a_r0"
    assert current_tables(a.state) == {
        "goals": [{"id": goal, "text": "Samen eten", "owners": ["m1", "m2"], "score": None}]}
    assert conflicts(a.state) == []


def test_a_sequential_edit_replaces_the_value_and_records_what_it_replaced(pair):
    a, b, goal = pair
    created = next(iter(a.state.records[("goals", goal)]["text"]))
    stamp = b.edit("goals", goal, "text", "Minder ruzie over huiswerk")
    a.merge(b.state)
    assert goal_row(a, goal)["text"] == "Minder ruzie over huiswerk"
    assert conflicts(a.state) == []
    assert a.state.records[("goals", goal)]["text"][stamp].replaced == (created,)


def test_concurrent_edits_keep_both_and_the_higher_stamp_wins(pair):
    a, b, goal = pair
    a.clock._wall.tick(5)  # type: ignore[attr-defined]
    from_a = a.edit("goals", goal, "text", "Tekst van Sanne")
    from_b = b.edit("goals", goal, "text", "Tekst van Emre")
    assert from_a > from_b
    exchange(a, b)
    assert a.state == b.state
    assert goal_row(a, goal)["text"] == goal_row(b, goal)["text"] == "Tekst van Sanne"
    assert conflicts(a.state) == conflicts(b.state) == [{
        "table": "goals", "id": goal, "field": "text", "item": None, "kind": "edit",
        "current": {"value": "Tekst van Sanne", "stamp": from_a.key(), "node": "a",
                    "millis": from_a.millis},
        "others": [{"value": "Tekst van Emre", "stamp": from_b.key(), "node": "b",
                    "millis": from_b.millis}],
    }]


def test_a_device_with_a_wrong_clock_still_merges_deterministically():
    a, b = device("a", FakeWall(skew=-3_600_000)), device("b", FakeWall(skew=+3_600_000))
    goal = a.create("goals", {"text": "x"})
    b.merge(a.state)
    a.edit("goals", goal, "text", "from a")
    b.edit("goals", goal, "text", "from b")  # b's clock runs two hours ahead of a's
    exchange(a, b)
    assert goal_row(a, goal)["text"] == goal_row(b, goal)["text"] == "from b"
    assert [c["others"][0]["value"] for c in conflicts(a.state)] == ["from a"]
    later = a.edit("goals", goal, "status", "done")  # a's next stamp passes b's
    assert later > max(b.state.seen.values())


def test_concurrent_edits_to_different_fields_are_no_conflict(pair):
    a, b, goal = pair
    a.edit("goals", goal, "text", "Nieuwe tekst")
    b.edit("goals", goal, "status", "done")
    exchange(a, b)
    assert goal_row(a, goal)["text"] == "Nieuwe tekst"
    assert goal_row(a, goal)["status"] == "done"
    assert conflicts(a.state) == []


def test_concurrent_edits_to_the_same_value_are_no_conflict(pair):
    a, b, goal = pair
    a.edit("goals", goal, "status", "done")
    b.edit("goals", goal, "status", "done")
    exchange(a, b)
    assert goal_row(a, goal)["status"] == "done"
    assert conflicts(a.state) == []
    b.edit("goals", goal, "status", "open")  # replaces both equal writes
    exchange(a, b)
    assert goal_row(a, goal)["status"] == "open"
    assert conflicts(a.state) == []


def test_editing_a_conflicted_field_leaves_the_other_value_in_conflict(pair):
    a, b, goal = pair
    b.clock._wall.tick(1)  # type: ignore[attr-defined]
    a.edit("goals", goal, "text", "van a")
    b.edit("goals", goal, "text", "van b")
    exchange(a, b)
    a.edit("goals", goal, "text", "van b, verbeterd")  # edits what it shows; "van a" stays
    exchange(a, b)
    assert goal_row(b, goal)["text"] == "van b, verbeterd"
    [conflict] = conflicts(b.state)
    assert [o["value"] for o in conflict["others"]] == ["van a"]


def test_a_resolve_removes_the_conflict_everywhere_after_merge(pair):
    a, b, goal = pair
    c = device("c")
    c.merge(a.state)
    a.edit("goals", goal, "text", "van a")
    b.edit("goals", goal, "text", "van b")
    exchange(a, b, c)
    assert len(conflicts(c.state)) == 1
    b.resolve("goals", goal, "text", "samen gekozen")
    exchange(b, a)  # c has not heard of the resolve yet
    assert conflicts(a.state) == [] and goal_row(a, goal)["text"] == "samen gekozen"
    assert len(conflicts(c.state)) == 1
    exchange(c, a, b)
    assert a.state == b.state == c.state
    assert conflicts(c.state) == [] and goal_row(c, goal)["text"] == "samen gekozen"


def test_a_resolve_concurrent_with_a_new_edit_is_itself_a_conflict(pair):
    a, b, goal = pair
    a.edit("goals", goal, "text", "van a")
    b.edit("goals", goal, "text", "van b")
    exchange(a, b)
    a.resolve("goals", goal, "text", "gekozen")
    b.edit("goals", goal, "text", "nog later van b")  # b had not seen the resolve
    exchange(a, b)
    values = {conflicts(a.state)[0]["current"]["value"],
              *(o["value"] for o in conflicts(a.state)[0]["others"])}
    assert values == {"gekozen", "nog later van b"}  # "van a" stays settled by the resolve


def test_delete_versus_concurrent_edit_keeps_the_record_and_shows_a_delete_conflict(pair):
    a, b, goal = pair
    deleted = a.delete("goals", goal)
    edited = b.edit("goals", goal, "text", "Belangrijke nieuwe tekst")
    exchange(a, b)
    assert goal_row(a, goal)["text"] == "Belangrijke nieuwe tekst"
    assert conflicts(a.state) == conflicts(b.state) == [{
        "table": "goals", "id": goal, "field": None, "item": None, "kind": "delete",
        "current": {"value": True, "stamp": edited.key(), "node": "b",
                    "millis": edited.millis},
        "others": [{"value": False, "stamp": deleted.key(), "node": "a",
                    "millis": deleted.millis}],
    }]


@pytest.mark.parametrize("settle, shown", [("delete", False), ("restore", True)])
def test_a_delete_conflict_is_settled_by_deleting_or_restoring(pair, settle, shown):
    a, b, goal = pair
    a.delete("goals", goal)
    b.edit("goals", goal, "text", "nieuw")
    exchange(a, b)
    getattr(b, settle)("goals", goal)
    exchange(a, b)
    assert conflicts(a.state) == []
    assert ("goals" in current_tables(a.state)) is shown


def test_deleting_after_seeing_an_edit_deletes_without_conflict(pair):
    a, b, goal = pair
    b.edit("goals", goal, "text", "nieuw")
    a.merge(b.state)
    a.delete("goals", goal)
    exchange(a, b)
    assert current_tables(b.state) == {}
    assert conflicts(b.state) == []


def test_concurrent_deletes_are_no_conflict(pair):
    a, b, goal = pair
    a.delete("goals", goal)
    b.delete("goals", goal)
    exchange(a, b)
    assert current_tables(a.state) == {} and conflicts(a.state) == []


def test_a_deleted_record_cannot_be_edited_until_restored(pair):
    a, _, goal = pair
    a.delete("goals", goal)
    with pytest.raises(RecordDeleted):
        a.edit("goals", goal, "text", "x")
    a.restore("goals", goal)
    a.edit("goals", goal, "text", "x")
    assert goal_row(a, goal)["text"] == "x"
    with pytest.raises(UnknownRecord):
        a.edit("goals", "nope", "text", "x")


def test_whole_lists_follow_the_field_rule(pair):
    a, b, goal = pair
    a.edit("goals", goal, "owners", ["m1", "m2"])
    b.edit("goals", goal, "owners", ["m3"])
    exchange(a, b)
    [conflict] = conflicts(a.state)
    assert conflict["field"] == "owners"
    assert {conflict["current"]["value"][0], conflict["others"][0]["value"][0]} == {"m1", "m3"}


def scores(replica: Replica, goal: str) -> list[int]:
    return [s["score"] for s in goal_row(replica, goal)["scores"]]


def test_scores_added_on_two_devices_are_both_kept():
    a, b = device("a"), device("b")
    goal = a.create("goals", {"text": "x", "scores": [{"id": "s1", "score": 3}]})
    exchange(a, b)
    a.update("goals", {"id": goal, "scores": [{"id": "s1", "score": 3},
                                              {"id": "s2", "score": 5}]})
    b.clock._wall.tick(1)  # type: ignore[attr-defined]
    b.update("goals", {"id": goal, "scores": [{"id": "s1", "score": 3},
                                              {"id": "s3", "score": 6}]})
    exchange(a, b)
    assert scores(a, goal) == scores(b, goal) == [3, 5, 6]
    assert conflicts(a.state) == []


def test_a_score_removed_on_one_device_and_changed_on_the_other_stays_with_a_conflict():
    a, b = device("a"), device("b")
    goal = a.create("goals", {"text": "x", "scores": [{"id": "s1", "score": 3},
                                                      {"id": "s2", "score": 4}]})
    exchange(a, b)
    a.update("goals", {"id": goal, "scores": [{"id": "s2", "score": 4}]})
    b.update("goals", {"id": goal, "scores": [{"id": "s1", "score": 7},
                                              {"id": "s2", "score": 4}]})
    exchange(a, b)
    assert scores(a, goal) == [7, 4]
    [conflict] = conflicts(a.state)
    assert (conflict["field"], conflict["item"], conflict["kind"]) == ("scores", "s1", "remove")
    a.resolve("goals", goal, "scores", None, item="s1")
    exchange(a, b)
    assert scores(b, goal) == [4] and conflicts(b.state) == []


def test_an_update_writes_only_what_changed_as_one_operation(pair):
    a, _, goal = pair
    row = goal_row(a, goal)
    assert a.update("goals", row) is None
    stamp = a.update("goals", {**row, "status": "done"})
    rec = a.state.records[("goals", goal)]
    assert set(rec["status"]) == {stamp} and stamp not in rec["text"]
    assert stamp in rec[EXISTS]


def test_stored_and_shown_values_are_copies(pair):
    a, _, goal = pair
    owners = ["m1", "m2"]
    a.edit("goals", goal, "owners", owners)
    owners.append("m9")
    goal_row(a, goal)["owners"].append("m8")
    assert goal_row(a, goal)["owners"] == ["m1", "m2"]


def test_merge_leaves_its_inputs_alone_and_local_writes_do_not_leak(pair):
    a, b, goal = pair
    a.edit("goals", goal, "text", "van a")
    before_a, before_b = a.state.copy(), b.state.copy()
    merged = merge(a.state, b.state)
    assert a.state == before_a and b.state == before_b
    b.merge(merged)
    b.edit("goals", goal, "text", "van b")
    assert goal_row(a, goal)["text"] == "van a"
    assert current_tables(merged)["goals"][0]["text"] == "van a"


def test_a_reopened_replica_continues_after_its_last_stamp():
    wall = FakeWall(5_000)
    a = device("a", wall)
    a.create("goals", {"text": "x"})
    last = a.state.latest()
    wall.millis = 10  # the phone restarted with a clock that is far behind
    reopened = Replica(Clock("a", wall), state=a.state.copy())
    assert reopened.clock.now() > last


def test_field_names_that_clash_with_the_bookkeeping_are_refused():
    a = device("a")
    for bad in ("#", "#born", "a/b", ""):
        with pytest.raises(ValueError):
            a.create("goals", {bad: 1})
    assert a.state == State()


def test_the_reference_plan_comes_back_unchanged_through_a_replica():
    plan = load_scenario(SCENARIO).plan
    a, b = device("a"), device("b")
    a.import_tables(plan.to_tables())
    b.apply(a.changes_since(b.state.seen))
    assert Plan.from_tables(current_tables(b.state)) == plan
    tables = {name: rows for name, rows in plan.to_tables().items() if rows}
    assert current_tables(b.state) == tables  # same records, same order
