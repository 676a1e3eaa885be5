"""The network drawn as a flower: the family in the middle, one petal per circle.

Kennemerland draws it this way so that children and parents with LVB can use it too.
Petals are ordinary containers in a wrap, so on a phone they stack two by two.
"""

from __future__ import annotations

import flet as ft

from family_app.screens.context import ScreenContext
from family_app.screens.labels import circle_labels

PETAL_COLOURS = {"family": ft.Colors.PINK_50, "friends": ft.Colors.AMBER_50,
                 "neighbourhood": ft.Colors.LIGHT_GREEN_50, "school": ft.Colors.LIGHT_BLUE_50,
                 "work": ft.Colors.DEEP_PURPLE_50, "leisure": ft.Colors.ORANGE_50}
PETAL_ICONS = {"family": ft.Icons.FAMILY_RESTROOM, "friends": ft.Icons.FAVORITE,
               "neighbourhood": ft.Icons.HOME_WORK, "school": ft.Icons.SCHOOL,
               "work": ft.Icons.WORK, "leisure": ft.Icons.SPORTS_SOCCER}


def _petal(ctx: ScreenContext, circle: str, label: str, people: list) -> ft.Control:
    names = [ft.Row([ft.Icon(ft.Icons.STAR if p.beside_family or p.central_contact else ft.Icons.PERSON,
                             size=16), ft.Text(p.name, size=15, expand=True)], spacing=4,
                    tight=True)
             for p in people] or [ft.Text("—", size=15, color=ft.Colors.GREY_600)]
    return ft.Container(
        ft.Column([ft.Row([ft.Icon(PETAL_ICONS[circle], size=20),
                           ft.Text(label, weight=ft.FontWeight.BOLD, size=15, expand=True)],
                          spacing=6),
                   *names], spacing=4, tight=True),
        bgcolor=PETAL_COLOURS[circle], border_radius=ft.BorderRadius.all(40),
        # Two petals side by side fill a phone's column (2 x 172 + 10 of 358 px), so that
        # "Neighbourhood" is not broken inside the word.
        padding=ft.Padding.symmetric(horizontal=12, vertical=14), width=172,
        key=f"petal-{circle}")


def flower(ctx: ScreenContext, by_circle: dict[str, list]) -> ft.Control:
    labels = circle_labels(ctx)
    heart = ft.Container(ft.Row([ft.Icon(ft.Icons.FAMILY_RESTROOM, color=ft.Colors.WHITE),
                                 ft.Text(ctx._("Our family"), color=ft.Colors.WHITE,
                                         weight=ft.FontWeight.BOLD)], tight=True),
                         bgcolor=ft.Colors.TEAL_700, border_radius=30, padding=12)
    petals = [_petal(ctx, circle, labels[circle], people) for circle, people in by_circle.items()]
    return ft.Column([ft.Row([heart], alignment=ft.MainAxisAlignment.CENTER),
                      ft.Row(petals, wrap=True, spacing=10, run_spacing=10,
                             alignment=ft.MainAxisAlignment.CENTER)],
                     horizontal_alignment=ft.CrossAxisAlignment.CENTER, key="flower")
