"""Property tests over random histories on 2-4 devices (hypothesis).

A history starts from two goals every device has, then is a list of steps: creates,
edits, score changes, deletes, restores and resolves on random devices, interleaved with
one-way syncs between random pairs (a full merge or a delta, checked to agree), replays
of old deltas and clock ticks. Each device's wall clock has its own skew. Alongside, the test keeps its own record of which operations
each device had seen (exact sets, not version vectors), and checks against it:

- convergence: after everyone exchanged, all states, plans and conflict lists are equal;
- merge is commutative, associative and idempotent on the states the history produced;
- no lost edit: every value ever written is shown or in an open conflict, unless a later
  operation on that field made by a device that had seen it superseded it, or its record
  was deleted by a device that had seen it; every deletion is in effect or in a conflict
  unless a later delete or restore that had seen it superseded it.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from sync.merge import (
    DeltaGap, Replica, Stamp, State, apply, changes_since, conflicts, current_tables, merge,
)
from tests.test_merge_helpers import FakeWall, device, exchange

NODES = ("a", "b", "c", "d")
FIELDS = ("text", "status", "owners")
KINDS = ("create", "edit", "edit", "edit", "scores", "scores", "delete", "restore",
         "resolve", "resolve", "sync", "sync", "sync", "replay", "tick")


@dataclass
class Written:
    stamp: Stamp
    where: tuple[str, str, str]  # table, record id, field key ("scores/<item id>" for items)
    value: Any
    saw: frozenset[Stamp]


@dataclass
class History:
    devices: list[Replica]
    wall: FakeWall
    knows: list[set[Stamp]]  # per device: every operation it has seen
    writes: list[Written] = field(default_factory=list)
    deletes: list[Written] = field(default_factory=list)  # value: True = restore
    deltas: list[tuple[dict[str, Any], frozenset[Stamp]]] = field(default_factory=list)
    snapshots: list[State] = field(default_factory=list)
    counter: itertools.count = field(default_factory=itertools.count)

    def text(self, shared: bool) -> str:
        return "same" if shared else f"t{next(self.counter)}"

    def done(self, r: int) -> tuple[Stamp, frozenset[Stamp]]:
        """Note the operation device r just made: (its stamp, what r had seen before)."""
        stamp = self.devices[r].state.seen[self.devices[r].node]
        saw = frozenset(self.knows[r])
        self.knows[r].add(stamp)
        return stamp, saw

    def wrote(self, r: int, table: str, rid: str, values: dict[str, Any]) -> None:
        stamp, saw = self.done(r)
        for fkey, value in values.items():
            self.writes.append(Written(stamp, (table, rid, fkey), value, saw))


def shown_records(replica: Replica) -> list[tuple[str, dict[str, Any]]]:
    return [(table, row) for table, rows in current_tables(replica.state).items()
            for row in rows]


def all_records(replica: Replica) -> list[tuple[str, str]]:
    return sorted(replica.state.records)


def run(history: History, kind: str, r: int, s: int, x: int, y: int) -> None:
    h, dev = history, history.devices[r]
    if kind == "tick":
        h.wall.tick(x * 7)
    elif kind == "create":
        table = ("goals", "log")[y % 2]
        values: dict[str, Any] = {"text": h.text(x % 4 == 0), "status": "open"}
        if table == "goals":
            values["owners"] = [f"m{x % 3}"]
            items = [{"id": f"s{next(h.counter)}", "score": x % 10} for _ in range(y % 3)]
            values["scores"] = items
        rid = dev.create(table, values)
        written = {k: v for k, v in values.items() if k != "scores"}
        written.update({f"scores/{i['id']}": i for i in values.get("scores", [])})
        h.wrote(r, table, rid, written)
    elif kind in ("edit", "scores"):
        rows = shown_records(dev)
        if not rows:
            return
        table, row = rows[x % len(rows)]
        if kind == "scores" and table == "goals":
            _change_scores(h, r, row, y)
            return
        name = FIELDS[y % 3] if table == "goals" else FIELDS[y % 2]
        value = [f"m{x % 4}", f"m{y % 4}"] if name == "owners" else h.text(y % 5 == 0)
        if dev.edit(table, row["id"], name, value) is not None:
            h.wrote(r, table, row["id"], {name: value})
    elif kind in ("delete", "restore"):
        known = all_records(dev)
        if known:
            table, rid = known[x % len(known)]
            getattr(dev, kind)(table, rid)
            stamp, saw = h.done(r)
            h.deletes.append(Written(stamp, (table, rid, "#"), kind == "restore", saw))
    elif kind == "resolve":
        _resolve(h, r, x, y)
    elif kind == "sync" and r != s:
        _sync(h, r, s, y)
    elif kind == "replay" and h.deltas:
        delta, knows = h.deltas[x % len(h.deltas)]
        try:
            dev.apply(delta)
        except DeltaGap:
            since = {node: Stamp(m, c, node) for node, m, c in
                     ([delta["nodes"][i], m, c] for i, m, c in delta["since"])}
            assert any(not dev.state.has_seen(stamp) for stamp in since.values())
            return
        h.knows[r] |= knows


def _change_scores(h: History, r: int, row: dict[str, Any], y: int) -> None:
    items = [dict(item) for item in row["scores"]]
    how = y % 3
    if how == 0 or not items:
        items.append({"id": f"s{next(h.counter)}", "score": y % 10})
        changed = {f"scores/{items[-1]['id']}": items[-1]}
    elif how == 1:
        items[y % len(items)]["score"] = (items[y % len(items)]["score"] + 1) % 10
        changed = {f"scores/{items[y % len(items)]['id']}": items[y % len(items)]}
    else:
        gone = items.pop(y % len(items))
        changed = {f"scores/{gone['id']}": None}
    if h.devices[r].update("goals", {"id": row["id"], "scores": items}) is not None:
        h.wrote(r, "goals", row["id"], changed)


def _resolve(h: History, r: int, x: int, y: int) -> None:
    dev = h.devices[r]
    open_ = conflicts(dev.state)
    if not open_:
        return
    c = open_[x % len(open_)]
    if c["kind"] == "delete":
        getattr(dev, ("delete", "restore")[y % 2])(c["table"], c["id"])
        stamp, saw = h.done(r)
        h.deletes.append(Written(stamp, (c["table"], c["id"], "#"), y % 2 == 1, saw))
        return
    choices = [c["current"]["value"], *(o["value"] for o in c["others"]), h.text(False)]
    value = choices[y % len(choices)]
    if c["item"] is not None and isinstance(value, str):
        value = {"id": c["item"], "score": y % 10}
    dev.resolve(c["table"], c["id"], c["field"], value, item=c["item"])
    fkey = c["field"] if c["item"] is None else f"{c['field']}/{c['item']}"
    h.wrote(r, c["table"], c["id"], {fkey: value})


def _sync(h: History, r: int, s: int, y: int) -> None:
    """Device r pulls from device s: by delta (sometimes via JSON) or by full merge."""
    receiver, sender = h.devices[r], h.devices[s]
    delta = changes_since(sender.state, receiver.state.seen)
    if y % 3 == 0:
        delta = json.loads(json.dumps(delta))
    expected = merge(receiver.state, sender.state)
    assert apply(receiver.state, delta) == expected  # a delta does what a merge does
    if y % 2:
        receiver.apply(delta)
    else:
        receiver.merge(sender.state)
    assert receiver.state == expected
    h.knows[r] |= h.knows[s]
    h.deltas.append((delta, frozenset(h.knows[s])))
    h.snapshots.append(receiver.state.copy())


steps = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 3), st.integers(0, 3),
                           st.integers(0, 40), st.integers(0, 40)), min_size=10, max_size=60)


def play(n: int, skews: list[int], history_steps: list[tuple]) -> History:
    wall = FakeWall()
    devices = [device(NODES[i], _SkewedWall(wall, skews[i])) for i in range(n)]
    h = History(devices, wall, [set() for _ in range(n)])
    for x in range(2):  # a plan everyone starts from, so that most edits meet
        run(h, "create", 0, 0, x, 2)
    for r in range(1, n):
        _sync(h, r, 0, 1)
    for kind, r, s, x, y in history_steps:
        run(h, kind, r % n, s % n, x, y)
    return h


class _SkewedWall(FakeWall):
    """A device's view of the shared wall clock, off by a fixed amount."""

    def __init__(self, shared: FakeWall, skew: int) -> None:
        super().__init__(skew=skew)
        self.shared = shared

    def __call__(self) -> int:
        return self.shared.millis + self.skew


