""""Someone may know my PIN": a new PIN and a new recovery code for the open profile.

unlocking.renew_keys encrypts the whole plan again under new keys; then the new recovery
code is shown once, as at the start (recovery_code.py), and "Continue" leads home.
"""

from __future__ import annotations

import asyncio

import flet as ft

from family_app.profiles import unlocking
from i18n.problems import Problem

from family_app.screens.common import (busy_note, heading, Message, paragraph, primary_button,
                     refuse_new_secret, screen, secret_field, translated_problem)
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    purpose = ctx.opened.kind   # a young person's plan needs the stronger secret
    message = Message()
    first = secret_field(ctx, _("New PIN or passphrase"), key="new-secret")
    second = secret_field(ctx, _("The same again"), key="new-secret-repeat")
    keep_old = ft.Checkbox(label=_("Keep a copy of the old file"), value=False, key="keep-old-copy")
    busy = busy_note(_("Your plan gets a new lock. This takes a few seconds…"), key="renewing")

    async def renew(_event=None):
        if button.disabled:
            return
        if refuse_new_secret(ctx, first, second, message, purpose=purpose):
            return
        busy.visible, button.disabled = True, True
        ctx.page.update()
        opened = ctx.opened
        try:
            # Two scrypt runs and a new encryption: off the event loop, as at the start.
            code = await asyncio.to_thread(unlocking.renew_keys, opened, first.value,
                                           keep_old_copy=bool(keep_old.value))
        except (Problem, OSError) as error:
            busy.visible, button.disabled = False, False
            message.say(translated_problem(ctx, error))
            ctx.page.update()  # an earlier update() in this handler turns auto-update off
            return
        first.value = second.value = ""
        ctx.go("recovery_code", code=code, renewed=True)

    second.on_submit = renew
    button = primary_button(_("Change PIN and recovery code"), ft.Icons.LOCK_RESET, renew,
                            key="renew")
    if purpose == "youth":
        strength = _("Your plan is only for you. Choose at least 4 words that others "
                     "cannot guess, for example a silly sentence, or a PIN of at least "
                     "13 digits.")
    else:
        strength = _("You need it every time you open Ons Plan. "
                     "A PIN has at least 6 digits. A passphrase has at least 8 characters.")
    return screen(ctx, _("New PIN"), [
        heading(_("Someone may know my PIN")),
        paragraph(_("You choose a new PIN or passphrase. You also get a new recovery code.")),
        paragraph(_("After that, the old PIN and the old recovery code no longer open "
                    "your plan on this device.")),
        paragraph(_("Has someone already made a copy of your plan? That copy still opens "
                    "with the old PIN. Nobody can change that.")),
        paragraph(strength),
        first, second,
        keep_old,
        ft.Text(_("Usually not needed. The old file still opens with the old PIN."), size=14,
                color=ft.Colors.GREY_800),
        message, busy, button,
    ], back=lambda: ctx.go("home"), key="new_keys")
