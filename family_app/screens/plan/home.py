"""The family's home answers at a glance: our goals and how they are going, what is due
this week, when the next evaluation is — and leads to every part of the plan."""

from __future__ import annotations

import flet as ft

from family_app.bundles import lifetimes
from family_app.closure import closure
from family_app.household import household, household_conflicts
from family_app.plan import family_plan, plan_overview
from family_app.sharing import returns
from family_app.plan.plan_book import PlanBook

from family_app.screens.common import (card_tile, family_text, language_button, lock_button,
                                       new_keys_button, paragraph, rollback_banner, screen)
from family_app.screens.context import ScreenContext
from family_app.screens.labels import role_labels
from family_app.screens.plan.sections import sections

SECTION_ORDER = ("goals", "agreements", "network", "professionals", "safety", "log", "evaluations", "trajectory",
                 "members")


def _member_pill(name: str, role: str) -> ft.Control:
    return ft.Container(
        ft.Row([ft.Icon(ft.Icons.PERSON, size=20, color=ft.Colors.TEAL_800),
                ft.Text(name, size=16)], spacing=6, tight=True),
        tooltip=role, bgcolor=ft.Colors.TEAL_50, border_radius=20,
        padding=ft.Padding.symmetric(horizontal=12, vertical=8))


def _title(text: str, icon: ft.IconData) -> ft.Control:
    return ft.Row([ft.Icon(icon, color=ft.Colors.TEAL_800),
                   ft.Text(text, size=18, weight=ft.FontWeight.BOLD, expand=True)])


def attention_chips(ctx: ScreenContext, attention: list[str]) -> list[ft.Control]:
    _ = ctx._
    texts = {"past_date": _("Date has passed"), "no_check_in": _("No check-in for 4 weeks")}
    return [ft.Container(ft.Row([ft.Icon(ft.Icons.WARNING_AMBER, size=18, color=ft.Colors.AMBER_900),
                                 ft.Text(texts[a], size=14)], spacing=4, tight=True),
                         bgcolor=ft.Colors.AMBER_100, border_radius=12,
                         padding=ft.Padding.symmetric(horizontal=8, vertical=4))
            for a in attention]


def goal_card(ctx: ScreenContext, status: plan_overview.GoalStatus) -> ft.Control:
    """The goal in the family's words, a bar for the last check-in, and what needs doing."""
    last = status.last_score
    bar = ft.Row([ft.ProgressBar(value=last.score / 10, expand=True, height=10, border_radius=5,
                                 color=ft.Colors.TEAL_600, bgcolor=ft.Colors.TEAL_50),
                  ft.Text(ctx._("{score} of 10").format(score=last.score), size=15)]
                 ) if last else ft.Text(ctx._("No check-in yet"), size=15, color=ft.Colors.GREY_800)
    chips = attention_chips(ctx, status.attention)
    body = ft.Column([family_text(status.goal.text), bar,
                      *([ft.Row(chips, wrap=True, spacing=6, run_spacing=6)] if chips else [])],
                     spacing=8)
    return ft.Card(ft.Container(body, padding=14, ink=True, key=f"home-goal-{status.goal.id}",
                                on_click=lambda: ctx.go("goal", goal_id=status.goal.id)),
                   bgcolor=ft.Colors.AMBER_50 if status.attention else None)


