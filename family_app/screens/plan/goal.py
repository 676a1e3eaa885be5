"""One goal: the family's words, how it is going (check-ins and chart), its agreements."""

from __future__ import annotations

import flet as ft

from family_app.plan import goal_progress, plan_overview
from family_app.youth import youth_links
from family_app.plan.plan_book import PlanBook

from family_app.screens.common import (card_tile, family_text, heading, paragraph, primary_button,
                                       screen, secondary_button)
from family_app.screens.context import ScreenContext
from family_app.screens.labels import domain_labels, score_line, status_labels
from family_app.screens.plan.way_back import way_back
from family_app.screens.plan.score_chart import score_chart


GOAL_LIST = ("section", {"table": "goals"})


def attention_lines(ctx: ScreenContext, attention: str | None) -> list[str]:
    """The one thing to do about this goal (plan_overview), saying which button does it."""
    if attention is None:
        return []
    _ = ctx._
    texts = {"past_date": _("The date for this goal has passed. Reached it, or need more time? "
                            "Tap “Change this goal”."),
             "no_check_in": _("No check-in for 4 weeks. Where are you now? "
                              "Tap “Where are we now?”.")}
    return [texts[attention]]


def build(ctx: ScreenContext, *, goal_id: str, back: tuple[str, dict] | None = None) -> ft.View:
    """`back`: where the goal was opened from (home, the goal list); forms and check-ins
    that come back here leave it out, and back still leads there (way_back)."""
    _ = ctx._
    book = PlanBook(ctx.opened)
    plan = book.plan()
    goal = plan.goal(goal_id)
    back_to, back_params = way_back(ctx, "goal", goal_id, back, GOAL_LIST)
    if goal is None:  # just removed: back where it was opened from
        return ctx.router(ctx, back_to, **back_params)
    today = ctx.today()
    saved_on = plan_overview.first_saved(book.history(table="goals")).get(goal_id)
    status = plan_overview.goal_status(plan, goal, today, saved_on)
    people = plan.people()
    back_here = ("goal", {"goal_id": goal_id})

    facts = [family_text(goal.text, size=20, weight=ft.FontWeight.W_500, key="goal-text")]
    facts.append(paragraph(ctx.tr.join(people.get(o, "?") for o in goal.owners)))
    if goal.kind == "must":
        facts.append(ft.Row([ft.Icon(ft.Icons.GAVEL, color=ft.Colors.DEEP_ORANGE_700),
                             ft.Text(_("This must change (safety or the law)"), expand=True)]))
    detail = [(ft.Icons.CATEGORY, domain_labels(ctx).get(goal.domain or "", "")),
              (ft.Icons.VISIBILITY, goal.how_we_know),
              (ft.Icons.EVENT, _("By {date}").format(date=ctx.tr.format_date(goal.target_date))
               if goal.target_date else ""),
              (ft.Icons.TIMELAPSE, status_labels(ctx)[goal.status])]
    facts += [ft.Row([ft.Icon(icon, size=20, color=ft.Colors.TEAL_700), ft.Text(text, expand=True)])
              for icon, text in detail if text]
    for name in youth_links.linked_by(book, goal_id):  # only that a link exists, never its content
        facts.append(ft.Row([ft.Icon(ft.Icons.LINK, size=20, color=ft.Colors.DEEP_PURPLE_400),
                             ft.Text(_("{name} linked one of their own goals to this goal. "
                                       "What it says stays theirs.").format(name=name),
                                     expand=True, key="youth-link")]))
    warnings = [ft.Container(ft.Row([ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.AMBER_900),
                                     ft.Text(line, expand=True)]),
                             bgcolor=ft.Colors.AMBER_50, border_radius=8, padding=10)
                for line in attention_lines(ctx, status.attention)]

    scores = sorted(goal.scores, key=lambda s: s.date, reverse=True)
    progress: list[ft.Control] = [heading(_("How is it going?"))]
    if scores:
        progress.append(score_chart(ctx, goal.scores))
        progress += [card_tile(score_line(ctx, s),
                               " · ".join(x for x in (people.get(s.by or "", s.by or ""), s.note) if x),
                               icon=ft.Icons.SPEED)
                     for s in scores]
    else:
        progress.append(paragraph(_("No check-ins yet. Where are you now, from 0 to 10?")))
    progress.append(primary_button(_("Where are we now?"), ft.Icons.SPEED,
                                   lambda: ctx.go("check_in", goal_id=goal_id), key="check-in"))

    def toggle(agreement_id: str):
        def handler(event):
            goal_progress.set_done(book, agreement_id, bool(event.control.value))
            ctx.go("goal", goal_id=goal_id)
        return handler

    agreements: list[ft.Control] = [heading(_("Agreements"))]
    for a in plan_overview.agreements_of(plan, goal_id):
        who = ctx.tr.join(people.get(p, "?") for p in a.who)
        when = _("By {date}").format(date=ctx.tr.format_date(a.due)) if a.due else ""
        overdue = plan_overview.is_overdue(a, today)
        agreements.append(card_tile(
            a.what, " · ".join(x for x in (who, when, _("Too late") if overdue else "") if x),
            on_click=lambda _e=None, aid=a.id: ctx.go("record_form", table="agreements", record_id=aid,
                                                      back=back_here),
            key=f"agreement-{a.id}", highlight=overdue,
            trailing=ft.Checkbox(value=a.done, on_change=toggle(a.id), key=f"done-{a.id}",
                                 semantics_label=_("Done: {what}").format(what=a.what))))
    if len(agreements) == 1:
        agreements.append(paragraph(_("No agreements yet. Who does what, and by when?")))
    agreements.append(secondary_button(
        _("Add an agreement"), ft.Icons.ADD,
        lambda: ctx.go("record_form", table="agreements", preset={"goal_id": goal_id}, back=back_here),
        key="add-agreement"))

    return screen(ctx, _("Goal"), [
        ft.Card(ft.Container(ft.Column(facts, spacing=8), padding=16)),
        *warnings,
        secondary_button(_("Change this goal"), ft.Icons.EDIT,
                         lambda: ctx.go("record_form", table="goals", record_id=goal_id, back=back_here),
                         key="edit-goal"),
        *progress, *agreements,
    ], back=lambda: ctx.go(back_to, **back_params), key="goal")
