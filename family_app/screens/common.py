"""The few building blocks every screen uses: a phone-first page, big buttons, messages.

Main buttons are 56 px high, every other target at least 48 × 48 px (TARGET), and every
button has an icon beside its word, for parents with little time, a cracked screen or
little reading practice. Every control has a name a screen reader can say, and every
message is said as it appears (docs/accessibility.md).
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
from typing import Callable, Sequence

import flet as ft

from family_app.profiles import onboarding
from i18n import isolate, text_direction
from i18n.problems import Problem

from family_app.screens.context import ScreenContext

BUTTON_HEIGHT = 56
# The smallest touch target, in CSS px: what Android and iOS ask for (WCAG 2.5.8 asks 24).
TARGET = 48
# Around whatever has the keyboard's focus (app.py's theme): 3.9 : 1 or more against
# everything it is drawn on, where Material's own focus tint is 1.2 : 1. Written "#000000":
# Flet's Colors.BLACK draws a grey that is only 4 : 1 on the app's light teal.
FOCUS_RING = ft.BorderSide(3, "#000000")
MAX_WIDTH = 560
ERROR_COLOR = ft.Colors.RED_800


def screen(ctx: ScreenContext, title: str, controls: Sequence[ft.Control], *,
           back: Callable | None = None, actions: Sequence[ft.Control] = (),
           key: str = "") -> ft.View:
    """One screen: a title bar (with back when there is somewhere to go back to) over a
    centred, scrollable column that never grows wider than a phone held sideways."""
    leading = None
    if back is not None:
        leading = icon_button(ft.Icons.ARROW_BACK, ctx._("Back"), back, key="back")
    if ctx.opened is not None and not any(
            getattr(getattr(a, "content", None), "key", None) == "hide-now" for a in actions):
        # Whoever looks over a shoulder can come in on any screen, not only home.
        actions = [*actions, hide_button(ctx)]
    roomy(controls)
    # The browser's title names the screen too: what a screen reader says on arriving (2.4.2).
    ctx.page.title = title if title == "Ons Plan" else f"{title} · Ons Plan"
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


def icon_button(icon: ft.IconData | ft.Control, tooltip: str,
                on_click: Callable | None = None, *, key: str = "",
                **options) -> ft.MergeSemantics:
    """A button that shows only an icon; ``tooltip`` is its name, said by a screen reader.

    Flutter puts an IconButton's tooltip on a node of its own around an unnamed button;
    merged into one node, the button itself carries the name. The button is
    ``.content`` of what is returned."""
    return ft.MergeSemantics(content=ft.IconButton(icon, tooltip=tooltip, on_click=on_click,
                                                   key=key or None, **options))


def roomy(controls: Sequence[ft.Control]) -> None:
    """Every radio button and check box in ``controls`` (at any depth) TARGET px high.

    Flutter draws them 32 px high in a desktop browser and 48 only on a phone, and Flet
    cannot ask for Material's padded tap targets; with a height of their own, a labelled
    one is a row a fingertip can hit. The app theme does the same for buttons (app.py)."""
    seen: set[int] = set()
    stack = list(controls)
    while stack:
        control = stack.pop()
        if not isinstance(control, ft.BaseControl) or id(control) in seen:
            continue
        seen.add(id(control))
        if isinstance(control, (ft.Radio, ft.Checkbox)) and control.height is None:
            control.height = TARGET
        for spec in dataclasses.fields(control):
            if spec.name.startswith("_") or spec.name in ("parent", "page"):
                continue
            value = getattr(control, spec.name, None)
            if isinstance(value, ft.BaseControl):
                stack.append(value)
            elif isinstance(value, (list, tuple)):
                stack.extend(item for item in value if isinstance(item, ft.BaseControl))


class Message(ft.Row):
    """A one-line message with an icon; empty and hidden until something is said.

    It is a live region: a screen reader says the message when it appears or changes,
    where the person's focus may be elsewhere (a wrong PIN, a refused save)."""

    def __init__(self, key: str = "message"):
        self.icon = ft.Icon(ft.Icons.ERROR_OUTLINE, color=ERROR_COLOR)
        self.text = ft.Text("", color=ERROR_COLOR, size=16, key=key)
        self.live = ft.Semantics(content=self.text, live_region=True, container=True,
                                 expand=True)
        self.said = ""
        super().__init__([self.icon, self.live], visible=False)

    def say(self, text: str, *, ok: bool = False, quiet: bool = False) -> None:
        """Show ``text``; with ``quiet`` a screen reader keeps what it was last told
        (a countdown's every second would drown everything else)."""
        color = ft.Colors.GREEN_800 if ok else ERROR_COLOR
        self.icon.icon = ft.Icons.CHECK_CIRCLE_OUTLINE if ok else ft.Icons.ERROR_OUTLINE
        self.icon.color = self.text.color = color
        self.text.value = text
        if quiet and self.visible:
            self.live.label, self.live.exclude_semantics = self.said, True
        else:
            self.live.label, self.live.exclude_semantics = None, False
            self.said = text
        self.visible = bool(text)

    def clear(self) -> None:
        self.say("")


