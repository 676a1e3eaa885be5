"""The few building blocks every screen uses: a phone-first page, big buttons, messages.

Touch targets are at least 56 px high and every button has an icon beside its word,
for parents with little time, a cracked screen or little reading practice.
"""

from __future__ import annotations

import asyncio
import math
from typing import Callable, Sequence

import flet as ft

from family_app.profiles import onboarding
from i18n import isolate, text_direction
from i18n.problems import Problem

from family_app.screens.context import ScreenContext

BUTTON_HEIGHT = 56
MAX_WIDTH = 560
ERROR_COLOR = ft.Colors.RED_800


def screen(ctx: ScreenContext, title: str, controls: Sequence[ft.Control], *,
           back: Callable | None = None, actions: Sequence[ft.Control] = (),
           key: str = "") -> ft.View:
    """One screen: a title bar (with back when there is somewhere to go back to) over a
    centred, scrollable column that never grows wider than a phone held sideways."""
    leading = None
    if back is not None:
        leading = ft.IconButton(ft.Icons.ARROW_BACK, tooltip=ctx._("Back"), on_click=back,
                                key="back")
    appbar = ft.AppBar(title=ft.Text(title, key="screen-title"), leading=leading,
                       automatically_imply_leading=False, actions=list(actions),
                       bgcolor=ft.Colors.TEAL_50)
    body = ft.Container(
        content=ft.Column(list(controls), spacing=16, tight=True,
                          horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        width=MAX_WIDTH, padding=ft.Padding.symmetric(horizontal=16, vertical=12))
    return ft.View(route=f"/{key}", appbar=appbar, scroll=ft.ScrollMode.AUTO,
                   horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                   controls=[body], padding=0)


def primary_button(text: str, icon: ft.IconData, on_click: Callable, *, key: str = "",
                   disabled: bool = False) -> ft.Control:
    return ft.FilledButton(text, icon=icon, on_click=on_click, key=key or None,
                           disabled=disabled, height=BUTTON_HEIGHT)


def secondary_button(text: str, icon: ft.IconData, on_click: Callable, *,
                     key: str = "") -> ft.Control:
    return ft.OutlinedButton(text, icon=icon, on_click=on_click, key=key or None,
                             height=BUTTON_HEIGHT)


def heading(text: str) -> ft.Text:
    return ft.Text(text, size=22, weight=ft.FontWeight.BOLD)


def paragraph(text: str, *, key: str = "") -> ft.Text:
    return ft.Text(text, size=16, key=key or None)


class Message(ft.Row):
    """A one-line message with an icon; empty and hidden until something is said."""

    def __init__(self, key: str = "message"):
        self.icon = ft.Icon(ft.Icons.ERROR_OUTLINE, color=ERROR_COLOR)
        self.text = ft.Text("", color=ERROR_COLOR, size=16, expand=True, key=key)
        super().__init__([self.icon, self.text], visible=False)

    def say(self, text: str, *, ok: bool = False) -> None:
        color = ft.Colors.GREEN_800 if ok else ERROR_COLOR
        self.icon.icon = ft.Icons.CHECK_CIRCLE_OUTLINE if ok else ft.Icons.ERROR_OUTLINE
        self.icon.color = self.text.color = color
        self.text.value = text
        self.visible = bool(text)

    def clear(self) -> None:
        self.say("")


def secret_field(label: str, *, key: str, on_submit: Callable | None = None) -> ft.TextField:
    return text_field(label=label, password=True, can_reveal_password=True, key=key,
                      on_submit=on_submit, text_size=18,
                      prefix_icon=ft.Icons.PASSWORD)


def text_field(**options) -> ft.TextField:
    """Every text field of the app. It has a change handler: then Flet's client sends each
    keystroke's value as an event, in order with the tap that follows. Without one the
    value can trail the tap of "Save" or "Open" on a busy phone, and the server would
    see what was there before (found with a PIN checked as empty under load)."""
    options.setdefault("on_change", _value_arrived)
    return ft.TextField(**options)


def _value_arrived(_event) -> None:
    """Nothing to do: the event itself carries the value to the server."""


def translated_problem(ctx: ScreenContext, error: Exception) -> str:
    """The user's-language text of a Problem, from any layer (they carry English ids)."""
    problem = getattr(error, "problem", None)
    if not problem:
        return ctx._("Something went wrong. Please try again.")
    params = getattr(error, "params", {}) or {}
    return ctx._(problem).format(**params)


def refuse_new_secret(ctx: ScreenContext, first: ft.TextField, second: ft.TextField,
                      message: "Message", *, purpose: str) -> bool:
    """Say in ``message`` why a new PIN or passphrase typed twice cannot be used; True
    when it was refused (False, and the message cleared, when it can be used).

    A young person's profile needs the stronger secret (``purpose`` "youth"). On a
    problem both fields are emptied: they cannot be seen, so they are typed again together.
    """
    message.clear()
    problem = None
    if first.value != second.value:
        problem = ctx._("The two entries are not the same. Please type them again.")
    else:
        try:
            onboarding.check_secret(first.value, purpose)
        except Problem as error:
            problem = translated_problem(ctx, error)
    if problem:
        first.value = second.value = ""
        message.say(problem)
    return problem is not None


def busy_note(text: str, *, key: str | None = None) -> ft.Row:
    """A spinner and what is going on, shown while scrypt works (hidden until then)."""
    return ft.Row([ft.ProgressRing(width=24, height=24), ft.Text(text, expand=True)],
                  visible=False, key=key)


def refused(ctx: ScreenContext, error: Exception, message: "Message", button: ft.Control):
    """Say why a PIN, passphrase or recovery code was refused. After several wrong tries
    the next one must wait: count that down, with ``button`` off, so the user sees why
    nothing happens. Returns the countdown's task (keep it) or None."""
    delay = getattr(error, "wait_seconds", 0)
    if delay > 0:
        return ctx.page.run_task(_wait_out, ctx, message, button, delay)
    message.say(translated_problem(ctx, error))
    return None


async def _wait_out(ctx: ScreenContext, message: "Message", button: ft.Control,
                    seconds: float) -> None:
    button.disabled = True
    for left in range(math.ceil(seconds), 0, -1):
        message.say(ctx.tr.ngettext(
            "That is not right. Try again in {n} second.",
            "That is not right. Try again in {n} seconds.", left).format(n=left))
        ctx.page.update()
        await asyncio.sleep(1)
    button.disabled = False
    message.say(ctx._("That is not right. You can try again now."))
    ctx.page.update()


def rollback_banner(ctx: ScreenContext) -> list[ft.Control]:
    """On a home screen just after unlocking: the file opened is older than the newest
    this device has seen, so later changes are missing. Shown until the user says so."""
    notice = ctx.opened.rollback_notice()
    if notice is None:
        return []
    message = Message(key="rollback-notice")
    message.say(translated_problem(ctx, notice))

    def seen(_event=None):
        ctx.opened.dismiss_rollback_notice()
        banner.visible = False

    banner = ft.Container(ft.Column([
        message,
        ft.TextButton(ctx._("I understand"), icon=ft.Icons.CHECK, on_click=seen,
                      key="rollback-seen")], spacing=4),
        bgcolor=ft.Colors.AMBER_50, border=ft.Border.all(1, ft.Colors.AMBER_700),
        border_radius=8, padding=12, key="rollback-banner")
    return [banner]


def new_keys_button(ctx: ScreenContext) -> ft.Control:
    """On every home: the way to a new PIN and recovery code (screens/new_keys.py)."""
    return secondary_button(ctx._("Someone may know my PIN"), ft.Icons.LOCK_RESET,
                            lambda: ctx.go("new_keys"), key="new-keys")


def lock_button(ctx: ScreenContext) -> ft.Control:
    """On the family's and the begeleider's home: lock the tab, back to the lock screen."""
    def lock(_event=None):
        ctx.go("unlock", profile_id=ctx.lock())

    return ft.TextButton(ctx._("Lock"), icon=ft.Icons.LOCK, on_click=lock, key="lock")


def language_button(ctx: ScreenContext, *, then: tuple[str, dict]) -> ft.Control:
    """A button on the title bar that opens the language screen and comes back here."""
    screen_name, params = then
    return ft.IconButton(ft.Icons.TRANSLATE, tooltip=ctx._("Language"), key="language-menu",
                         on_click=lambda: ctx.go("language", then=screen_name, then_params=params))


def confirm(ctx: ScreenContext, *, title: str, body: str, yes: str, on_yes: Callable) -> None:
    """Ask before something is removed; nothing happens unless the user says yes."""
    def answer(confirmed: bool):
        def handler(_event=None):
            ctx.page.pop_dialog()
            if confirmed:
                on_yes()
        return handler

    ctx.page.show_dialog(ft.AlertDialog(
        modal=True, title=ft.Text(title), content=ft.Text(body, size=16),
        actions=[ft.TextButton(ctx._("No, keep it"), icon=ft.Icons.CLOSE, on_click=answer(False),
                               key="confirm-no"),
                 ft.FilledButton(yes, icon=ft.Icons.DELETE, on_click=answer(True), key="confirm-yes",
                                 style=ft.ButtonStyle(bgcolor=ft.Colors.RED_700))]))


def family_text(text: str, *, size: int = 17, key: str = "", **style) -> ft.Text:
    """The family's own words: their direction follows the text, not the screen, so an
    Arabic goal stays right to left in an English screen and a Dutch one left to right
    in an Arabic screen."""
    align = ft.TextAlign.RIGHT if text_direction(text) == "rtl" else ft.TextAlign.LEFT
    return ft.Text(isolate(text), size=size, text_align=align, key=key or None, **style)


def card_tile(title: str, subtitle: str = "", *, icon: ft.IconData | None = None,
              on_click: Callable | None = None, key: str = "", highlight: bool = False,
              trailing: ft.Control | None = None) -> ft.Control:
    """A record in a list: long texts wrap, never cut off; the whole card is one target."""
    return ft.Card(ft.ListTile(
        leading=ft.Icon(icon, color=ft.Colors.TEAL_700) if icon else None,
        title=family_text(title), subtitle=family_text(subtitle, size=15) if subtitle else None,
        trailing=trailing if trailing is not None else (ft.Icon(ft.Icons.CHEVRON_RIGHT) if on_click else None),
        on_click=on_click, min_height=BUTTON_HEIGHT, key=key or None),
        bgcolor=ft.Colors.AMBER_50 if highlight else None)