skews = st.lists(st.integers(-500, 500), min_size=4, max_size=4)


@settings(max_examples=700, deadline=None)
@given(st.integers(2, 4), skews, steps)
def test_merge_is_commutative_associative_and_idempotent(n, skew, history_steps):
    h = play(n, skew, history_steps)
    states = [d.state for d in h.devices] + h.snapshots[-2:]
    for a in states:
        assert merge(a, a) == a
        for b in states:
            ab = merge(a, b)
            assert ab == merge(b, a)
            assert merge(ab, b) == ab
    for a, b, c in itertools.product(states[:3], states[-3:], states[1:4]):
        assert merge(merge(a, b), c) == merge(a, merge(b, c))


@settings(max_examples=700, deadline=None)
@given(st.integers(2, 4), skews, steps)
def test_after_everyone_exchanged_all_devices_agree_and_no_edit_is_lost(n, skew, history_steps):
    h = play(n, skew, history_steps)
    exchange(*h.devices)
    first = h.devices[0]
    for c in conflicts(first.state):
        event(f"conflict: {c['kind']}")
    for other in h.devices[1:]:
        assert other.state == first.state
        assert current_tables(other.state) == current_tables(first.state)
        assert conflicts(other.state) == conflicts(first.state)
    _assert_nothing_lost(h, first.state)