def secret_field(ctx: ScreenContext, label: str, *, key: str,
                 on_submit: Callable | None = None) -> ft.TextField:
    """A PIN or passphrase field, hidden as it is typed, with an eye to show it.

    Flutter's own eye (``can_reveal_password``) has no name and cannot be reached with Tab,
    so the eye here is an icon_button of the app's, named "Show …" or "Hide …"."""
    field = text_field(label=label, password=True, key=key, on_submit=on_submit,
                       text_size=18, prefix_icon=ft.Icons.PASSWORD)
    names = {True: ctx._("Show what I typed"), False: ctx._("Hide what I typed")}

    def reveal(_event=None):
        field.password = not field.password
        eye.content.icon = ft.Icons.VISIBILITY if field.password else ft.Icons.VISIBILITY_OFF
        eye.content.tooltip = names[field.password]

    eye = icon_button(ft.Icons.VISIBILITY, names[True], reveal, key=f"{key}-show")
    field.suffix_icon = eye
    return field


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
    first = math.ceil(seconds)
    for left in range(first, 0, -1):
        message.say(ctx.tr.ngettext(
            "That is not right. Try again in {n} second.",
            "That is not right. Try again in {n} seconds.", left).format(n=left),
            quiet=left != first)  # said once; then it counts down on screen only
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

    return ft.TextButton(ctx._("Lock"), icon=ft.Icons.LOCK, on_click=lock, key="lock",
                         height=TARGET)


# A page of the app's own web server that says nothing (family_app/assets/blank.html).
NEUTRAL_PAGE = "/blank.html"


def hide_button(ctx: ScreenContext) -> ft.Control:
    """Quick lock: lock as "Lock" does (the unlocked vault is dropped) and, in the web app,
    leave for a blank page at once, so the tab shows nothing of Ons Plan. The browser goes
    there by itself (the button's url) even before the tap reaches the server; a tab that
    leaves is locked anyway (ScreenContext.disconnected). A phone app locks only."""
    def hide(_event=None):
        ctx.go("unlock", profile_id=ctx.lock())

    leave = ft.Url(NEUTRAL_PAGE, target=ft.UrlTarget.SELF) if getattr(ctx.page, "web", False) else None
    return icon_button(ft.Icons.VISIBILITY_OFF, ctx._("Hide now"), hide, key="hide-now",
                       url=leave)


def safety_button(ctx: ScreenContext) -> ft.Control:
    """On the family's home: the safety card, one tap away (screens/safety/safety_card.py).
    Its name is short: the home of a new family is at its 60 words (test_first_start_words)."""
    return icon_button(ft.Icons.PHONE_IN_TALK, ctx._("Help numbers"),
                       lambda: ctx.go("safety_card"), key="safety-card")


def language_button(ctx: ScreenContext, *, then: tuple[str, dict]) -> ft.Control:
    """A button on the title bar that opens the language screen and comes back here."""
    screen_name, params = then
    return icon_button(ft.Icons.TRANSLATE, ctx._("Language"), key="language-menu",
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
    """A record in a list: long texts wrap, never cut off; the whole card is one target.

    A ``trailing`` control of its own (a check box, a call button) stands beside the card's
    target, not inside it: a control inside another is one a screen reader cannot reach."""
    tile = ft.ListTile(
        leading=ft.Icon(icon, color=ft.Colors.TEAL_700) if icon else None,
        title=family_text(title), subtitle=family_text(subtitle, size=15) if subtitle else None,
        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT) if on_click and trailing is None else None,
        on_click=on_click, min_height=BUTTON_HEIGHT, key=key or None)
    body = tile if trailing is None else ft.Row(
        [ft.Container(tile, expand=True),
         ft.Container(trailing, padding=ft.Padding.symmetric(horizontal=4))],
        spacing=0, vertical_alignment=ft.CrossAxisAlignment.CENTER)
    return ft.Card(body, bgcolor=ft.Colors.AMBER_50 if highlight else None)
