"""A goal's check-ins as a line chart (flet-charts), with the dates along the bottom."""

from __future__ import annotations

import flet as ft
import flet_charts as fch

from family_app.screens.context import ScreenContext

LABEL_SIZE = 14  # px: readable on a phone held at arm's length
MAX_DATES = 4  # dates along the bottom that fit a phone's width at LABEL_SIZE
# Half a step of room at each end: the first and last dates sit under their points, clear
# of the 0 at the corner in either direction (in Arabic the 0 fell on the first date).
MARGIN_X = 0.5


def _label(text: str) -> ft.Text:
    return ft.Text(text, size=LABEL_SIZE, color=ft.Colors.GREY_800)


def date_labels(ctx: ScreenContext, ordered: list) -> list[fch.ChartAxisLabel]:
    """A date under the first and the last check-in and evenly between, at most MAX_DATES."""
    last = len(ordered) - 1
    shown = {round(k * last / (MAX_DATES - 1)) for k in range(MAX_DATES)} if last >= MAX_DATES \
        else set(range(len(ordered)))
    return [fch.ChartAxisLabel(value=i, label=_label(ctx.tr.format_date(s.date, "d MMM")))
            for i, s in enumerate(ordered) if i in shown]


def score_chart(ctx: ScreenContext, scores: list) -> ft.Control:
    ordered = sorted(scores, key=lambda s: s.date)
    points = [fch.LineChartDataPoint(i, s.score) for i, s in enumerate(ordered)]
    chart = fch.LineChart(
        data_series=[fch.LineChartData(points=points, color=ft.Colors.TEAL_700, stroke_width=3,
                                       point=True, curved=False)],
        min_y=0, max_y=10, min_x=-MARGIN_X, max_x=max(len(ordered) - 1, 0) + MARGIN_X,
        interactive=False,
        # 0, 5 and 10 marked, each with its own line: label_spacing=5 keeps the 5 that an
        # automatic spacing leaves out.
        left_axis=fch.ChartAxis(labels=[fch.ChartAxisLabel(value=v, label=_label(str(v)))
                                        for v in (0, 5, 10)], label_spacing=5, label_size=32),
        # No label at the margins' ends (show_min/show_max): only under a check-in.
        bottom_axis=fch.ChartAxis(labels=date_labels(ctx, ordered), label_spacing=1, label_size=32,
                                  show_min=False, show_max=False),
        horizontal_grid_lines=fch.ChartGridLines(interval=5, color=ft.Colors.GREY_300, width=1),
        height=220, expand=False)
    # A screen reader cannot read the picture; the list of check-ins below it says the same.
    # (ft.Semantics would be the place for a label, but in Flet 1.0.5 web it renders grey.)
    return ft.Column([ft.Text(ctx._("Progress over time"), size=15, color=ft.Colors.GREY_800),
                      ft.Container(chart, padding=ft.Padding.only(left=4, right=16, top=8))],
                     key="score-chart")
