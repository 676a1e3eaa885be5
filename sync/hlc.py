"""Hybrid logical clock: stamps that follow the wall clock yet never run backwards.

A stamp is (wall millis, counter, node id). Stamps compare as tuples, so they are totally
ordered, and two devices never make the same stamp because the node id breaks every tie.
A device's clock issues strictly increasing stamps, even when its wall clock jumps back,
and after `observe(stamp)` the next stamp is later than the one observed, so an edit made
after receiving changes is always stamped later than everything received.

Encodings: `encode()` gives `[millis, counter, node]` (small in CBOR); `key()` gives a
fixed-width string whose string order is the stamp order, e.g. "019a4c1e2f00-000003-a1".
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

MILLIS_DIGITS = 12   # hex digits: room until the year 10889
COUNTER_DIGITS = 6
MAX_MILLIS = 16 ** MILLIS_DIGITS - 1
MAX_COUNTER = 16 ** COUNTER_DIGITS - 1
_NODE = re.compile(r"[0-9A-Za-z_]{1,64}")
_KEY = re.compile(r"([0-9a-f]{%d})-([0-9a-f]{%d})-(.+)" % (MILLIS_DIGITS, COUNTER_DIGITS))


class BadStamp(ValueError):
    """A stamp or node id that does not have the documented shape."""


def check_node(node: Any) -> str:
    """A node id is 1-64 letters, digits or underscores (a uuid4 hex fits)."""
    if not isinstance(node, str) or not _NODE.fullmatch(node):
        raise BadStamp(f"not a node id: {node!r}")
    return node


class Stamp(NamedTuple):
    millis: int
    counter: int
    node: str

    def key(self) -> str:
        """Sortable text form: string order equals stamp order."""
        return f"{self.millis:0{MILLIS_DIGITS}x}-{self.counter:0{COUNTER_DIGITS}x}-{self.node}"

    def encode(self) -> list[Any]:
        return [self.millis, self.counter, self.node]

    @classmethod
    def decode(cls, raw: Any) -> "Stamp":
        """Read `encode()` output (a list) or `key()` output (a string)."""
        if isinstance(raw, str):
            match = _KEY.fullmatch(raw)
            if not match:
                raise BadStamp(f"not a stamp: {raw!r}")
            return cls.make(int(match[1], 16), int(match[2], 16), match[3])
        if isinstance(raw, (list, tuple)) and len(raw) == 3:
            return cls.make(*raw)
        raise BadStamp(f"not a stamp: {raw!r}")

    @classmethod
    def make(cls, millis: Any, counter: Any, node: Any) -> "Stamp":
        """A stamp from parts read from outside, checked."""
        for part, high in ((millis, MAX_MILLIS), (counter, MAX_COUNTER)):
            if type(part) is not int or not 0 <= part <= high:
                raise BadStamp(f"stamp part out of range: {part!r}")
        return cls(millis, counter, check_node(node))


class Clock:
    """One device's clock. `wall` returns milliseconds since the epoch (injected)."""

    def __init__(self, node: str, wall: Callable[[], int]) -> None:
        self.node = check_node(node)
        self._wall = wall
        self._last = (0, 0)  # (millis, counter) of the latest stamp issued or observed

    def now(self) -> Stamp:
        """A stamp later than every stamp this clock issued or observed."""
        wall = int(self._wall())
        millis, counter = self._last
        if wall > millis:
            millis, counter = wall, 0
        elif counter < MAX_COUNTER:
            counter += 1
        else:  # a burst of 16M stamps in one millisecond: borrow the next millisecond
            millis, counter = millis + 1, 0
        if millis > MAX_MILLIS:
            raise BadStamp("clock beyond the year 10889")
        self._last = (millis, counter)
        return Stamp(millis, counter, self.node)

    def observe(self, stamp: Stamp) -> None:
        """Remember a received stamp so that `now()` moves past it."""
        self._last = max(self._last, (stamp.millis, stamp.counter))

    @property
    def last(self) -> tuple[int, int]:
        return self._last
