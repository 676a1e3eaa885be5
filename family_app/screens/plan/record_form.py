"""Add or change one record of any section, and remove it after asking."""

from __future__ import annotations

import flet as ft

from family_app.domain import ValidationError
from family_app.domain.plan import RECORD_TYPES
from family_app.plan.plan_book import PlanBook
from i18n.problems import Problem

from family_app.screens.common import (Message, confirm, primary_button, screen, secondary_button,
                                       translated_problem)
from family_app.screens.context import ScreenContext
from family_app.screens.forms import Form
from family_app.screens.plan.sections import sections

SINGLE = ("household", "trajectory")
# What a new record asks up front: what it needs (every field the domain requires) and the
# one or two answers that make it what it is. The rest waits behind "More details". A table
# not named here asks everything at once (its form is short, or all of it is the point).
ASKED_FIRST = {
    "goals": ("text", "owners"),
    "agreements": ("goal_id", "what", "who", "due"),
    "members": ("name", "role"),
    "network": ("name", "relation"),
    "professionals": ("name", "organisation", "role", "phone"),
}


def build(ctx: ScreenContext, *, table: str, record_id: str | None = None,
          preset: dict | None = None, back: tuple[str, dict] | None = None) -> ft.View:
    _ = ctx._
    section = sections(ctx)[table]
    book = PlanBook(ctx.opened)
    plan = book.plan()
    if table in SINGLE:
        current = getattr(plan, table)
        record_id = current.id if current else None
    existing = book.get(table, record_id) if record_id else None
    values = existing.body() if existing else dict(preset or {})
    if table == "log" and not existing:
        values.setdefault("author", book.writer())  # the family's own note, by whoever writes
    # A record being changed shows all it holds; a new one asks what it needs first.
    first = None if existing or table in SINGLE else ASKED_FIRST.get(table)
    form = Form(ctx, section.fields(plan), values, first=first)
    message = Message()
    back_to, back_params = back or ("section", {"table": table})
    go_back = lambda: ctx.go(back_to, **back_params)  # noqa: E731

    def save(_event=None):
        message.clear()
        form.clear_errors()
        raw = form.raw()
        if raw is None:
            form.not_saved(*form.first_problem, message)
            return
        data = {**values, **raw}
        if existing:
            data["id"] = existing.id
        try:
            book.save(table, RECORD_TYPES[table].from_dict(data))
        except ValidationError as error:
            form.not_saved(error.field, translated_problem(ctx, error), message)
            return
        except Problem as error:  # a failed save
            message.say(translated_problem(ctx, error))
            return
        go_back()

    def remove(_event=None):
        def really():
            book.remove(table, existing.id)
            go_back()
        extra = ""
        if table == "goals":
            count = sum(1 for a in plan.agreements if a.goal_id == existing.id)
            if count:
                extra = " " + ctx.tr.ngettext("Its {n} agreement is removed too.",
                                              "Its {n} agreements are removed too.", count).format(n=count)
        confirm(ctx, title=_("Remove this?"), body=_("This cannot be undone.") + extra,
                yes=_("Remove"), on_yes=really)

    header = []
    if table == "trajectory" and existing and existing.days_referral_to_first_visit() is not None:
        days = existing.days_referral_to_first_visit()
        header.append(ft.Container(ft.Row([ft.Icon(ft.Icons.TIMER, color=ft.Colors.TEAL_700), ft.Text(
            ctx.tr.ngettext("{n} day from referral to the first visit.",
                            "{n} days from referral to the first visit.", days).format(n=days),
            size=17, expand=True, key="days-to-first-visit")]),
            bgcolor=ft.Colors.TEAL_50, border_radius=8, padding=12))
    controls = [*header, *form.controls, message,
                primary_button(_("Save"), ft.Icons.SAVE, save, key="save")]
    if existing and table not in SINGLE:
        controls.append(secondary_button(_("Remove"), ft.Icons.DELETE_OUTLINE, remove, key="remove"))
    title = section.title if existing or table in SINGLE else section.add_label
    return screen(ctx, title, controls, back=go_back, key=f"form-{table}")
