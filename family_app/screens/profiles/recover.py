"""Forgot the PIN: the recovery code opens the plan and a new PIN is set."""

from __future__ import annotations

import asyncio

import flet as ft

from family_app.profiles import unlocking
from i18n.problems import Problem

from family_app.screens.common import (Message, heading, paragraph, primary_button, refused,
                                       screen, secret_field, text_field)
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext, *, profile_id: str) -> ft.View:
    _ = ctx._
    profile = ctx.device.profile(profile_id)
    message = Message()
    code = text_field(label=_("Recovery code"),
                      key="recovery-input", prefix_icon=ft.Icons.KEY, text_size=18,
                      capitalization=ft.TextCapitalization.CHARACTERS)
    first = secret_field(ctx, _("New PIN or passphrase"), key="new-secret")
    second = secret_field(ctx, _("The same again"), key="new-secret-repeat")
    state = {"countdown": None}

    async def recover(_event=None):
        if button.disabled:   # opening, or waiting after wrong codes
            return
        message.clear()
        if first.value != second.value:
            message.say(_("The two entries are not the same. Please type them again."))
            return
        button.disabled = True
        ctx.page.update()
        try:
            opened = await asyncio.to_thread(unlocking.recover, ctx.device, profile,
                                             code.value, first.value)
        except Problem as error:
            button.disabled = False
            state["countdown"] = refused(ctx, error, message, button)  # wrong codes wait too
            ctx.page.update()  # an earlier update() in this handler turns auto-update off
            return
        ctx.enter(opened)

    second.on_submit = recover
    button = primary_button(_("Open and set new PIN"), ft.Icons.LOCK_RESET, recover, key="recover")
    return screen(ctx, _("Forgot your PIN?"), [
        heading(_("Use your recovery code")),
        paragraph(_("You wrote this code down when you started with Ons Plan. "
                    "It has 20 letters and digits.")),
        code, first, second, message, button,
    ], back=lambda: ctx.go("unlock", profile_id=profile_id), key="recover")
