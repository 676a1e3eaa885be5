"""How long and for whom a share is made: the two questions the family's share screen and
the young person's ask alike, so both screens build them here, each under its question."""

from __future__ import annotations

import flet as ft

from family_app.bundles import lifetimes

from family_app.screens.common import heading, secondary_button
from family_app.screens.context import ScreenContext
from family_app.screens.forms import choice_group

IN_PERSON = "in_person"


def question(title: str, *answers: ft.Control) -> ft.Column:
    """A question and its answers, close together (the screen spaces the questions apart)."""
    return ft.Column([heading(title), *answers], spacing=4, tight=True,
                     horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def pair_button(ctx: ScreenContext, on_click) -> ft.Control:
    """Under "With whom?": the way to add a begeleider to the list."""
    return secondary_button(ctx._("Pair with a begeleider"), ft.Icons.QR_CODE_SCANNER, on_click,
                            key="pair")


def recipients_choice(ctx: ScreenContext, professionals: list) -> ft.RadioGroup:
    """For whom: a paired professional (the first by default) or someone here, by passcode."""
    options = {p.id: f"{p.name} · {p.organisation}" for p in professionals}
    options[IN_PERSON] = ctx._("Someone here with me (with a passcode)")
    return choice_group(professionals[0].id if professionals else IN_PERSON, options, "whom")


def _on_every_choice(group: ft.RadioGroup, handler) -> None:
    """Call ``handler`` after every change of ``group``: by its radio buttons, and by a tap
    on an answer's text, which choice_group handles on the server (no change event)."""
    def then_handler(tap):
        def tapped(_event=None):
            tap(_event)
            handler()
        return tapped

    group.on_change = handler
    stack: list = [group.content]
    while stack:
        control = stack.pop()
        if isinstance(control, ft.Container) and control.on_click is not None:
            control.on_click = then_handler(control.on_click)
        stack += [c for c in [getattr(control, "content", None), *getattr(control, "controls", [])]
                  if isinstance(c, ft.Control)]


def days_choice(ctx: ScreenContext, whom: ft.RadioGroup, *, youth: bool = False) -> ft.RadioGroup:
    """How long: at first, and whenever the recipient changes, the lifetime of their kind of
    share (lifetimes.py); someone at the kitchen table gets a short one."""
    def default() -> str:
        kind = lifetimes.share_kind(in_person=whom.value == IN_PERSON, youth=youth)
        return str(lifetimes.default_days(kind))

    # Two to a row: the four answers in half the height, "Make the code" stays in view.
    days = ft.RadioGroup(value=default(), key="days", content=ft.ResponsiveRow(
        [ft.Radio(value=str(n), label=ctx.tr.ngettext("{n} day", "{n} days", n).format(n=n),
                  key=f"days-{n}", col=6)
         for n in lifetimes.SHARE_DAY_CHOICES], spacing=0, run_spacing=0))

    def recipient_changed(_event=None):
        days.value = default()

    _on_every_choice(whom, recipient_changed)
    return days
