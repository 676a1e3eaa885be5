"""Two safety checks side by side: what changed between then and now."""

from __future__ import annotations

import flet as ft

from family_app.plan import plan_overview
from family_app.plan.plan_book import PlanBook

from family_app.screens.common import paragraph, screen
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    snapshots = sorted(PlanBook(ctx.opened).plan().safety, key=lambda s: s.date)
    back = lambda: ctx.go("section", table="safety")  # noqa: E731
    if len(snapshots) < 2:
        return ctx.router(ctx, "section", table="safety")
    comparison = plan_overview.compare_safety(snapshots[-2], snapshots[-1])
    titles = {"going_well": (ft.Icons.THUMB_UP, _("What goes well?")),
              "worries": (ft.Icons.REPORT, _("What are we worried about?")),
              "needed": (ft.Icons.LIGHTBULB, _("What is needed so the worries get smaller?"))}

    def column(snapshot, items: list[str]) -> ft.Control:
        return ft.Container(ft.Column(
            [ft.Text(ctx.tr.format_date(snapshot.date), weight=ft.FontWeight.BOLD)] +
            [ft.Text("• " + item, size=15) for item in items] +
            ([] if items else [ft.Text("—", color=ft.Colors.GREY_600)]), spacing=4),
            expand=True, bgcolor=ft.Colors.GREY_50, border_radius=8, padding=10)

    blocks: list[ft.Control] = []
    scale = [s.scale for s in (comparison.earlier, comparison.later)]
    if all(v is not None for v in scale):
        blocks.append(paragraph(_("How safe: {before} then, {after} now (out of 10).").format(
            before=scale[0], after=scale[1])))
    for name, earlier, later in comparison.rows():
        icon, title = titles[name]
        blocks.append(ft.Row([ft.Icon(icon, color=ft.Colors.TEAL_700),
                              ft.Text(title, size=17, weight=ft.FontWeight.BOLD, expand=True)]))
        blocks.append(ft.Row([column(comparison.earlier, earlier), column(comparison.later, later)],
                             vertical_alignment=ft.CrossAxisAlignment.START))
    return screen(ctx, _("Then and now"), blocks, back=back, key="safety_compare")
