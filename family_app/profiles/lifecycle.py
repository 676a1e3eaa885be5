"""Phone life: the open profile locks when the app was in the background too long.

A parent puts the phone down with the plan open, or switches to a chat app. Coming back
within ``LOCK_AFTER_SECONDS`` the plan is still there (a short look elsewhere, the system's
file picker, a permission dialog); after longer, the lock screen. Leaving the app for good
(``detach``) locks at once.

The app shell passes Flet's app lifecycle states by name (``ft.AppLifecycleState.value``):
"hide" and "pause" mean the app went to the background, "show", "resume" and "restart" that
it came back; "inactive" (a phone call, a system dialog such as the camera permission) is
neither. Plain Python, so the rule is tested with events and a fake clock, without a phone.
"""
from __future__ import annotations

import time
from typing import Callable, Sequence

LOCK_AFTER_SECONDS = 60.0
AWAY = frozenset({"hide", "pause"})
BACK = frozenset({"show", "resume", "restart"})
GONE = frozenset({"detach"})

Seconds = Callable[[], float]
# Two clocks, and the longer time away counts: the monotonic clock can stop while a phone
# sleeps (Linux's CLOCK_MONOTONIC, Android's too), and the wall clock can be set back.
CLOCKS: tuple[Seconds, ...] = (time.monotonic, time.time)


class AwayLock:
    """Feed it every lifecycle state; it calls ``lock`` when the app comes back after more
    than ``after`` seconds away, or leaves for good."""

    def __init__(self, lock: Callable[[], None], *, after: float = LOCK_AFTER_SECONDS,
                 clocks: Sequence[Seconds] = CLOCKS) -> None:
        self._lock = lock
        self.after = after
        self._clocks = tuple(clocks)
        self._left: tuple[float, ...] | None = None  # each clock's reading when the app left

    @property
    def away(self) -> bool:
        return self._left is not None

    def seconds_away(self) -> float:
        """How long the app has been in the background (0 when it is not)."""
        if self._left is None:
            return 0.0
        return max(clock() - left for clock, left in zip(self._clocks, self._left))

    def changed(self, state: str) -> bool:
        """The app's new lifecycle state; True when this locked the profile."""
        if state in GONE:
            self._left = None
            self._lock()
            return True
        if state in AWAY:
            if self._left is None:  # "hide" then "pause": away since the first
                self._left = tuple(clock() for clock in self._clocks)
            return False
        if state in BACK and self._left is not None:
            too_long = self.seconds_away() > self.after
            self._left = None
            if too_long:
                self._lock()
            return too_long
        return False
