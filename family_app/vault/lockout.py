"""Growing delays after wrong secrets, remembered across reloads and restarts.

This slows down someone guessing a PIN through the app. It does not stop someone who
copies the vault file and runs scrypt themselves; scrypt's cost is that barrier (see
docs/threat-model.md). The state holds no family data: a count and a time.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Callable

from .atomic import read_bytes, write_atomically

FREE_ATTEMPTS = 2          # typos happen: the first two mistakes cost nothing
FIRST_DELAY = 5.0          # seconds after the third wrong secret, doubling after that
MAX_DELAY = 15 * 60.0


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong secrets in a row: 0, 0, 5, 10, 20 ... 900."""
    if failures <= FREE_ATTEMPTS:
        return 0.0
    doublings = failures - FREE_ATTEMPTS - 1
    if doublings >= 16:    # long past the cap; avoids huge powers
        return MAX_DELAY
    return min(FIRST_DELAY * 2 ** doublings, MAX_DELAY)


class Lockout:
    """Per-profile attempt counter, stored as a small JSON file written atomically."""

    def __init__(self, state_path: str | os.PathLike,
                 clock: Callable[[], float] = time.time) -> None:
        self.state_path = Path(state_path)
        self._clock = clock
        self.failures, self._not_before = self._load()

    def _load(self) -> tuple[int, float]:
        raw = read_bytes(self.state_path)
        if raw is None:
            return 0, 0.0
        try:
            state = json.loads(raw)
            failures, not_before = int(state["failures"]), float(state["not_before"])
        except (ValueError, KeyError, TypeError):
            # Damaged state: resume at the first real delay rather than at zero, so that
            # breaking the file does not reset the count to free attempts.
            return FREE_ATTEMPTS + 1, 0.0
        return max(failures, 0), not_before

    def _save(self) -> None:
        state = {"failures": self.failures, "not_before": self._not_before}
        write_atomically(self.state_path, json.dumps(state).encode(), keep_backup=False)

    def wait_seconds(self) -> float:
        """How long until the next attempt is allowed; 0 when it is allowed now."""
        # Capped, so a clock moved backwards cannot lock the family out for longer.
        return min(max(self._not_before - self._clock(), 0.0), MAX_DELAY)

    def record_failure(self) -> float:
        """Count a wrong secret; returns the delay that now applies."""
        self.failures += 1
        delay = delay_after(self.failures)
        self._not_before = self._clock() + delay
        self._save()
        return delay

    def record_success(self) -> None:
        if self.failures or self._not_before:
            self.failures, self._not_before = 0, 0.0
            self._save()

    def reset(self) -> None:
        """Forget all failures (after a recovery) and remove the state file."""
        self.failures, self._not_before = 0, 0.0
        try:
            os.remove(self.state_path)
        except FileNotFoundError:
            pass
