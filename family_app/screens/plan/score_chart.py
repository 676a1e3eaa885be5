"""A goal's check-ins as a line chart (flet-charts), with the dates along the bottom."""

from __future__ import annotations

import flet as ft
import flet_charts as fch

from family_app.screens.context import ScreenContext


def score_chart(ctx: ScreenContext, scores: list) -> ft.Control:
    ordered = sorted(scores, key=lambda s: s.date)
    points = [fch.LineChartDataPoint(i, s.score) for i, s in enumerate(ordered)]
    labels = [fch.ChartAxisLabel(value=i, label=ft.Text(ctx.tr.format_date(s.date, "d MMM"), size=11))
              for i, s in enumerate(ordered)]
    chart = fch.LineChart(
        data_series=[fch.LineChartData(points=points, color=ft.Colors.TEAL_700, stroke_width=3,
                                       point=True, curved=False)],
        min_y=0, max_y=10, min_x=0, max_x=max(len(ordered) - 1, 1), interactive=False,
        left_axis=fch.ChartAxis(labels=[fch.ChartAxisLabel(value=v, label=ft.Text(str(v), size=11))
                                        for v in (0, 5, 10)], label_size=28),
        bottom_axis=fch.ChartAxis(labels=labels, label_size=24),
        horizontal_grid_lines=fch.ChartGridLines(interval=5, color=ft.Colors.GREY_300, width=1),
        height=200, expand=False)
    # A screen reader cannot read the picture; the list of check-ins below it says the same.
    # (ft.Semantics would be the place for a label, but in Flet 1.0.5 web it renders grey.)
    return ft.Column([ft.Text(ctx._("Progress over time"), size=15, color=ft.Colors.GREY_800),
                      ft.Container(chart, padding=ft.Padding.only(right=16, top=8))],
                     key="score-chart")
