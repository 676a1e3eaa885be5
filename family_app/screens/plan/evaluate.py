"""Holding an evaluation: one goal per screen — is this enough? — then what changed.

The answers are kept in the session's draft until the last step saves them all at once.
"""

from __future__ import annotations

import datetime as dt

import flet as ft

from family_app.plan import goal_progress, plan_overview
from family_app.plan.plan_book import PlanBook

from family_app.screens.common import (Message, heading, paragraph, primary_button, screen,
                                       text_field)
from family_app.screens.context import ScreenContext
from family_app.screens.forms import Field, Form
from family_app.screens.labels import decision_labels

DRAFT = "evaluation"


def build(ctx: ScreenContext, *, step: int) -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)
    plan = book.plan()
    goals = [g for g in plan.goals if g.status not in plan_overview.FINISHED]
    draft = ctx.draft.setdefault(DRAFT, {})
    back = (lambda: ctx.go("evaluate", step=step - 1)) if step > 0 else (
        lambda: ctx.go("section", table="evaluations"))
    message = Message()
    if step < len(goals):
        goal = goals[step]
        status = plan_overview.goal_status(plan, goal, ctx.today())
        chosen = draft.get(goal.id, ("", ""))
        decision = ft.RadioGroup(value=chosen[0] or None, key="decision", content=ft.Column(
            [ft.Radio(value=code, label=label, key=f"decision-{code}")
             for code, label in decision_labels(ctx).items()], spacing=0))
        note = text_field(label=_("What do you want to note? (optional)"), value=chosen[1],
                          multiline=True, min_lines=2, key="review-note", text_size=17)

        def next_step(_event=None):
            if not decision.value:
                message.say(_("Choose one answer."))
                return
            draft[goal.id] = (decision.value, note.value or "")
            ctx.go("evaluate", step=step + 1)

        last = status.last_score
        return screen(ctx, _("Evaluation {n} of {total}").format(n=step + 1, total=len(goals) + 1), [
            paragraph(_("Goal")), ft.Text(goal.text, size=19, weight=ft.FontWeight.W_500),
            paragraph(_("Last check-in: {score} of 10").format(score=last.score) if last
                      else _("No check-ins yet.")),
            heading(_("Is this enough?")), decision, note, message,
            primary_button(_("Next"), ft.Icons.ARROW_FORWARD, next_step, key="next"),
        ], back=back, key="evaluate")

    planned = plan_overview.next_evaluation(plan)
    form = Form(ctx, [Field("changes", _("What has changed since last time?"), "long",
                            icon=ft.Icons.NOTES),
                      Field("next_planned", _("When do we look back together again?"), "date",
                            icon=ft.Icons.EVENT)], {})

    def finish(_event=None):
        raw = form.raw()
        if raw is None:
            return
        next_date = dt.date.fromisoformat(raw["next_planned"]) if raw["next_planned"] else None
        goal_progress.hold_evaluation(book, {gid: tuple(v) for gid, v in draft.items()
                                             if gid in {g.id for g in goals}},
                                      changes=raw["changes"] or "", next_date=next_date,
                                      evaluation_id=planned.id if planned else None)
        ctx.draft.pop(DRAFT, None)
        ctx.go("section", table="evaluations")

    return screen(ctx, _("Evaluation {n} of {total}").format(n=len(goals) + 1, total=len(goals) + 1), [
        heading(_("Looking back")), *form.controls, message,
        primary_button(_("Save the evaluation"), ft.Icons.SAVE, finish, key="save-evaluation"),
    ], back=back, key="evaluate-end")
