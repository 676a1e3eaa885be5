"""Choose the PIN or passphrase that locks this profile, then create it."""

from __future__ import annotations

import asyncio

import flet as ft

from family_app.profiles import onboarding
from i18n.problems import Problem

from family_app.screens.common import (busy_note, heading, Message, paragraph, primary_button,
                     refuse_new_secret, screen, secret_field, translated_problem)
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext, *, purpose: str) -> ft.View:
    _ = ctx._
    message = Message()
    first = secret_field(ctx, _("PIN or passphrase"), key="secret")
    second = secret_field(ctx, _("The same again"), key="secret-repeat")
    busy = busy_note(_("Locking your plan safely. This takes a few seconds…"))

    async def create(_event=None):
        if refuse_new_secret(ctx, first, second, message, purpose=purpose):
            return
        busy.visible, button.disabled = True, True
        ctx.page.update()
        try:
            # scrypt takes a while: off the event loop, or every open tab would freeze.
            opened, code = await asyncio.to_thread(
                onboarding.create_profile, ctx.device, purpose, ctx.draft, first.value, ctx.tr)
        except (Problem, OSError) as error:
            busy.visible, button.disabled = False, False
            message.say(translated_problem(ctx, error))
            ctx.page.update()  # an earlier update() in this handler turns auto-update off
            return
        ctx.opened = opened
        ctx.draft.clear()
        ctx.go("recovery_code", code=code)

    second.on_submit = create
    button = primary_button(_("Lock my plan"), ft.Icons.LOCK, create, key="create")
    if purpose == "youth":
        explanation = _("Your plan is only for you. Choose at least 4 words that others "
                        "cannot guess, for example a silly sentence, or a PIN of at least "
                        "13 digits.")
    else:
        explanation = _("You need it each time you open Ons Plan. PIN: at least 6 digits. "
                        "Passphrase: at least 8 characters.")
    # Why a passphrase is safer, for whoever asks: one tap away, so the screen stays short.
    safer = paragraph(_("A PIN keeps out someone who picks up the phone. Against someone who "
                        "copies the app's files and has a strong computer, only a passphrase of "
                        "several words helps."), key="which-is-safer")
    safer.visible = False

    def explain(_event=None):
        safer.visible, ask.visible = True, False

    ask = ft.TextButton(_("PIN or passphrase: which is safer?"), icon=ft.Icons.HELP_OUTLINE,
                        on_click=explain, key="ask-which-is-safer", height=48)
    back_to = {"family": "family_setup", "youth": "youth_setup"}.get(purpose, "begeleider_setup")
    return screen(ctx, _("Your PIN"), [
        heading(_("Choose a PIN or a passphrase")),
        paragraph(explanation),
        ask, safer,
        first, second, message, busy, button,
    ], back=lambda: ctx.go(back_to), key="secret_setup")
