"""What a young person shared, read-only: their own words, in the parts they chose."""

from __future__ import annotations

import flet as ft

from family_app.plan import plan_overview
from family_app.domain import YouthPlan

from family_app.screens.common import card_tile, family_text, heading
from family_app.screens.context import ScreenContext
from family_app.screens.labels import youth_list_texts, youth_part_labels


def youth_cards(ctx: ScreenContext, plan_dict: dict, parts: list[str]) -> list[ft.Control]:
    _ = ctx._
    plan = YouthPlan.from_dict(plan_dict)  # checked when the share was opened
    lists = youth_list_texts(ctx)
    labels = youth_part_labels(ctx)
    body: list[ft.Control] = []
    if "lists" in parts:
        for name in ("going_well", "worries", "dreams"):
            body.append(heading(lists[name][1]))
            body += [family_text("• " + item, size=16) for item in getattr(plan, name)]
    if "goals" in parts:
        body.append(heading(labels["goals"]))
        for goal in plan.goals:
            last = plan_overview.last_score(goal)
            score = (_("{score} of 10").format(score=last.score) + f" · {ctx.tr.format_date(last.date)}"
                     if last else _("No check-in yet"))
            body.append(ft.Card(ft.Container(ft.Column([
                family_text(goal.text, weight=ft.FontWeight.W_500),
                *([family_text(goal.how_we_know, size=15)] if goal.how_we_know else []),
                ft.Text(score, size=14, color=ft.Colors.GREY_800)], spacing=4), padding=12)))
    if "trusted_person" in parts and plan.trusted_person:
        person = plan.trusted_person
        body += [heading(labels["trusted_person"]),
                 card_tile(person.name, " · ".join(x for x in (person.phone, person.email) if x),
                           icon=ft.Icons.VOLUNTEER_ACTIVISM)]
    if "talk_to" in parts:
        body.append(heading(lists["talk_to_when_hard"][1]))
        body += [family_text("• " + item, size=16) for item in plan.talk_to_when_hard]
    return body
