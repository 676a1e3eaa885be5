"""First start, second question: is this app for a family, or for a begeleider?"""

from __future__ import annotations

import flet as ft

from family_app.screens.common import heading, paragraph, screen, secondary_button
from family_app.screens.context import ScreenContext


def _choice(icon: ft.IconData, title: str, body: str, on_click, key: str) -> ft.Control:
    return ft.Card(ft.Container(
        ft.Row([ft.Icon(icon, size=40, color=ft.Colors.TEAL_700),
                ft.Column([ft.Text(title, size=18, weight=ft.FontWeight.BOLD),
                           ft.Text(body, size=15)], expand=True, spacing=4),
                ft.Icon(ft.Icons.CHEVRON_RIGHT)]),
        padding=16, on_click=on_click, key=key, ink=True))


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    # One family plan and one begeleider workspace per device; young people each get one.
    kinds = {p.kind for p in ctx.device.profiles()}
    return screen(ctx, _("Welcome to Ons Plan"), [
        heading(_("Your plan, on your own phone")),
        paragraph(_("Locked with your PIN. You share only what you choose yourself.")),
        *([] if "family" in kinds else [_choice(
            ft.Icons.FAMILY_RESTROOM, _("For our family"),
            _("Your goals and agreements, in your own words."),
            lambda: ctx.go("family_setup"), "mode-family")]),
        _choice(ft.Icons.LOCK_PERSON, _("My own plan (12+)"),
                _("For young people: a plan only you can open."),
                lambda: ctx.go("youth_setup"), "mode-youth"),
        *([] if "begeleider" in kinds else [_choice(
            ft.Icons.BADGE, _("I am a begeleider"),
            _("See the plans that families share with you."),
            lambda: ctx.go("begeleider_setup"), "mode-begeleider")]),
        # Rarely needed, so quieter than the three ways to start.
        secondary_button(_("I have a backup"), ft.Icons.RESTORE,
                         lambda: ctx.go("backup_restore"), key="mode-backup"),
    ], back=lambda: ctx.go("start" if kinds else "language"), key="welcome")