def _assert_nothing_lost(h: History, state: State) -> None:
    shown = {(table, row["id"]): row for table, rows in current_tables(state).items()
             for row in rows}
    open_: dict[tuple[str, str, str], list[Any]] = {}
    for c in conflicts(state):
        fkey = "#" if c["field"] is None else c["field"] if c["item"] is None else (
            f"{c['field']}/{c['item']}")
        open_[(c["table"], c["id"], fkey)] = [o["value"] for o in c["others"]]
    for w in h.writes:
        if any(w.stamp in later.saw and later.where == w.where for later in h.writes):
            continue  # superseded by a later edit or resolve that knew it
        table, rid, fkey = w.where
        row = shown.get((table, rid))
        if row is None:
            assert any(d.where[:2] == (table, rid) and not d.value and w.stamp in d.saw
                       for d in h.deletes), f"{w} hidden by a deletion that never saw it"
            continue
        assert w.value == _shown_value(row, fkey) or w.value in open_.get(w.where, []), (
            f"lost: {w}")
    for d in h.deletes:
        if d.value or any(d.stamp in later.saw and later.where == d.where
                          for later in h.deletes):
            continue
        assert (d.where[:2] not in shown) or d.where in open_, f"deletion lost: {d}"


def _shown_value(row: dict[str, Any], fkey: str) -> Any:
    if "/" not in fkey:
        return row.get(fkey)
    item = fkey.split("/")[1]
    return next((i for i in row.get("scores", []) if i["id"] == item), None)


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 4), skews, steps)
def test_resolving_every_conflict_on_one_device_clears_them_everywhere(n, skew, history_steps):
    h = play(n, skew, history_steps)
    exchange(*h.devices)
    first = h.devices[0]
    for c in conflicts(first.state):
        if c["kind"] == "delete":
            first.restore(c["table"], c["id"])
        else:
            first.resolve(c["table"], c["id"], c["field"], c["current"]["value"], c["item"])
    assert conflicts(first.state) == []
    before = current_tables(first.state)
    exchange(*h.devices)
    for other in h.devices:
        assert conflicts(other.state) == []
        assert current_tables(other.state) == before
