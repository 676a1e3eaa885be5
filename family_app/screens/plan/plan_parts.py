"""Our whole plan: every part of the gezinsplan as a tile, one tap from home.

Home shows what a parent needs first (what is due, what changed, the goals); everything
else lives here. A part opened from here goes back here (way_back.py), and from here back
leads home (docs/decisions.md).
"""

from __future__ import annotations

import flet as ft

from family_app.bundles import lifetimes
from family_app.household import household, household_conflicts
from family_app.plan import family_plan
from family_app.plan.plan_book import PlanBook
from family_app.sharing import returns

from family_app.screens.common import screen
from family_app.screens.context import ScreenContext
from family_app.screens.plan.sections import sections
from family_app.screens.plan.way_back import WHOLE_PLAN

SECTION_ORDER = ("goals", "agreements", "network", "professionals", "safety", "log", "evaluations",
                 "trajectory", "members")


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
    summary = family_plan.summarize(plan)
    today = ctx.today()

    def go(name: str, **params):
        return lambda _e=None: ctx.go(name, **params)

    all_sections = sections(ctx)
    tiles = []
    for table in SECTION_ORDER:
        section = all_sections[table]
        count = summary.counts.get(table, len(plan.members) if table == "members" else 0)
        line = _("Empty") if count == 0 else ctx.tr.ngettext(
            "{n} item", "{n} items", count).format(n=count)
        target = (go("record_form", table="trajectory", back=WHOLE_PLAN) if table == "trajectory"
                  else go("section", table=table, back=WHOLE_PLAN))
        tiles.append(section_tile(section.icon, section.title, line, target, f"section-{table}"))
    tiles.append(section_tile(ft.Icons.HISTORY, _("What changed"), _("Who changed what"),
                              go("history"), "section-history"))
    waiting = len(returns.inbox(book))
    tiles.append(section_tile(ft.Icons.INBOX, _("From the begeleider"),
                              ctx.tr.ngettext("{n} waiting", "{n} waiting", waiting).format(n=waiting),
                              go("inbox"), "section-inbox"))
    to_choose = len(household_conflicts.open_conflicts(book))
    device_count = len(household.paired_devices(book))
    tiles.append(section_tile(
        ft.Icons.DEVICES, _("Our devices"),
        ctx.tr.ngettext("{n} change to choose between", "{n} changes to choose between",
                        to_choose).format(n=to_choose) if to_choose else
        ctx.tr.ngettext("{n} other device", "{n} other devices", device_count).format(n=device_count),
        go("devices"), "section-devices"))
    shared = len([s for s in plan.shares if lifetimes.is_active(s, today)])
    tiles.append(section_tile(ft.Icons.SHARE, _("Shared with"),
                              ctx.tr.ngettext("{n} share open", "{n} shares open", shared).format(n=shared),
                              go("consent_log"), "section-shares"))
    tiles.append(section_tile(ft.Icons.SAVE_ALT, _("Save a backup"), _("A file to keep safe"),
                              go("backup_save"), "section-backup"))
    # Last, as it comes last: the questions when the help ends (home offers it only when
    # every goal is reached or let go, the evaluations once one was held).
    if not plan.trajectory.closed:
        tiles.append(section_tile(ft.Icons.FLAG_CIRCLE, _("Closing the plan"), _("Afronding"),
                                  go("closure_wizard", step=0), "section-closure"))
    return screen(ctx, _("Our whole plan"), [ft.ResponsiveRow(tiles, spacing=6, run_spacing=6)],
                  back=lambda: ctx.go("home"), key="plan_parts")
