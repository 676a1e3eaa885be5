"""Devices for merge tests: replicas with fake wall clocks and predictable ids (no tests here)."""
from __future__ import annotations

from sync.merge import Clock, Replica, ids_from


class FakeWall:
    """A wall clock the test sets; `skew` makes one device run ahead or behind."""

    def __init__(self, millis: int = 1_000_000, skew: int = 0) -> None:
        self.millis = millis
        self.skew = skew

    def __call__(self) -> int:
        return self.millis + self.skew

    def tick(self, millis: int = 1) -> None:
        self.millis += millis


def device(node: str, wall: FakeWall | None = None) -> Replica:
    return Replica(Clock(node, wall or FakeWall()), new_id=ids_from(f"{node}_r"))


def exchange(*replicas: Replica) -> None:
    """Everyone gets everything: merge all into the first, then back to the others."""
    first, *rest = replicas
    for other in rest:
        first.merge(other.state)
    for other in rest:
        other.merge(first.state)
