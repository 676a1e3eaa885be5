"""Phone life: the app locks after more than a minute in the background (lifecycle.py),
shown with Flet's lifecycle states delivered to the use case and to the app shell's hook,
and a fake clock: no phone needed."""
from __future__ import annotations

from types import SimpleNamespace

import flet as ft
import pytest

from family_app.app import lock_when_away
from family_app.profiles import lifecycle
from family_app.profiles.lifecycle import LOCK_AFTER_SECONDS, AwayLock
from tests.helpers.screens import FakePage


class Clock:
    def __init__(self, at: float = 1000.0):
        self.at = at

    def __call__(self) -> float:
        return self.at


def away_lock(*clocks):
    locks = []
    return AwayLock(lambda: locks.append("locked"), clocks=clocks or (Clock(),)), locks


def test_the_documented_time_is_a_minute():
    assert LOCK_AFTER_SECONDS == 60


@pytest.mark.parametrize("gone", ["hide", "pause"])
def test_back_within_a_minute_the_plan_is_still_open(gone):
    clock = Clock()
    away, locks = away_lock(clock)
    away.changed("inactive")
    away.changed(gone)
    clock.at += LOCK_AFTER_SECONDS
    assert away.changed("show") is False
    away.changed("resume")
    assert locks == []


@pytest.mark.parametrize("back", ["show", "resume", "restart"])
def test_back_after_more_than_a_minute_it_locks_once(back):
    clock = Clock()
    away, locks = away_lock(clock)
    for state in ("inactive", "hide", "pause"):  # what Flutter says on the way out
        away.changed(state)
        clock.at += 20
    assert away.seconds_away() == 40
    clock.at += 21
    assert away.changed(back) is True
    for state in ("show", "resume"):  # the rest of the way back locks nothing again
        assert away.changed(state) is False
    assert locks == ["locked"]
    assert not away.away


def test_the_time_away_counts_from_the_first_step_out():
    clock = Clock()
    away, locks = away_lock(clock)
    away.changed("hide")
    clock.at += 50
    away.changed("pause")  # still away since "hide", not since now
    clock.at += 11
    away.changed("resume")
    assert locks == ["locked"]


def test_a_system_dialog_is_not_the_background():
    """The camera permission, a phone call: "inactive" only. Minutes of it lock nothing."""
    clock = Clock()
    away, locks = away_lock(clock)
    away.changed("inactive")
    clock.at += 600
    away.changed("resume")
    assert locks == []


def test_leaving_the_app_for_good_locks_at_once():
    away, locks = away_lock()
    assert away.changed("detach") is True
    assert locks == ["locked"]


def test_the_longer_of_the_two_clocks_counts():
    """A sleeping phone can stop the monotonic clock; a wall clock can be set back."""
    monotonic, wall = Clock(), Clock(5_000)
    away, locks = away_lock(monotonic, wall)
    away.changed("pause")
    wall.at += 3600          # a night asleep: the monotonic clock did not move
    away.changed("resume")
    assert locks == ["locked"]
    away.changed("pause")
    monotonic.at += 61       # and someone set the wall clock back an hour meanwhile
    wall.at -= 3600
    away.changed("resume")
    assert locks == ["locked", "locked"]


def test_every_flet_state_is_known():
    """A Flet upgrade that adds a state should be sorted into one of the groups."""
    known = lifecycle.AWAY | lifecycle.BACK | lifecycle.GONE | {"inactive"}
    assert {state.value for state in ft.AppLifecycleState} == known


# --- the app shell's hook ------------------------------------------------------------------

@pytest.fixture
def phone_tab(de_vries):
    from family_app.profiles.device import Device
    from family_app.screens.context import ScreenContext
    from family_app.screens.router import route
    from i18n import translator
    page = FakePage()
    page.platform = ft.PagePlatform.ANDROID
    device = Device(de_vries.vault.path.parent.parent)
    ctx = ScreenContext(page=page, device=device, tr=translator("nl"), router=route)
    ctx.opened = de_vries
    ctx.go("home")
    return ctx


def deliver(page, state: ft.AppLifecycleState) -> None:
    page.on_app_lifecycle_state_change(SimpleNamespace(state=state))


def test_on_a_phone_the_app_goes_to_the_lock_screen_after_a_minute_away(phone_tab):
    clock = Clock()
    lock_when_away(phone_tab.page, phone_tab, clocks=(clock,))
    opened = phone_tab.opened
    phone_tab.draft["device_name"] = "telefoon"
    deliver(phone_tab.page, ft.AppLifecycleState.HIDE)
    clock.at += 30
    deliver(phone_tab.page, ft.AppLifecycleState.SHOW)
    assert phone_tab.opened is opened and phone_tab.page.views[0].route == "/home"
    deliver(phone_tab.page, ft.AppLifecycleState.PAUSE)
    clock.at += 61
    deliver(phone_tab.page, ft.AppLifecycleState.RESUME)
    assert phone_tab.opened is None and phone_tab.draft == {}
    assert phone_tab.page.views[0].route == "/profiles"
    with pytest.raises(RuntimeError, match="closed"):
        opened.vault.table("plan")


def test_a_desktop_browser_tab_gets_no_away_lock(phone_tab):
    phone_tab.page.platform = ft.PagePlatform.LINUX
    lock_when_away(phone_tab.page, phone_tab)
    assert getattr(phone_tab.page, "on_app_lifecycle_state_change", None) is None
