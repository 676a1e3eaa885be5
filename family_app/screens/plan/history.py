"""What changed in our plan, by whom and when — since the last evaluation, or all of it."""

from __future__ import annotations

import datetime as dt

import flet as ft

from family_app.plan import plan_overview
from family_app.plan.plan_book import PlanBook

from family_app.screens.common import card_tile, paragraph, screen, secondary_button
from family_app.screens.context import ScreenContext
from family_app.screens.plan.sections import sections


def build(ctx: ScreenContext, *, everything: bool = False) -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)
    last = plan_overview.last_held_evaluation(book.plan())
    since = None if everything or last is None else dt.datetime.combine(last.held, dt.time())
    changes = book.history(since)
    sentences = {"added": _("{who} added this"), "changed": _("{who} changed this"),
                 "removed": _("{who} removed this")}
    titles = {table: s.title for table, s in sections(ctx).items()}
    icons = {table: s.icon for table, s in sections(ctx).items()}
    intro = (_("Changes since the evaluation of {date}.").format(date=ctx.tr.format_date(last.held))
             if since else _("All changes to our plan."))
    def label(change) -> str:
        try:  # records without a text are named by their date
            return ctx.tr.format_date(dt.date.fromisoformat(change.label))
        except ValueError:
            return change.label or titles.get(change.table, change.table)

    cards = [card_tile(label(change),
                       " · ".join([sentences[change.action].format(who=change.by or _("Someone")),
                                   titles.get(change.table, change.table),
                                   ctx.tr.format_date(change.at.date()) + " " + change.at.strftime("%H:%M")]),
                       icon=icons.get(change.table, ft.Icons.HISTORY))
             for change in changes]
    more = [] if since is None else [secondary_button(_("Show all changes"), ft.Icons.HISTORY,
                                                      lambda: ctx.go("history", everything=True),
                                                      key="all-changes")]
    return screen(ctx, _("What changed"), [
        paragraph(intro), *(cards or [paragraph(_("Nothing has changed yet."))]), *more,
    ], back=lambda: ctx.go("home"), key="history")
