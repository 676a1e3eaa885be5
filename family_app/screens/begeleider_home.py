"""The begeleider's home: who they are, and (soon) the plans families shared."""

from __future__ import annotations

import flet as ft

from .common import heading, language_button, paragraph, screen
from .context import ScreenContext
from .home import lock_button


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    workspace = ctx.opened.workspace()
    return screen(ctx, _("Begeleider"), [
        ft.Row([ft.Icon(ft.Icons.BADGE, size=40, color=ft.Colors.TEAL_700),
                ft.Column([heading(workspace.name),
                           ft.Text(workspace.organisation, size=16)], spacing=2, expand=True)]),
        ft.Card(ft.Container(ft.Column([
            ft.Row([ft.Icon(ft.Icons.QR_CODE_SCANNER), ft.Text(_("Shared plans"), size=18,
                                                              weight=ft.FontWeight.BOLD)]),
            paragraph(_("No family has shared a plan with you yet. When a family shows you "
                        "their code, you will scan it here."), key="no-shares"),
        ]), padding=16)),
    ], actions=[language_button(ctx, then=("home", {})), lock_button(ctx)], key="begeleider_home")
