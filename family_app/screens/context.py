"""What every screen of one browser tab (one Flet session) shares.

Module globals are shared by every tab, so the unlocked vault, the language and the
flow's draft data live here, on the session, and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

import flet as ft

from family_app import clock
from i18n import SHIPPED, Translator, is_rtl, translator

log = logging.getLogger("onsplan")


def speak(page: ft.Page, lang: str) -> None:
    """The page in the user's language: its layout direction, and the locale Flutter gives
    the page: <html lang>, which tells a screen reader which voice to use (the served client
    sets <html dir> from it, see offline_web.py), and Material's own words (the calendar)."""
    page.rtl = is_rtl(lang)
    page.locale_configuration = ft.LocaleConfiguration(
        supported_locales=[ft.Locale(code) for code in SHIPPED], current_locale=ft.Locale(lang))


@dataclass
class ScreenContext:
    page: ft.Page
    device: Any  # family_app.profiles.device.Device: this device's profiles and preferences
    tr: Translator
    # The profile that is open now, or None while everything is locked.
    opened: Any = None
    # Data a multi-screen flow collects before it is written (e.g. onboarding).
    draft: dict = field(default_factory=dict)
    router: Callable[..., ft.View] | None = None
    # False from the moment the tab's connection drops until it comes back.
    connected: bool = True

    def _(self, message: str) -> str:
        return self.tr.gettext(message)

    def now(self) -> dt.datetime:
        """This moment (aware UTC) from the device's one clock; an open profile keeps the
        same clock, or a test's."""
        return (self.opened or self.device).now()

    def today(self) -> dt.date:
        """The date the family sees: the local date of that clock (clock.py)."""
        return clock.today(self.now)

    def set_language(self, lang: str) -> None:
        self.tr = translator(lang)
        speak(self.page, self.tr.lang)
        self.device.remember_language(self.tr.lang, self.opened)

    def enter(self, opened: Any) -> None:
        """A profile was just unlocked: speak its language and show its home."""
        self.opened = opened
        self.set_language(opened.language or self.tr.lang)
        self.go("home")

    def lock(self) -> str | None:
        """Forget the unlocked profile (if any); returns its id for the lock screen."""
        if self.opened is None:
            return None
        profile_id = self.opened.profile.id
        self.opened.lock()
        self.opened = None
        return profile_id

    def disconnected(self) -> None:
        """The tab was closed, reloaded or lost its connection: lock at once.

        Flet keeps the session for a while and gives it back to a tab that comes with its
        id, so what that tab will find is the start (lock) screen, and no draft.
        """
        self.connected = False
        self.lock()
        self.draft.clear()
        self.go("start")
        log.info("a tab lost its connection: its profile is locked")

    def reconnected(self) -> None:
        self.connected = True
        log.info("a tab came back: it starts at the lock screen")
        if self.opened is not None:   # cannot happen (see go), but never show a plan then
            self.lock()
            self.go("start")

    def go(self, screen: str, **params: Any) -> None:
        """Replace what the tab shows by another screen."""
        if not self.connected:
            # An unlock that finished after the tab went away opens nothing.
            self.lock()
            self.draft.clear()
        view = self.router(self, screen, **params)
        self.page.views.clear()
        self.page.views.append(view)
        self.page.update()
