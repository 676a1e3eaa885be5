"""Two devices changed the same thing while apart: the family chooses what stays.
Nothing was dropped: every version waits here until someone picks one."""

from __future__ import annotations

import flet as ft

from family_app.household import household_conflicts
from family_app.plan.plan_book import PlanBook
from i18n.problems import Problem

from family_app.screens.common import (Message, family_text, paragraph, primary_button, screen,
                                       secondary_button, translated_problem)
from family_app.screens.context import ScreenContext
from family_app.screens.labels import section_titles


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)
    message = Message()

    def choose(conflict, value):
        def handler(_event=None):
            try:
                household_conflicts.resolve_conflict(book, conflict, value)
            except (Problem, ValueError) as error:
                message.say(translated_problem(ctx, error))
                ctx.page.update()
                return
            ctx.go("conflicts")
        return handler

    def shown(conflict, value) -> str:
        if conflict.kind == "delete":
            return _("Keep it") if value.value else _("Remove it")
        if conflict.kind == "remove" and value.value is None:
            return _("Remove it")
        return str(value.value if not isinstance(value.value, dict)
                   else value.value.get("note") or value.value.get("score", ""))

    titles = section_titles(ctx)
    cards: list[ft.Control] = []
    for n, conflict in enumerate(household_conflicts.open_conflicts(book)):
        rows: list[ft.Control] = [ft.Text(titles.get(conflict.table, conflict.table), size=14,
                                          color=ft.Colors.GREY_800)]
        if conflict.record_label not in {shown(conflict, v) for v in conflict.values}:
            rows.append(family_text(conflict.record_label, size=17, weight=ft.FontWeight.W_500))
        for m, value in enumerate(conflict.values):
            who = _("this device") if value.this_device else (value.device or _("another device"))
            button = primary_button if m == 0 else secondary_button
            rows += [family_text(shown(conflict, value), size=16),
                     ft.Text(f"{who} · {ctx.tr.format_date(value.at.date())}", size=14,
                             color=ft.Colors.GREY_800),
                     button(_("Keep this"), ft.Icons.CHECK, choose(conflict, value.value),
                            key=f"keep-{n}-{m}")]
        cards.append(ft.Card(ft.Container(ft.Column(rows, spacing=6), padding=14)))
    return screen(ctx, _("Choose what stays"), [
        paragraph(_("These were changed on two devices at the same time. Both versions are kept "
                    "until you choose.")),
        message,
        *(cards or [paragraph(_("Nothing to choose. Both devices agree."), key="no-conflicts")]),
    ], back=lambda: ctx.go("devices"), key="conflicts")
