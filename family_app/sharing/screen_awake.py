"""While codes are on screen, the screen stays on and bright; after, it is as it was.

A begeleider's phone may need a while to read every frame; a screen that dims or locks in
the meantime, or a dim screen the camera reads badly, breaks the scan. So while the codes
are shown the app asks the system to keep the screen on (a wakelock) and, in the app on a
phone, for full brightness; when the codes leave the screen (another screen, the lock, the
app closing), both go back.

Keeping the screen on and the brightness are best effort: a browser may refuse the wakelock
(the Screen Wake Lock API), a desktop has no brightness for an app, and a failure must
never break the share screen, so every call is guarded and only logged. The app's own
brightness and wakelock hold only while its window is in front: Android and iOS give the
screen back when the app goes to the background (screen_brightness's auto reset, on by
default). The services are Flet's (``ft.Wakelock``, ``ft.ScreenBrightness``); anything with
their async methods will do, so this is tested with fakes.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable

from family_app.sharing.camera_permission import in_phone_app

log = logging.getLogger(__name__)

FULL = 1.0  # screen_brightness's range is 0.0..1.0


def brightens(page: Any) -> bool:
    """Only the app on a phone can set its brightness (Flet's ScreenBrightness refuses the
    rest); a wakelock is asked everywhere."""
    return in_phone_app(page)


class KeepAwake:
    """``codes_shown`` when codes appear, ``codes_gone`` when they leave; either twice in a
    row does nothing more."""

    def __init__(self, wakelock: Any, brightness: Any | None = None) -> None:
        self.wakelock = wakelock
        self.brightness = brightness
        self.shown = False

    async def codes_shown(self) -> None:
        if self.shown:
            return
        self.shown = True
        await _quietly(self.wakelock.enable)
        if self.brightness is not None and self.shown:  # not gone in the meantime
            await _quietly(self.brightness.set_application_screen_brightness, FULL)

    async def codes_gone(self) -> None:
        if not self.shown:
            return
        self.shown = False
        await _quietly(self.wakelock.disable)
        if self.brightness is not None:
            await _quietly(self.brightness.reset_application_screen_brightness)


async def _quietly(method: Callable[..., Awaitable[Any]], *args: Any) -> None:
    try:
        await method(*args)
    except Exception:  # noqa: BLE001 - unsupported here, or the page is gone: only a nicety
        log.debug("%s did not work here", getattr(method, "__name__", method), exc_info=True)
