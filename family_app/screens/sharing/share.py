"""The family shares: what, with whom, for how long — three short questions, one screen."""

from __future__ import annotations

import flet as ft

from family_app.sharing import sharing
from family_app.plan.plan_book import PlanBook

from family_app.screens.common import Message, heading, paragraph, primary_button, screen
from family_app.screens.context import ScreenContext
from family_app.screens.forms import check_option, checked_values
from family_app.screens.labels import share_preset_labels
from family_app.screens.sharing.share_choices import days_choice, recipients_choice


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)
    plan = book.plan()
    message = Message()
    what = ft.RadioGroup(value="current", key="what", content=ft.Column(
        [ft.Radio(value=code, label=label, key=f"what-{code}")
         for code, label in share_preset_labels(ctx).items()],
        spacing=0))
    goal_boxes = [check_option(g.text, True, g.id, f"share-goal-{g.id}") for g in plan.goals]
    professionals = sharing.paired(plan)
    whom = recipients_choice(ctx, professionals)
    days = days_choice(ctx, whom)

    def go_share(_event=None):
        chosen_goals = tuple(checked_values(goal_boxes))
        if not chosen_goals and plan.goals:
            message.say(_("Choose at least one goal to share."))
            return
        scope = sharing.Scope.preset(
            what.value, None if len(chosen_goals) == len(plan.goals) else chosen_goals)
        to = next((p for p in professionals if p.id == whom.value), None)
        result = sharing.share(book, scope, to=to, days=int(days.value),
                               in_person_name=_("Someone here with me"))
        ctx.draft["shared"] = result
        ctx.go("share_codes")

    return screen(ctx, _("Share"), [
        paragraph(_("You decide what you share, with whom, and for how long. "
                    "It is locked so only that person can read it.")),
        heading(_("What do you share?")), what,
        ft.Text(_("Which goals?"), size=16, weight=ft.FontWeight.W_500), *goal_boxes,
        heading(_("With whom?")), whom,
        paragraph(_("No begeleider in the list? Pair first: Professionals, then "
                    "'Pair with a begeleider'.")) if not professionals else ft.Container(),
        heading(_("For how long?")), days,
        message,
        primary_button(_("Make the code"), ft.Icons.QR_CODE, go_share, key="make-code"),
    ], back=lambda: ctx.go("home"), key="share")
