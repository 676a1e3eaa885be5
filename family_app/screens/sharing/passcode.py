"""A passcode share: the family reads the passcode aloud; the begeleider types it."""

from __future__ import annotations

import flet as ft

from family_app.sharing import viewer
from i18n.problems import Problem

from family_app.screens.common import (Message, paragraph, primary_button, screen, text_field,
                                       translated_problem)
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    message = Message()
    code = text_field(label=_("Passcode"), key="passcode", prefix_icon=ft.Icons.KEY,
                      text_size=20, capitalization=ft.TextCapitalization.CHARACTERS)

    def open_share(_event=None):
        try:
            ctx.draft["received"] = viewer.receive(ctx.opened, ctx.draft["scanned"],
                                                   passcode=code.value)
        except viewer.UnknownFamilyKey as error:  # a known family, from another key
            ctx.draft["other_device"] = {"bundle": ctx.draft.pop("scanned"),
                                         "passcode": code.value, "error": error}
            ctx.draft.pop("after_passcode", None)
            ctx.go("family_device")
            return
        except Problem as error:
            message.say(translated_problem(ctx, error))
            return
        ctx.draft.pop("scanned", None)
        then, params = ctx.draft.pop("after_passcode", ("shared_plan", {}))
        ctx.go(then, **params)

    code.on_submit = open_share
    return screen(ctx, _("Passcode"), [
        paragraph(_("This code is protected with a passcode. Type the passcode that the "
                    "family's screen shows.")),
        code, message, primary_button(_("Open"), ft.Icons.LOCK_OPEN, open_share, key="open"),
    ], back=lambda: ctx.go("home"), key="passcode")
