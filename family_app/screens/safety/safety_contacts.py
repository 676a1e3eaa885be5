"""Which of our own people the safety card shows before unlocking. Their names and numbers
are then kept without the PIN (family_app/safety/shown_contacts.py): the screen says so
before anything is chosen."""

from __future__ import annotations

import flet as ft

from family_app.plan.plan_book import PlanBook
from family_app.safety import shown_contacts

from family_app.screens.common import Message, paragraph, primary_button, screen
from family_app.screens.context import ScreenContext
from family_app.screens.forms import check_option, checked_values


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    data_dir, profile_id = ctx.device.data_dir, ctx.opened.profile.id
    people = shown_contacts.candidates(PlanBook(ctx.opened).plan())
    now = set(shown_contacts.shown(data_dir, profile_id))
    options = [check_option(f"{c.name} · {c.phone}", c in now, str(n), key=f"shown-{n}")
               for n, c in enumerate(people)]
    message = Message()
    warning = ft.Container(ft.Row([
        ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.AMBER_900),
        ft.Text(_("Anyone who picks up this phone can see these names and numbers, also "
                  "without the PIN. Only choose people it is safe to show."),
                size=16, expand=True, key="shown-warning")], vertical_alignment=ft.CrossAxisAlignment.START),
        bgcolor=ft.Colors.AMBER_50, border=ft.Border.all(1, ft.Colors.AMBER_700),
        border_radius=8, padding=12)

    def save(_event=None):
        chosen = [people[int(n)] for n in checked_values(options)]
        if len(chosen) > shown_contacts.MAX_CONTACTS:
            most = shown_contacts.MAX_CONTACTS
            message.say(ctx.tr.ngettext("Choose at most {n} person.", "Choose at most {n} people.",
                                        most).format(n=most))
            ctx.page.update()
            return
        shown_contacts.show(data_dir, profile_id, chosen)
        ctx.go("safety_card")

    body: list[ft.Control] = [
        paragraph(_("Who do we show on the safety card, before the PIN is typed?")),
        warning,
        # Not stretched: a short-labelled check box stretched to the screen's width is drawn
        # wide (forms.check_option in a stretching column, as on the youth's share screen).
        ft.Column(options, spacing=0, horizontal_alignment=ft.CrossAxisAlignment.START),
    ]
    if not people:
        body.append(paragraph(_("No one in our plan has a phone number yet. You can add one "
                                "under People around us."), key="no-phone-numbers"))
    body += [message, primary_button(_("Save"), ft.Icons.CHECK, save, key="save-shown")]
    return screen(ctx, _("Our people on the card"), body,
                  back=lambda: ctx.go("safety_card"), key="safety_contacts")
