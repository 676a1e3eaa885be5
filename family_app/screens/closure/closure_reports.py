"""The begeleider's report over the closure reports families sent: how satisfied families
were, how goals went, how the help ended — as numbers and charts."""

from __future__ import annotations

import flet as ft
import flet_charts as fch

from family_app.report import closure_inbox

from family_app.screens.common import card_tile, heading, paragraph, screen, secondary_button
from family_app.screens.context import ScreenContext
from family_app.screens.labels import ending_labels, satisfaction_item_labels

ITEM_ORDER = ("help_overall", "contact_begeleider", "speed_of_start", "managing_again",
              "referral_support")


def _means_chart(items) -> ft.Control:
    """One bar per item: its mean, out of 10."""
    groups = [fch.BarChartGroup(x=i, rods=[fch.BarChartRod(to_y=item.mean or 0, width=26,
                                                            color=ft.Colors.TEAL_600)])
              for i, item in enumerate(items)]
    labels = [fch.ChartAxisLabel(value=i, label=ft.Text(str(i + 1), size=12)) for i in range(len(items))]
    return ft.Container(fch.BarChart(
        groups=groups, max_y=10, interactive=False, height=180,
        bottom_axis=fch.ChartAxis(labels=labels, label_size=22),
        left_axis=fch.ChartAxis(labels=[fch.ChartAxisLabel(value=v, label=ft.Text(str(v), size=11))
                                        for v in (0, 5, 10)], label_size=26),
        horizontal_grid_lines=fch.ChartGridLines(interval=5, color=ft.Colors.GREY_300, width=1)),
        padding=ft.Padding.only(right=12, top=8), key="means-chart")


def _group(ctx: ScreenContext, group, title: str) -> list[ft.Control]:
    _ = ctx._
    labels = satisfaction_item_labels(ctx)
    items = [group.item(key) for key in ITEM_ORDER if any(i.key == key for i in group.items)]
    rows = [card_tile(labels[i.key],
                      _("mean {mean} · median {median} · {n} answered").format(
                          mean=ctx.tr.format_number(i.mean) if i.mean is not None else "–",
                          median=ctx.tr.format_number(i.median) if i.median is not None else "–", n=i.n))
            for i in items]
    results = {"reached": _("Reached"), "partly": _("Partly"), "not": _("Not reached")}
    goal_line = " · ".join(f"{results[k]} {c.percent:.0f}%" for k, c in group.goals.items() if c.of)
    endings = ending_labels(ctx)
    ending_lines = "\n".join(f"{code} {endings[code]}: {c.percent:.0f}%" for code, c in group.endings.items() if c.count)
    facts = [
        card_tile(_("Goals"), goal_line or "–", icon=ft.Icons.FLAG),
        card_tile(_("How the help ended"), ending_lines or "–", icon=ft.Icons.FLAG_CIRCLE),
        card_tile(_("Dropped out (stopped by the family or the help)"), f"{group.dropout.percent:.0f}%",
                  icon=ft.Icons.LOGOUT),
        card_tile(_("Carry on without help"), f"{group.carrying_on.percent:.0f}%", icon=ft.Icons.DIRECTIONS_WALK),
    ]
    if group.referral_days.n:
        facts.append(card_tile(_("Days from referral to first visit"),
                               _("mean {mean} · median {median}").format(
                                   mean=ctx.tr.format_number(group.referral_days.mean),
                                   median=ctx.tr.format_number(group.referral_days.median)),
                               icon=ft.Icons.TIMER))
    if group.duration_n:
        facts.append(card_tile(_("Duration in months"), " · ".join(
            f"{bucket}: {c.percent:.0f}%" for bucket, c in group.duration.items()), icon=ft.Icons.DATE_RANGE))
    return [heading(f"{title}: n = {group.n}"), _means_chart(items), *rows, *facts]


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    report = closure_inbox.received_closures(ctx.opened)
    unverified = closure_inbox.unverified_closures(ctx.opened)
    body: list[ft.Control] = [paragraph(_("Families' own closure reports, counted once each. "
                                          "'Not applicable' answers are left out, never counted as 0."))]
    if report.parents.n:
        body += _group(ctx, report.parents, _("Families"))
    if report.youth.n:
        body += _group(ctx, report.youth, _("Young people (12+)"))
    if unverified:  # from keys not bound to the family they report on: never counted
        body += [heading(_("Not counted: from an unknown device")),
                 paragraph(_("These reports come from a device that never shared a plan with "
                             "you, so you cannot tell who made them. They count once the family "
                             "shares their plan with you from that device."),
                           key="unverified-reports")]
        body += [card_tile(ctx.tr.format_date(r.closed_on), r.sender, icon=ft.Icons.HELP_OUTLINE,
                           key=f"unverified-{r.bundle_id}") for r in unverified]
    if not report.n and not unverified:
        body.append(paragraph(_("No closure reports yet. Scan the code a family shows you when they "
                                "close their plan."), key="no-reports"))
    body.append(secondary_button(_("Scan a family's code"), ft.Icons.QR_CODE_SCANNER,
                                 lambda: ctx.go("scan", purpose="share"), key="scan-report"))
    return screen(ctx, _("Closure reports"), body, back=lambda: ctx.go("home"), key="closure_reports")
