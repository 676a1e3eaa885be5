"""What a family shared, read-only: the begeleider's language around the family's words,
with the plan's date and version, and a clear warning for an older code."""

from __future__ import annotations

import datetime as dt

import flet as ft

from family_app.sharing import family_keys, returns, viewer
from family_app.domain import Plan

from family_app.screens.common import (card_tile, family_text, heading, paragraph, primary_button,
                                       screen)
from family_app.screens.context import ScreenContext
from family_app.screens.labels import (circle_labels, log_kind_labels, role_labels,
                                       section_titles, status_labels)
from family_app.screens.sharing.shared_youth_plan import youth_cards


def _banner(text: str, icon: ft.IconData, colour, key: str) -> ft.Control:
    return ft.Container(ft.Row([ft.Icon(icon, color=ft.Colors.BLACK), ft.Text(text, size=16, expand=True)]),
                        bgcolor=colour, border_radius=8, padding=12, key=key)


def _section_cards(ctx: ScreenContext, plan: Plan, table: str) -> list[ft.Control]:
    _ = ctx._
    fmt = ctx.tr.format_date
    people = plan.people()
    if table == "members":
        roles = role_labels(ctx)
        return [card_tile(m.name, roles.get(m.role, "")) for m in plan.members]
    if table == "goals":
        statuses = status_labels(ctx)
        cards = []
        for goal in plan.goals:
            last = max(goal.scores, key=lambda s: s.date) if goal.scores else None
            lines = [ctx.tr.join(people.get(o, "?") for o in goal.owners), statuses[goal.status]]
            if last:
                lines.append(_("{score} of 10").format(score=last.score) + f" · {fmt(last.date)}")
            body = [family_text(goal.text, weight=ft.FontWeight.W_500),
                    ft.Text(" · ".join(x for x in lines if x), size=14, color=ft.Colors.GREY_800)]
            for a in [a for a in plan.agreements if a.goal_id == goal.id]:
                state = _("Done") if a.done else (_("By {date}").format(date=fmt(a.due)) if a.due else "")
                body.append(ft.Row([ft.Icon(ft.Icons.CHECK_BOX if a.done else ft.Icons.CHECK_BOX_OUTLINE_BLANK,
                                            size=18), ft.Column([family_text(a.what, size=15),
                                            ft.Text(state, size=13, color=ft.Colors.GREY_700)],
                                            spacing=0, expand=True)], vertical_alignment=ft.CrossAxisAlignment.START))
            cards.append(ft.Card(ft.Container(ft.Column(body, spacing=6), padding=12)))
        return cards
    if table == "agreements":
        return []  # shown under their goals
    if table == "network":
        circles = circle_labels(ctx)
        return [card_tile(p.name, " · ".join(x for x in (p.relation, circles[p.circle], p.can_help_with) if x))
                for p in plan.network]
    if table == "professionals":
        return [card_tile(p.name, " · ".join(x for x in (p.role, p.organisation, p.phone) if x))
                for p in plan.professionals]
    if table == "safety":
        return [card_tile(fmt(s.date), "\n".join(["+ " + x for x in s.going_well] +
                                                 ["! " + x for x in s.worries] + ["→ " + x for x in s.needed]))
                for s in sorted(plan.safety, key=lambda s: s.date, reverse=True)]
    if table == "log":
        kinds = log_kind_labels(ctx)
        return [card_tile(f"{fmt(e.date)} · {kinds[e.kind]}", e.text)
                for e in sorted(plan.log, key=lambda e: e.date, reverse=True)]
    if table == "evaluations":
        return [card_tile(fmt(e.planned), e.changes or e.notes) for e in plan.evaluations]
    if table == "trajectory":
        t = plan.trajectory
        days = t.days_referral_to_first_visit()
        return [paragraph(ctx.tr.ngettext("{n} day from referral to the first visit.",
                                          "{n} days from referral to the first visit.", days).format(n=days))] if days is not None else []
    if table == "household" and plan.household:
        return [card_tile(plan.household.name, plan.household.address)]
    return []


def build(ctx: ScreenContext, *, household_id: str | None = None) -> ft.View:
    _ = ctx._
    received = ctx.draft.get("received") if household_id is None else viewer.received(ctx.opened, household_id)
    if received is None:
        return ctx.router(ctx, "home")
    plan = Plan.from_tables({t: rows for t, rows in received.tables.items() if t != viewer.YOUTH_TABLE})
    created = dt.datetime.fromisoformat(received.created)
    banners = []
    if received.status == "older":
        banners.append(_banner(_("This code is older than a version you already have. "
                                 "You see the older plan; the newer one stays kept."),
                               ft.Icons.HISTORY, ft.Colors.AMBER_100, "older-banner"))
    titles = section_titles(ctx)
    body: list[ft.Control] = [
        heading(received.household_name),
        paragraph(_("Plan version {version}, shared on {date}. You can see it until {until}.").format(
            version=received.plan_version, date=ctx.tr.format_date(created.date()),
            until=ctx.tr.format_date(received.expires_at.date()))),
    ]
    if received.language:  # a young person's share does not say which language they wrote in
        body.append(ft.Row([ft.Icon(ft.Icons.TRANSLATE, size=18),
                            ft.Text(_("Written in {language}").format(
                                language=ctx.tr.language_name(received.language)),
                                size=15, italic=True, key="written-in")]))
    if viewer.YOUTH_TABLE in received.tables:  # a young person's own plan
        body += youth_cards(ctx, received.tables[viewer.YOUTH_TABLE][0], received.sections)
    for table in [] if viewer.YOUTH_TABLE in received.tables else received.sections:
        cards = _section_cards(ctx, plan, table)
        if cards:
            body.append(heading(titles.get(table, table)))
            body += cards
    body.append(paragraph(_("Shared by {name} · {fingerprint}").format(
        name=received.sender_name, fingerprint=received.fingerprint)))
    body.append(paragraph(_("Compare this fingerprint with the one on the family's screen."),
                          key="compare-fingerprint"))
    if received.status != "older" and received.sender and viewer.YOUTH_TABLE not in received.tables:
        if family_keys.is_bound(ctx.opened, received.household_id, received.fingerprint):
            body.append(primary_button(_("Write back to the family"), ft.Icons.REPLY,
                                       lambda: ctx.go("return_compose",
                                                      household_id=received.household_id),
                                       key="write-back"))
        else:  # kept before this app bound families to keys: scan a new code first
            body.append(paragraph(_(returns.FamilyNotConfirmed.default_problem),
                                  key="not-confirmed"))
    return screen(ctx, _("Shared plan"), [*banners, *body], back=lambda: ctx.go("home"),
                  key="shared_plan")
