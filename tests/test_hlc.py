"""Hybrid logical clock: stamps with an injected wall clock."""
from __future__ import annotations

import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.hlc import MAX_COUNTER, MAX_MILLIS, BadStamp, Clock, Stamp


class FakeWall:
    def __init__(self, millis: int = 1_000) -> None:
        self.millis = millis

    def __call__(self) -> int:
        return self.millis


def test_stamps_follow_the_wall_clock_when_it_moves_on():
    wall = FakeWall(5_000)
    clock = Clock("a1", wall)
    assert clock.now() == Stamp(5_000, 0, "a1")
    wall.millis = 7_000
    assert clock.now() == Stamp(7_000, 0, "a1")


def test_stamps_keep_increasing_when_the_wall_clock_stands_still_or_goes_back():
    wall = FakeWall(5_000)
    clock = Clock("a1", wall)
    first, second = clock.now(), clock.now()
    wall.millis = 1_000  # the phone's clock was set back
    third = clock.now()
    assert first < second < third
    assert third == Stamp(5_000, 2, "a1")


def test_after_observing_a_stamp_the_next_one_is_later():
    clock = Clock("a1", FakeWall(1_000))
    received = Stamp(9_000, 4, "b2")  # a device whose clock runs ahead
    clock.observe(received)
    assert clock.now() == Stamp(9_000, 5, "a1")
    clock.observe(Stamp(2_000, 0, "b2"))  # an older stamp changes nothing
    assert clock.now() == Stamp(9_000, 6, "a1")


def test_a_stamp_equal_to_an_observed_one_is_still_later_whatever_the_node_names():
    clock = Clock("a", FakeWall(1_000))
    clock.observe(Stamp(1_000, 0, "zzz"))
    assert clock.now() > Stamp(1_000, 0, "zzz")


def test_a_full_counter_borrows_the_next_millisecond():
    clock = Clock("a1", FakeWall(1_000))
    clock.observe(Stamp(1_000, MAX_COUNTER, "b2"))
    assert clock.now() == Stamp(1_001, 0, "a1")


def test_a_clock_pushed_to_the_last_possible_stamp_refuses_to_go_on():
    clock = Clock("a1", FakeWall(1_000))
    clock.observe(Stamp(MAX_MILLIS, MAX_COUNTER, "b2"))
    with pytest.raises(BadStamp):
        clock.now()


def test_node_ids_are_checked():
    for bad in ("", "a b", "a-b", "x" * 65, 7):
        with pytest.raises(BadStamp):
            Clock(bad, FakeWall())  # type: ignore[arg-type]


def test_encodings_round_trip():
    stamp = Stamp(1_767_225_600_000, 3, "f0e1d2")
    assert stamp.key() == "019b76daa800-000003-f0e1d2"  # 2026-01-01 00:00 UTC
    assert Stamp.decode(stamp.key()) == stamp
    assert Stamp.decode(stamp.encode()) == stamp
    assert Stamp.decode(cbor2.loads(cbor2.dumps(stamp.encode()))) == stamp
    assert len(cbor2.dumps(stamp.encode())) <= 18


@pytest.mark.parametrize("raw", [
    "019b7741f400-3-f0e1d2", "019b7741f400-000003-", "nonsense", [1, 2], [1, -2, "a"],
    [1.5, 0, "a"], [1, 0, "a b"], [True, 0, "a"], None, {"millis": 1},
])
def test_malformed_stamps_are_refused(raw):
    with pytest.raises(BadStamp):
        Stamp.decode(raw)


stamps = st.builds(Stamp, st.integers(0, 16 ** 12 - 1), st.integers(0, MAX_COUNTER),
                   st.text("abcXYZ019_", min_size=1, max_size=8))


@settings(max_examples=200)
@given(st.lists(stamps, min_size=2, max_size=20))
def test_the_text_form_sorts_like_the_stamps(found):
    assert sorted(found, key=Stamp.key) == sorted(found)


realistic = st.builds(Stamp, st.integers(0, 16 ** 11), st.integers(0, MAX_COUNTER),
                      st.text("abcXYZ019_", min_size=1, max_size=8))


@settings(max_examples=100)
@given(st.lists(st.one_of(st.integers(0, 10_000).map(lambda w: ("wall", w)),
                          realistic.map(lambda s: ("observe", s))), max_size=30))
def test_every_stamp_is_later_than_all_issued_and_observed_before(events):
    wall = FakeWall(0)
    clock = Clock("me", wall)
    before: list[Stamp] = []
    for kind, value in events:
        if kind == "wall":
            wall.millis = value
        else:
            clock.observe(value)
            before.append(value)
        stamp = clock.now()
        assert all(stamp > earlier for earlier in before)
        before.append(stamp)
