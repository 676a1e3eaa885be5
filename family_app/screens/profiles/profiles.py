"""Who is opening Ons Plan? Shown when this device holds more than one profile."""

from __future__ import annotations

import flet as ft

from family_app.profiles import unlocking

from family_app.screens.common import (BUTTON_HEIGHT, language_button, paragraph, screen,
                                       secondary_button)
from family_app.screens.context import ScreenContext

KIND_ICONS = {"family": ft.Icons.FAMILY_RESTROOM, "youth": ft.Icons.PERSON,
              "begeleider": ft.Icons.BADGE}


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    tiles = [
        ft.ListTile(leading=ft.Icon(KIND_ICONS.get(p.kind, ft.Icons.PERSON), size=32),
                    title=ft.Text(unlocking.display_label(ctx.tr, p), size=18),
                    trailing=ft.Icon(ft.Icons.LOCK), min_height=BUTTON_HEIGHT,
                    on_click=lambda _e=None, pid=p.id: ctx.go("unlock", profile_id=pid),
                    key=f"profile-{p.id}")
        for p in ctx.device.profiles()
    ]
    return screen(ctx, _("Who is using Ons Plan?"), [
        paragraph(_("Each plan has its own PIN. Choose yours.")),
        ft.Card(ft.Column(tiles, spacing=0)),
        secondary_button(_("Start a new plan"), ft.Icons.ADD, lambda: ctx.go("welcome"),
                         key="new-profile"),
        secondary_button(_("When it is not safe"), ft.Icons.PHONE_IN_TALK,
                         lambda: ctx.go("safety_card"), key="safety-card"),
    ], actions=[language_button(ctx, then=("profiles", {}))], key="profiles")
