"""When it is not safe: the numbers to call, one tap from the lock screen (without
unlocking) and from the family's home.

Before unlocking it shows nothing of the plan: the national numbers (family_app/safety/
numbers.py) and, only if the family chose so while unlocked, the names and numbers of its
own safety contacts (family_app/safety/shown_contacts.py). After unlocking it shows the
same, and the way to choose those contacts.
"""

from __future__ import annotations

import flet as ft

from family_app.safety import numbers, shown_contacts
from i18n import isolate

from family_app.screens.common import paragraph, screen, secondary_button
from family_app.screens.context import ScreenContext


def call_card(title: str, number: str, lines: list[str], link: str, *, key: str) -> ft.Control:
    """One number as one big target that calls it (a tel: link: the phone opens its own
    app). Its name ("113 Zelfmoordpreventie", a person's name) and the number keep their
    own order in an Arabic screen (isolate)."""
    body = ft.Column([
        ft.Row([ft.Icon(ft.Icons.PHONE_IN_TALK, color=ft.Colors.TEAL_800),
                ft.Text(isolate(title), size=18, weight=ft.FontWeight.BOLD, expand=True)]),
        ft.Text(isolate(number), size=24, weight=ft.FontWeight.BOLD, color=ft.Colors.TEAL_900,
                key=f"{key}-number"),
        *(ft.Text(line, size=16) for line in lines if line),
    ], spacing=6)
    return ft.Card(ft.Container(body, padding=16, ink=True, url=link, key=key),
                   bgcolor=ft.Colors.TEAL_50)


def help_line_card(ctx: ScreenContext, line: numbers.HelpLine) -> ft.Control:
    _ = ctx._
    when = [_("Free") if line.free else "", _("Day and night") if line.day_and_night else ""]
    return call_card(_(line.name), line.number,
                     [_(line.what), " · ".join(w for w in when if w)], line.link,
                     key=f"call-{line.key}")


def whose_contacts(ctx: ScreenContext, profile_id: str | None) -> str | None:
    """The open profile's chosen contacts; while locked, those of the profile whose lock
    screen this came from, else (from the list of profiles) the family's: a device holds
    one family profile at most."""
    if ctx.opened is not None:
        return ctx.opened.profile.id
    if profile_id:
        return profile_id
    return next((p.id for p in ctx.device.profiles() if p.kind == "family"), None)


def build(ctx: ScreenContext, *, profile_id: str | None = None) -> ft.View:
    _ = ctx._
    unlocked = ctx.opened is not None
    own = shown_contacts.shown(ctx.device.data_dir, whose_contacts(ctx, profile_id))
    controls: list[ft.Control] = [
        paragraph(_("You do not have to solve this alone. Tap a number to call.")),
        *(help_line_card(ctx, line) for line in numbers.HELP_LINES),
    ]
    if own:
        controls.append(ft.Text(_("People we chose"), size=18, weight=ft.FontWeight.BOLD))
        controls += [call_card(c.name, c.phone, [], c.link, key=f"own-{n}")
                     for n, c in enumerate(own)]
    if unlocked and ctx.opened.kind == "family":
        controls.append(secondary_button(_("Our own contacts on this card"), ft.Icons.PERSON_ADD,
                                         lambda: ctx.go("safety_contacts"), key="own-contacts"))
    controls.append(ft.Text(_("Numbers checked on {date}.").format(
        date=ctx.tr.format_date(numbers.CHECKED)), size=14, color=ft.Colors.GREY_800))

    def back():
        if ctx.opened is not None:
            ctx.go("home")
        elif profile_id:
            ctx.go("unlock", profile_id=profile_id)
        else:
            ctx.go("start")

    return screen(ctx, _("When it is not safe"), controls, back=back, key="safety_card")
