"""First start: choose the language. Each language is shown in its own words."""

from __future__ import annotations

import flet as ft

from i18n import LANGUAGE_NAMES

from family_app.screens.common import BUTTON_HEIGHT, paragraph, screen
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext, *, then: str = "welcome", then_params: dict | None = None) -> ft.View:
    """`then` is where to go next: onward on first start, back where the user came from later."""
    params = then_params or {}

    def choose(lang: str):
        def handler(_event=None):
            ctx.set_language(lang)
            ctx.go(then, **params)
        return handler

    choices = [
        ft.ListTile(leading=ft.Icon(ft.Icons.TRANSLATE),
                    title=ft.Text(name, size=18, weight=ft.FontWeight.W_500),
                    trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
                    selected=lang == ctx.tr.lang, on_click=choose(lang),
                    min_height=BUTTON_HEIGHT, key=f"lang-{lang}")
        for lang, name in LANGUAGE_NAMES.items()
    ]
    intro = ft.Row([ft.Icon(ft.Icons.WAVING_HAND, color=ft.Colors.TEAL_700),
                    ft.Text("Ons Plan", size=28, weight=ft.FontWeight.BOLD)])
    return screen(ctx, ctx._("Choose your language"),
                  [intro, paragraph(ctx._("Which language do you want to use?")),
                   ft.Card(ft.Column(choices, spacing=0))],
                  back=None if then == "welcome" else lambda: ctx.go(then, **params),
                  key="language")
