"""A young person's goal: in their own words, how they will know, and where they are now."""

from __future__ import annotations

import flet as ft

from family_app.domain import ValidationError, YouthGoal
from family_app.youth import youth_sharing
from family_app.youth.youth_book import YouthBook

from family_app.screens.common import (Message, card_tile, confirm, heading, paragraph,
                                       primary_button, screen, secondary_button,
                                       translated_problem)
from family_app.screens.context import ScreenContext
from family_app.screens.forms import Field, Form, choice_group, score_radios
from family_app.screens.labels import score_line
from family_app.screens.plan.score_chart import score_chart


def build(ctx: ScreenContext, *, goal_id: str | None = None) -> ft.View:
    _ = ctx._
    book = YouthBook(ctx.opened)
    goal = book.goal(goal_id) if goal_id else None
    message = Message()
    form = Form(ctx, [Field("text", _("My goal"), "long", icon=ft.Icons.FLAG,
                            help=_("For example: I go to training twice a week.")),
                      Field("how_we_know", _("How will I know I made it?"), "long",
                            icon=ft.Icons.VISIBILITY)],
                goal.body() if goal else {})

    # The optional link to a family goal, from the family's goals this young person received.
    family_goals = youth_sharing.family_goals(book)
    linked = goal.linked_family_goal_id if goal else None
    link = choice_group(linked or "", {"": _("Not linked"), **{g.id: g.text for g in family_goals}},
                        key="link") if family_goals else None

    def save(_event=None):
        message.clear()
        form.clear_errors()
        raw = form.raw()
        if link is not None:
            raw["linked_family_goal_id"] = link.value or None
        try:
            saved = book.save_goal(YouthGoal.from_dict({**(goal.body() if goal else {}), **raw}))
        except ValidationError as error:
            form.not_saved(error.field, translated_problem(ctx, error), message)
            return
        ctx.go("youth_goal", goal_id=saved.id) if goal is None else ctx.go("home")

    link_part = [heading(_("Does this goal go with a family goal?")),
                 paragraph(_("Your family only sees that a goal is linked if you tell them, "
                             "never what your goal says.")), link] if link else []
    controls: list[ft.Control] = [*form.controls, *link_part, message,
                                  primary_button(_("Save"), ft.Icons.SAVE, save, key="save")]
    if goal is not None:
        score = score_radios("score", ctx=ctx)

        def check_in(_event=None):
            if score.value in (None, ""):
                message.say(_("Choose a number from 0 to 10."))
                return
            book.check_in(goal.id, int(score.value))
            ctx.go("youth_goal", goal_id=goal.id)

        def remove(_event=None):
            confirm(ctx, title=_("Remove this?"), body=_("This cannot be undone."), yes=_("Remove"),
                    on_yes=lambda: (book.remove_goal(goal.id), ctx.go("home")))

        controls += [heading(_("Where are you now?")),
                     paragraph(_("0: not started. 10: made it!")), score,
                     secondary_button(_("Save my score"), ft.Icons.SPEED, check_in, key="save-score")]
        if goal.scores:
            controls.append(score_chart(ctx, goal.scores))
            controls += [card_tile(score_line(ctx, s), icon=ft.Icons.SPEED)
                         for s in sorted(goal.scores, key=lambda s: s.date, reverse=True)]
        controls.append(secondary_button(_("Remove"), ft.Icons.DELETE_OUTLINE, remove, key="remove"))
    return screen(ctx, _("My goal") if goal else _("New goal"), controls,
                  back=lambda: ctx.go("home"), key="youth_goal")
