"""The begeleider writes back beside a family's shared plan: notes and proposals, sent as
one code that only the family can open. The family decides what enters its plan."""

from __future__ import annotations

import flet as ft

from family_app.sharing import returns, viewer
from family_app.domain import Plan, ValidationError
from i18n.problems import Problem

from family_app.screens.common import (Message, card_tile, heading, paragraph, primary_button,
                                       screen, secondary_button, translated_problem)
from family_app.screens.context import ScreenContext
from family_app.screens.forms import Field, Form, choice_group
from family_app.screens.labels import return_kind_labels


def build(ctx: ScreenContext, *, household_id: str) -> ft.View:
    _ = ctx._
    received = viewer.received(ctx.opened, household_id)
    if received is None:
        return ctx.router(ctx, "home")
    plan = Plan.from_tables(received.tables)
    labels = return_kind_labels(ctx)
    message = Message()
    kind = choice_group("log", labels, "return-kind")
    goal = choice_group(plan.goals[0].id if plan.goals else None, {g.id: g.text for g in plan.goals},
                        "return-goal")
    form = Form(ctx, [Field("text", _("What do you want to say or propose?"), "long", icon=ft.Icons.NOTES),
                      Field("date", _("Date (for an evaluation date or a deadline)"), "date",
                            icon=ft.Icons.EVENT)], {})

    def add(_event=None):
        message.clear()
        raw = form.raw()
        if raw is None:
            return
        text, date = (raw["text"] or "").strip(), raw["date"]
        fields = {"text": text, "goal_id": goal.value, "date": date}
        if kind.value == "agreement":
            fields = {"goal_id": goal.value, "what": text, "due": date}
        if kind.value == "log":
            fields["log_kind"] = "home_visit"
        try:
            returns.add_item(ctx.opened, household_id, kind.value, **fields)
        except ValidationError as error:
            message.say(translated_problem(ctx, error))
            return
        ctx.go("return_compose", household_id=household_id)

    def send(_event=None):
        try:
            ctx.draft["shared"] = returns.send_return(ctx.opened, received)
        except Problem as error:  # the family's key is not bound: nothing is sealed
            message.say(translated_problem(ctx, error))
            return
        ctx.go("share_codes", to="family")

    written = returns.drafts(ctx.opened, household_id)
    goals = {g.id: g.text for g in plan.goals}
    cards = [card_tile(labels[item["kind"]],
                       " · ".join(x for x in (goals.get(item.get("goal_id"), ""),
                                              item.get("text") or item.get("what") or "",
                                              item.get("date") or item.get("due") or "") if x),
                       icon=ft.Icons.EDIT_NOTE)
             for item in written]
    return screen(ctx, _("Write back"), [
        paragraph(_("The family decides what enters its plan. Nothing changes until they accept it.")),
        heading(_("What do you add?")), kind,
        ft.Text(_("About which goal?"), size=16, weight=ft.FontWeight.W_500), goal,
        *form.controls, message,
        secondary_button(_("Add"), ft.Icons.ADD, add, key="add-item"),
        *([heading(_("Ready to send"))] + cards if cards else []),
        primary_button(_("Send to the family"), ft.Icons.SEND, send, key="send-return",
                       disabled=not written),
    ], back=lambda: ctx.go("shared_plan", household_id=household_id), key="return_compose")
