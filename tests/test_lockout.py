"""Growing delays after wrong secrets, with an injected clock: no sleeping."""
from __future__ import annotations

import pytest

from family_app.vault import Lockout
from family_app.vault.lockout import MAX_DELAY, delay_after


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def state(tmp_path):
    return tmp_path / "p.lockout.json"


def test_the_delay_schedule():
    assert [delay_after(n) for n in range(1, 11)] == [0, 0, 5, 10, 20, 40, 80, 160, 320, 640]
    assert delay_after(11) == delay_after(12) == delay_after(10_000) == MAX_DELAY == 900


def test_two_mistakes_are_free_the_third_costs_five_seconds(state, clock):
    lockout = Lockout(state, clock=clock)
    assert lockout.wait_seconds() == 0
    assert lockout.record_failure() == 0 and lockout.wait_seconds() == 0
    assert lockout.record_failure() == 0 and lockout.wait_seconds() == 0
    assert lockout.record_failure() == 5
    assert lockout.wait_seconds() == 5
    clock.now += 3
    assert lockout.wait_seconds() == 2
    clock.now += 2
    assert lockout.wait_seconds() == 0
    assert lockout.record_failure() == 10


def test_a_restart_does_not_reset_the_count(state, clock):
    first = Lockout(state, clock=clock)
    for _ in range(4):
        first.record_failure()
    clock.now += 1
    again = Lockout(state, clock=clock)        # a reload, a new process
    assert again.failures == 4
    assert again.wait_seconds() == 9
    assert again.record_failure() == 20


def test_success_clears_the_count(state, clock):
    lockout = Lockout(state, clock=clock)
    for _ in range(3):
        lockout.record_failure()
    clock.now += 5
    lockout.record_success()
    assert Lockout(state, clock=clock).failures == 0
    assert Lockout(state, clock=clock).record_failure() == 0


def test_success_without_failures_writes_nothing(state, clock):
    Lockout(state, clock=clock).record_success()
    assert not state.exists()


def test_the_delay_is_capped_even_when_the_clock_goes_back(state, clock):
    lockout = Lockout(state, clock=clock)
    for _ in range(30):
        lockout.record_failure()
    assert lockout.wait_seconds() == MAX_DELAY
    clock.now -= 86_400                        # someone set the device a day back
    assert lockout.wait_seconds() == MAX_DELAY


def test_a_damaged_state_file_does_not_give_free_attempts(state, clock):
    state.write_text("{not json")
    lockout = Lockout(state, clock=clock)
    assert lockout.wait_seconds() == 0
    assert lockout.record_failure() == 10      # resumes at the fourth failure


def test_reset_forgets_everything(state, clock):
    lockout = Lockout(state, clock=clock)
    for _ in range(5):
        lockout.record_failure()
    lockout.reset()
    assert not state.exists()
    assert lockout.wait_seconds() == 0
    assert Lockout(state, clock=clock).failures == 0
