"""Deltas: changes_since / apply, idempotent and equal to a full merge."""
from __future__ import annotations

import copy
import json

import cbor2
import pytest

from sync.merge import DeltaError, DeltaGap, apply, changes_since, conflicts, merge
from tests.test_merge_helpers import device, exchange


@pytest.fixture
def apart():
    """Two devices that shared a plan, then each made changes while apart."""
    a, b = device("a"), device("b")
    goal = a.create("goals", {"text": "Minder ruzie", "owners": ["m1"]})
    other = a.create("goals", {"text": "Samen eten", "owners": ["m2"]})
    exchange(a, b)
    a.edit("goals", goal, "text", "van a")
    a.create("log", {"text": "Huisbezoek"})
    b.edit("goals", goal, "text", "van b")
    b.delete("goals", other)
    return a, b, goal


def test_a_delta_holds_only_the_cells_with_unseen_writes(apart):
    a, b, _ = apart
    delta = changes_since(b.state, a.state.seen)
    cells = {(table, fkey) for table, _, rec in delta["records"] for fkey, _ in rec}
    assert cells == {("goals", "text"), ("goals", "#")}
    assert changes_since(a.state, a.state.seen)["records"] == []


def test_applying_a_delta_equals_merging_the_whole_state(apart):
    a, b, _ = apart
    assert apply(a.state, changes_since(b.state, a.state.seen)) == merge(a.state, b.state)
    assert apply(b.state, changes_since(a.state, b.state.seen)) == merge(b.state, a.state)


def test_applying_a_delta_again_or_an_older_one_changes_nothing(apart):
    a, b, goal = apart
    old = changes_since(b.state, a.state.seen)
    a.apply(old)
    once = a.state.copy()
    a.apply(old)
    assert a.state == once
    b.edit("goals", goal, "text", "nog een keer")
    a.apply(changes_since(b.state, a.state.seen))
    after = a.state.copy()
    a.apply(old)
    assert a.state == after


def test_a_delta_survives_json_and_cbor(apart):
    a, b, _ = apart
    delta = changes_since(b.state, a.state.seen)
    expected = apply(a.state, delta)
    assert apply(a.state, json.loads(json.dumps(delta))) == expected
    assert apply(a.state, cbor2.loads(cbor2.dumps(delta))) == expected


def test_a_delta_for_a_receiver_that_misses_earlier_changes_is_refused(apart):
    a, b, _ = apart
    c = device("c")  # has seen nothing
    with pytest.raises(DeltaGap) as raised:
        c.apply(b.changes_since(a.state.seen))
    assert raised.value.nodes == ["a"]
    c.apply(b.changes_since(c.state.seen))  # asking with its own version vector works
    assert c.state == b.state


def test_after_exchanging_deltas_both_devices_are_equal_with_one_conflict(apart):
    a, b, _ = apart
    to_b = a.changes_since(b.state.seen)
    to_a = b.changes_since(a.state.seen)
    a.apply(to_a)
    b.apply(to_b)
    assert a.state == b.state
    assert [c["field"] for c in conflicts(a.state)] == ["text"]


def test_applying_moves_the_clock_past_the_delta(apart):
    a, b, goal = apart
    b.clock._wall.tick(60_000)  # type: ignore[attr-defined]
    late = b.edit("goals", goal, "owners", ["m2"])
    a.apply(b.changes_since(a.state.seen))
    assert a.clock.now() > late


def _broken(delta: dict, change) -> dict:
    broken = copy.deepcopy(delta)
    change(broken)
    return broken


@pytest.mark.parametrize("change", [
    lambda d: d.update(format="something/else"),
    lambda d: d.pop("nodes"),
    lambda d: d.update(nodes="a"),
    lambda d: d["seen"].append([9, 1, 1]),
    lambda d: d["seen"].append([0, -1, 1]),
    lambda d: d["records"].append(["goals"]),
    lambda d: d["records"].append([1, "x", []]),
    lambda d: d["records"].append(["goals", "x", [["text", []]]]),
    lambda d: d["records"].append(["goals", "x", [["text", [[0, 1]]]]]),
    lambda d: d.update(whole=[["log", ["text"], [["x", 0, 1, 1]]]]),            # a value short
    lambda d: d.update(whole=[["log", ["text", "text"], [["x", 0, 1, 1, "a", "b"]]]]),
    lambda d: d.update(whole=[["log", [], [["x", 0, 1, 1]]]]),
    lambda d: d.update(whole=[["log", ["text"], [[7, 0, 1, 1, "a"]]]]),
    lambda d: d.update(whole=[["log", ["text"], [["x", 9, 1, 1, "a"]]]]),       # no node 9
    lambda d: d.update(whole=[["goals", ["text"], [[d["records"][0][1], 0, 1, 1, "a"]]]]),
])
def test_a_malformed_delta_is_refused(apart, change):
    a, b, _ = apart
    delta = changes_since(b.state, a.state.seen)
    with pytest.raises(DeltaError):
        apply(a.state, _broken(delta, change))
    with pytest.raises(DeltaError):
        apply(a.state, ["not", "a", "dict"])  # type: ignore[arg-type]


def test_records_written_once_travel_as_rows_and_edited_ones_as_cells():
    a, b = device("a"), device("b")
    goal = a.create("goals", {"text": "Minder ruzie", "owners": ["m1"]})
    log = a.create("log", {"text": "Huisbezoek", "kind": "note"})
    a.create("log", {"text": "Gebeld", "kind": "phone"})
    a.edit("goals", goal, "text", "Geen ruzie")
    delta = changes_since(a.state, b.state.seen)
    assert [rid for _, rid, _ in delta["records"]] == [goal]
    [(table, fields, rows)] = delta["whole"]
    assert table == "log" and set(fields) == {"#", "#born", "text", "kind"}
    assert [row[0] for row in rows][0] == log and len(rows) == 2
    assert apply(b.state, delta) == merge(b.state, a.state)
    assert "whole" not in changes_since(a.state, a.state.seen)
