"""The lock screen: the PIN opens the profile. It shows nothing of the plan itself."""

from __future__ import annotations

import asyncio

import flet as ft

from family_app.profiles import unlocking
from i18n.problems import Problem

from family_app.screens.common import (Message, language_button, paragraph, primary_button,
                                       refused, screen, secret_field, secondary_button)
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext, *, profile_id: str) -> ft.View:
    _ = ctx._
    profile = ctx.device.profile(profile_id)
    message = Message()
    secret = secret_field(ctx, _("PIN or passphrase"), key="unlock-secret")
    state = {"countdown": None}

    async def open_profile(_event=None):
        if button.disabled:
            return
        message.clear()
        button.disabled = True
        ctx.page.update()  # show at once that the tap was taken: scrypt takes a moment
        try:
            opened = await asyncio.to_thread(unlocking.unlock, ctx.device, profile, secret.value)
        except Problem as error:
            # Typed again, as on a phone's lock screen: a hidden wrong PIN cannot be mended,
            # and is not left behind the eye that shows it (docs/accessibility.md).
            secret.value = ""
            button.disabled = False
            state["countdown"] = refused(ctx, error, message, button)
            ctx.page.update()  # an earlier update() in this handler turns auto-update off
            return
        # Home syncs once through a connected shared folder, behind it (plan/home.py).
        if opened.kind == "family":
            ctx.draft["sync_on_open"] = True
        ctx.enter(opened)

    secret.on_submit = open_profile
    button = primary_button(_("Open"), ft.Icons.LOCK_OPEN, open_profile, key="unlock")
    others = len(ctx.device.profiles()) > 1
    return screen(ctx, _("Ons Plan is locked"), [
        ft.Row([ft.Icon(ft.Icons.LOCK, size=40, color=ft.Colors.TEAL_700),
                ft.Text(unlocking.display_label(ctx.tr, profile), size=22,
                        weight=ft.FontWeight.BOLD, key="profile-label", expand=True)]),
        paragraph(_("Type your PIN or passphrase to open your plan.")),
        secret, message, button,
        secondary_button(_("I forgot my PIN"), ft.Icons.HELP_OUTLINE,
                         lambda: ctx.go("recover", profile_id=profile_id), key="forgot"),
        # Without unlocking: the numbers to call, and nothing of the plan (safety_card.py).
        secondary_button(_("When it is not safe"), ft.Icons.PHONE_IN_TALK,
                         lambda: ctx.go("safety_card", profile_id=profile_id), key="safety-card"),
    ], back=(lambda: ctx.go("profiles")) if others else None,
        actions=[language_button(ctx, then=("unlock", {"profile_id": profile_id}))],
        key="unlock")

