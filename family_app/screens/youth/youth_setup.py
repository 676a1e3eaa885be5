"""A young person starts a plan of their own: a name to go by, then their own PIN."""

from __future__ import annotations

import flet as ft

from family_app.profiles import onboarding
from family_app.domain import ValidationError

from family_app.screens.common import (heading, paragraph, primary_button, screen, text_field,
                                       translated_problem)
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    draft = ctx.draft.setdefault("youth", {"name": ""})
    name = text_field(label=_("What should we call you?"), value=draft["name"], key="youth-name",
                      prefix_icon=ft.Icons.PERSON, text_size=18,
                      helper=_("A nickname is fine. Others on this phone see it on the start screen."),
                      helper_max_lines=3)

    def next_step(_event=None):
        name.error = None
        draft["name"] = name.value
        try:
            onboarding.youth_from_form(name.value)
        except ValidationError as error:
            name.error = translated_problem(ctx, error)
            return
        ctx.go("secret_setup", purpose="youth")

    return screen(ctx, _("Your own plan"), [
        heading(_("A plan that is only yours")),
        ft.Row([ft.Icon(ft.Icons.LOCK_PERSON, size=32, color=ft.Colors.TEAL_700),
                ft.Text(_("Only you can open it, with your own PIN. Not your parents, not your "
                          "begeleider. You decide if you share something, and what."),
                        size=16, expand=True)]),
        paragraph(_("Write what goes well, what bothers you, and what you dream of. "
                    "Set your own goals.")),
        name,
        primary_button(_("Next"), ft.Icons.ARROW_FORWARD, next_step, key="next"),
    ], back=lambda: ctx.go("welcome"), key="youth_setup")
