"""While codes are on screen the screen stays on and bright (sharing/screen_awake.py), with
fake Flet services; and the QR codes' control asks for it and gives it back."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

import flet as ft
import pytest

from family_app.screens.sharing.qr_frames import QrFrames
from family_app.sharing.screen_awake import FULL, KeepAwake, brightens
from tests.helpers.screens import FakePage, run_alone


class FakeService:
    """Records each call; raises when told, as a browser without the API would."""

    def __init__(self, calls: list, fails: bool = False):
        self.calls, self.fails = calls, fails

    def __getattr__(self, name):
        async def method(*args):
            self.calls.append((name, *args))
            if self.fails:
                raise RuntimeError(f"{name} is not supported here")
        return method


def keep_awake(fails=False, brightness=True):
    calls = []
    return KeepAwake(FakeService(calls, fails),
                     FakeService(calls, fails) if brightness else None), calls


def test_codes_on_screen_keep_it_on_and_bright_and_off_screen_as_it_was():
    awake, calls = keep_awake()
    run_alone(awake.codes_shown())
    assert calls == [("enable",), ("set_application_screen_brightness", FULL)]
    run_alone(awake.codes_gone())
    assert calls[2:] == [("disable",), ("reset_application_screen_brightness",)]


def test_twice_in_a_row_does_nothing_more():
    awake, calls = keep_awake()
    run_alone(awake.codes_gone())  # never shown: nothing to give back
    assert calls == []
    for _ in range(2):
        run_alone(awake.codes_shown())
    for _ in range(2):
        run_alone(awake.codes_gone())
    assert [c[0] for c in calls] == ["enable", "set_application_screen_brightness",
                                     "disable", "reset_application_screen_brightness"]


def test_without_brightness_only_the_wakelock():
    awake, calls = keep_awake(brightness=False)
    run_alone(awake.codes_shown())
    run_alone(awake.codes_gone())
    assert calls == [("enable",), ("disable",)]


def test_a_platform_that_refuses_never_breaks_the_share_screen(caplog):
    awake, calls = keep_awake(fails=True)
    with caplog.at_level("DEBUG", logger="family_app.sharing.screen_awake"):
        run_alone(awake.codes_shown())
        run_alone(awake.codes_gone())
    assert len(calls) == 4  # each was tried, none raised
    assert "did not work here" in caplog.text


def test_gone_while_appearing_leaves_the_brightness_alone():
    """The codes leave while the wakelock is still being asked for: no brightness after."""
    calls = []

    class SlowWakelock(FakeService):
        def __getattr__(self, name):
            async def method(*args):
                calls.append((name,))
                await asyncio.sleep(0.01)
            return method

    awake = KeepAwake(SlowWakelock(calls), FakeService(calls))

    async def both():
        shown = asyncio.create_task(awake.codes_shown())
        await asyncio.sleep(0)
        await awake.codes_gone()
        await shown

    run_alone(both())
    assert ("set_application_screen_brightness", FULL) not in calls


class Page(FakePage):
    def __init__(self, platform, web):
        super().__init__()
        self.platform, self.web, self.tasks = platform, web, []

    def run_task(self, handler, *args):
        self.tasks.append(handler)


@pytest.mark.parametrize("platform, web, bright", [
    (ft.PagePlatform.ANDROID, False, True), (ft.PagePlatform.IOS, False, True),
    (ft.PagePlatform.ANDROID, True, False), (ft.PagePlatform.LINUX, True, False)])
def test_the_codes_ask_for_flets_services(platform, web, bright):
    page = Page(platform, web)
    assert brightens(page) is bright
    ctx = SimpleNamespace(_=lambda text: text, page=page)
    codes = QrFrames(ctx, ["ONSPLAN:1/2:abc", "ONSPLAN:2/2:def"])
    assert isinstance(codes.awake.wakelock, ft.Wakelock)
    assert isinstance(codes.awake.brightness, ft.ScreenBrightness) is bright
    codes.will_unmount()  # another screen, or the lock: the tab's page gives the screen back
    assert page.tasks == [codes.awake.codes_gone]
