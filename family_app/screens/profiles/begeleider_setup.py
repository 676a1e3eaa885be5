"""First start for a begeleider: a workspace of their own, with name and organisation."""

from __future__ import annotations

import flet as ft

from family_app.profiles import onboarding
from family_app.domain import ValidationError

from family_app.screens.common import (heading, paragraph, primary_button, screen, text_field,
                                       translated_problem)
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    draft = ctx.draft.setdefault("begeleider", {"name": "", "organisation": ""})
    name = text_field(label=_("Your name"), value=draft["name"], key="begeleider-name",
                      prefix_icon=ft.Icons.PERSON, text_size=18)
    organisation = text_field(label=_("Your organisation"), value=draft["organisation"],
                              hint_text=_("For example: CJG Apeldoorn"), key="organisation",
                              prefix_icon=ft.Icons.BUSINESS, text_size=18)

    def next_step(_event=None):
        name.error = organisation.error = None
        draft.update(name=name.value, organisation=organisation.value)
        try:
            onboarding.workspace_from_form(name.value, organisation.value)
        except ValidationError as error:
            field = organisation if error.field == "organisation" else name
            field.error = translated_problem(ctx, error)
            return
        ctx.go("secret_setup", purpose="begeleider")

    return screen(ctx, _("Begeleider"), [
        heading(_("Your workspace")),
        paragraph(_("Families can share parts of their plan with you. "
                    "What they share is kept here, locked with your own PIN.")),
        name, organisation,
        primary_button(_("Next"), ft.Icons.ARROW_FORWARD, next_step, key="next"),
    ], back=lambda: ctx.go("welcome"), key="begeleider_setup")
