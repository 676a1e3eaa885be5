"""A young person's own plan: short, friendly, never like a form."""

from __future__ import annotations

import flet as ft

from family_app.plan import plan_overview
from family_app.youth.youth_book import YouthBook

from family_app.screens.common import (card_tile, family_text, icon_button, language_button,
                                       new_keys_button, paragraph, rollback_banner, screen,
                                       secondary_button)
from family_app.screens.context import ScreenContext
from family_app.screens.labels import youth_list_texts


def quick_lock(ctx: ScreenContext) -> ft.Control:
    """One tap, and the screen shows nothing of the plan any more."""
    return icon_button(ft.Icons.LOCK, tooltip=ctx._("Lock"), key="lock", icon_size=28,
                         on_click=lambda: ctx.go("unlock", profile_id=ctx.lock()))


def _list_card(ctx: ScreenContext, part: str, items: list[str]) -> ft.Control:
    icon, title, nudge = youth_list_texts(ctx)[part]
    lines = [family_text("• " + item, size=16) for item in items] or [
        ft.Text(nudge, size=15, color=ft.Colors.GREY_800, italic=True)]
    return ft.Card(ft.Container(ft.Column([
        ft.Row([ft.Icon(icon, color=ft.Colors.DEEP_PURPLE_400),
                ft.Text(title, size=18, weight=ft.FontWeight.BOLD, expand=True),
                ft.Icon(ft.Icons.EDIT, size=20, color=ft.Colors.GREY_700)]),
        *lines], spacing=6), padding=14, ink=True, key=f"youth-{part}",
        on_click=lambda: ctx.go("youth_edit", part=part)))


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    plan = YouthBook(ctx.opened).plan()
    goals: list[ft.Control] = [ft.Row([ft.Icon(ft.Icons.FLAG, color=ft.Colors.DEEP_PURPLE_400),
                                       ft.Text(_("My goals"), size=18, weight=ft.FontWeight.BOLD)])]
    for goal in plan.goals:
        last = plan_overview.last_score(goal)
        goals.append(card_tile(goal.text, _("{score} of 10").format(score=last.score) if last
                               else _("No check-in yet"), icon=ft.Icons.FLAG, key=f"youth-goal-{goal.id}",
                               on_click=lambda _e=None, gid=goal.id: ctx.go("youth_goal", goal_id=gid)))
    if not plan.goals:
        goals.append(paragraph(_("What do you want to change or reach? Small steps count.")))
    goals.append(secondary_button(_("New goal"), ft.Icons.ADD, lambda: ctx.go("youth_goal"),
                                  key="new-goal"))
    trusted = plan.trusted_person
    trusted_card = card_tile(
        trusted.name if trusted else _("My trusted person"),
        " · ".join(x for x in (trusted.phone, trusted.email) if x) if trusted
        else _("An adult you trust and chose yourself: an aunt, a coach, a mentor."),
        icon=ft.Icons.VOLUNTEER_ACTIVISM, key="youth-trusted",
        on_click=lambda: ctx.go("youth_edit", part="trusted_person"))
    return screen(ctx, _("My plan"), [
        *rollback_banner(ctx),
        ft.Text(_("Hi {name}!").format(name=plan.owner_name), size=24, weight=ft.FontWeight.BOLD),
        _list_card(ctx, "going_well", plan.going_well),
        _list_card(ctx, "worries", plan.worries),
        _list_card(ctx, "dreams", plan.dreams),
        *goals,
        ft.Text(_("My trusted person"), size=18, weight=ft.FontWeight.BOLD), trusted_card,
        _list_card(ctx, "talk_to_when_hard", plan.talk_to_when_hard),
        secondary_button(_("Share"), ft.Icons.SHARE, lambda: ctx.go("youth_share"), key="share"),
        secondary_button(_("Print my plan"), ft.Icons.PRINT, lambda: ctx.go("print_plan"), key="print-plan"),
        secondary_button(_("Close my plan"), ft.Icons.FLAG_CIRCLE, lambda: ctx.go("closure_wizard", step=0),
                         key="close-my-plan"),
        new_keys_button(ctx),
        secondary_button(_("Save a backup"), ft.Icons.SAVE_ALT,   # opens with my own recovery code
                         lambda: ctx.go("backup_save", back="home"), key="save-backup"),
    ], actions=[language_button(ctx, then=("home", {})), quick_lock(ctx)], key="youth_home")