def section_tile(icon: ft.IconData, title: str, line: str, on_click, key: str) -> ft.Control:
    """A square-ish tile; two fit side by side on a phone."""
    return ft.Card(ft.Container(
        ft.Column([ft.Icon(icon, size=30, color=ft.Colors.TEAL_700),
                   ft.Text(title, size=16, weight=ft.FontWeight.BOLD),
                   ft.Text(line, size=14, color=ft.Colors.GREY_800)], spacing=4),
        padding=12, on_click=on_click, ink=True, key=key),
        col={"xs": 6, "md": 4})


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)
    plan = book.plan()
    summary = family_plan.summarize(plan)  # the plan is read once per screen
    today = ctx.today()
    view = plan_overview.overview(plan, today)
    roles = role_labels(ctx)
    people = plan.people()

    members = ft.Container(ft.Row(
        [_member_pill(m.name, roles.get(m.role, "")) for m in summary.members],
        wrap=True, spacing=8, run_spacing=8), on_click=lambda: ctx.go("section", table="members"),
        key="members")

    goals: list[ft.Control] = [_title(_("How our goals are going"), ft.Icons.FLAG)]
    open_goals = [s for s in view.goals if s.goal.status not in plan_overview.FINISHED]
    goals += [goal_card(ctx, status) for status in open_goals]
    finished = len(view.goals) - len(open_goals)
    if finished:
        goals.append(paragraph(ctx.tr.ngettext("{n} goal reached or let go.",
                                               "{n} goals reached or let go.", finished).format(n=finished)))
    if not view.goals:
        goals.append(paragraph(sections(ctx)["goals"].first_step))

    week: list[ft.Control] = [_title(_("This week"), ft.Icons.CHECKLIST)]
    for a in view.due_this_week:
        late = a.due < today
        who = ", ".join(people.get(p, "?") for p in a.who)
        when = _("Too late") if late else _("By {date}").format(date=ctx.tr.format_date(a.due))
        week.append(card_tile(a.what, " · ".join(x for x in (when, who) if x), icon=ft.Icons.CHECKLIST,
                              highlight=late, key=f"due-{a.id}",
                              on_click=lambda _e=None, gid=a.goal_id: ctx.go("goal", goal_id=gid)))
    if not view.due_this_week:
        week.append(paragraph(_("Nothing is due this week.")))

    evaluation = view.next_evaluation
    next_line = (_("Next evaluation: {date}").format(date=ctx.tr.format_date(evaluation.planned))
                 if evaluation else _("No evaluation planned yet."))
    evaluations = card_tile(next_line, "", icon=ft.Icons.EVENT_AVAILABLE, key="next-evaluation",
                            highlight=bool(evaluation and evaluation.planned < today),
                            on_click=lambda: ctx.go("section", table="evaluations"))

    all_sections = sections(ctx)
    tiles = []
    for table in SECTION_ORDER:
        section = all_sections[table]
        count = summary.counts.get(table, len(plan.members) if table == "members" else 0)
        line = _("Empty") if count == 0 else ctx.tr.ngettext(
            "{n} item", "{n} items", count).format(n=count)
        target = ("record_form", {"table": "trajectory", "back": ("home", {})}) if table == "trajectory" \
            else ("section", {"table": table})
        tiles.append(section_tile(section.icon, section.title, line, key=f"section-{table}",
                                  on_click=lambda _e=None, t=target: ctx.go(t[0], **t[1])))
    tiles.append(section_tile(ft.Icons.HISTORY, _("What changed"), _("Who changed what"),
                              key="section-history", on_click=lambda: ctx.go("history")))
    if not plan.trajectory.closed:
        tiles.append(section_tile(ft.Icons.FLAG_CIRCLE, _("Closing the plan"), _("Afronding"),
                                  key="section-closure", on_click=lambda: ctx.go("closure_wizard", step=0)))
    waiting = len(returns.inbox(book))
    tiles.append(section_tile(ft.Icons.INBOX, _("From the begeleider"),
                              ctx.tr.ngettext("{n} waiting", "{n} waiting", waiting).format(n=waiting),
                              key="section-inbox", on_click=lambda: ctx.go("inbox")))
    to_choose = len(household_conflicts.open_conflicts(book))
    device_count = len(household.paired_devices(book))
    tiles.append(section_tile(
        ft.Icons.DEVICES, _("Our devices"),
        ctx.tr.ngettext("{n} change to choose between", "{n} changes to choose between",
                        to_choose).format(n=to_choose) if to_choose else
        ctx.tr.ngettext("{n} other device", "{n} other devices", device_count).format(n=device_count),
        key="section-devices", on_click=lambda: ctx.go("devices")))
    shared = len([s for s in plan.shares if lifetimes.is_active(s, today)])
    tiles.append(section_tile(ft.Icons.SHARE, _("Shared with"),
                              ctx.tr.ngettext("{n} share open", "{n} shares open", shared).format(n=shared),
                              key="section-shares", on_click=lambda: ctx.go("consent_log")))

    closed_banner = []
    if plan.trajectory.closed:
        def reopen(_event=None):
            closure.reopen(PlanBook(ctx.opened))
            ctx.go("home")
        closed_banner = [ft.Container(ft.Column([
            ft.Row([ft.Icon(ft.Icons.FLAG_CIRCLE, color=ft.Colors.TEAL_800),
                    ft.Text(_("Our plan was closed on {date}.").format(
                        date=ctx.tr.format_date(plan.trajectory.closed)), size=16, expand=True)]),
            ft.TextButton(_("Open our plan again"), icon=ft.Icons.REPLAY, on_click=reopen, key="reopen")]),
            bgcolor=ft.Colors.TEAL_50, border_radius=8, padding=12, key="closed-banner")]
    return screen(ctx, "Ons Plan", [  # the name of the app, not translated
        *rollback_banner(ctx),
        *closed_banner,
        family_text(summary.household_name, size=24, weight=ft.FontWeight.BOLD, key="household-name"),
        members,
        ft.FilledTonalButton(_("Share with a begeleider"), icon=ft.Icons.SHARE, height=56,
                             on_click=lambda: ctx.go("share"), key="share"),
        *goals, *week, evaluations,
        _title(_("Our plan"), ft.Icons.MENU_BOOK),
        ft.ResponsiveRow(tiles, spacing=6, run_spacing=6),
        new_keys_button(ctx),
    ], actions=[language_button(ctx, then=("home", {})), lock_button(ctx)], key="home")
