"""'Where are we now, from 0 to 10?' — a check-in on one goal."""

from __future__ import annotations

import flet as ft

from family_app.plan import goal_progress
from family_app.domain import ValidationError
from family_app.plan.plan_book import PlanBook

from family_app.screens.common import (Message, heading, paragraph, primary_button, screen,
                                       text_field, translated_problem)
from family_app.screens.context import ScreenContext
from family_app.screens.forms import score_radios


def build(ctx: ScreenContext, *, goal_id: str) -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)
    plan = book.plan()
    goal = plan.goal(goal_id)
    message = Message()
    score = score_radios("score", ctx=ctx)
    members = [m for m in plan.members if m.role in ("parent", "youth", "other")] or plan.members
    writer = book.writer()
    who = ft.RadioGroup(value=next((m.id for m in members if m.name == writer), None), key="who",
                        content=ft.Column([ft.Radio(value=m.id, label=m.name, key=f"who-{m.id}")
                                           for m in members], spacing=0))
    note = text_field(label=_("Anything to add? (optional)"), multiline=True, min_lines=2,
                      key="note", text_size=17)

    def save(_event=None):
        if score.value in (None, ""):
            message.say(_("Choose a number from 0 to 10."))
            return
        try:
            goal_progress.check_in(book, goal_id, int(score.value), by=who.value, note=note.value)
        except ValidationError as error:
            message.say(translated_problem(ctx, error))
            return
        ctx.go("goal", goal_id=goal_id)

    return screen(ctx, _("Check-in"), [
        paragraph(goal.text),
        heading(_("Where are we now?")),
        paragraph(_("0 means: nothing has changed yet. 10 means: we have reached it.")),
        score,
        ft.Text(_("Who answers?"), size=16, weight=ft.FontWeight.W_500), who,
        note, message,
        primary_button(_("Save"), ft.Icons.SAVE, save, key="save"),
    ], back=lambda: ctx.go("goal", goal_id=goal_id), key="check_in")
