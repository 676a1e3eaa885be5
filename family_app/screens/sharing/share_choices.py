"""How long and for whom a share is made: the two questions the family's share screen and
the young person's ask alike, so both screens build them here."""

from __future__ import annotations

import flet as ft

from family_app.bundles import lifetimes

from family_app.screens.context import ScreenContext

IN_PERSON = "in_person"


def recipients_choice(ctx: ScreenContext, professionals: list) -> ft.RadioGroup:
    """For whom: a paired professional (the first by default) or someone here, by passcode."""
    return ft.RadioGroup(value=professionals[0].id if professionals else IN_PERSON, key="whom",
                         content=ft.Column(
        [ft.Radio(value=p.id, label=f"{p.name} · {p.organisation}", key=f"whom-{p.id}") for p in professionals] +
        [ft.Radio(value=IN_PERSON, label=ctx._("Someone here with me (with a passcode)"), key="whom-in-person")],
        spacing=0))


def days_choice(ctx: ScreenContext, whom: ft.RadioGroup, *, youth: bool = False) -> ft.RadioGroup:
    """How long: at first, and whenever the recipient changes, the lifetime of their kind of
    share (lifetimes.py); someone at the kitchen table gets a short one."""
    def default() -> str:
        kind = lifetimes.share_kind(in_person=whom.value == IN_PERSON, youth=youth)
        return str(lifetimes.default_days(kind))

    days = ft.RadioGroup(value=default(), key="days", content=ft.Row(
        [ft.Radio(value=str(n), label=ctx.tr.ngettext("{n} day", "{n} days", n).format(n=n), key=f"days-{n}")
         for n in lifetimes.SHARE_DAY_CHOICES], wrap=True))

    def recipient_changed(_event=None):
        days.value = default()

    whom.on_change = recipient_changed
    return days
