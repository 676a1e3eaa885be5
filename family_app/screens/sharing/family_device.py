"""A share for a family the begeleider knows, from a key not bound to it: the family's
other phone or laptop, or someone else. Only "yes" after comparing the code on the
family's screen adds the device (viewer.confirm_device); "no" keeps nothing."""

from __future__ import annotations

import flet as ft

from family_app.sharing import viewer
from i18n.problems import Problem

from family_app.screens.common import (Message, heading, paragraph, primary_button, screen,
                                       secondary_button, translated_problem)
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    pending = ctx.draft.get("other_device")
    if pending is None:
        return ctx.router(ctx, "home")
    error = pending["error"]
    message = Message()

    def same(_event=None):
        try:
            ctx.draft["received"] = viewer.confirm_device(
                ctx.opened, pending["bundle"], fingerprint=error.fingerprint,
                passcode=pending.get("passcode"))
        except Problem as problem:
            message.say(translated_problem(ctx, problem))
            return
        ctx.draft.pop("other_device", None)
        ctx.go("shared_plan")

    def different(_event=None):
        ctx.draft.pop("other_device", None)
        ctx.go("home")

    body: list[ft.Control] = [paragraph(translated_problem(ctx, error), key="other-device-problem")]
    if error.household_name:
        body.append(heading(error.household_name))
    body += [
        paragraph(_("Look at the family's screen. Is this fingerprint exactly the same there?")),
        ft.Container(ft.Text(error.fingerprint, size=28, weight=ft.FontWeight.BOLD,
                             key="fingerprint", text_align=ft.TextAlign.CENTER),
                     bgcolor=ft.Colors.TEAL_50, border_radius=12, padding=16,
                     alignment=ft.Alignment.CENTER),
        paragraph(_("Fingerprints you already know for this family: {codes}").format(
            codes=", ".join(error.known)), key="known-codes"),
        message,
        primary_button(_("Yes, the codes are the same"), ft.Icons.CHECK, same, key="same"),
        secondary_button(_("No, they are different"), ft.Icons.CLOSE, different,
                         key="different"),
    ]
    return screen(ctx, _("Is this the family's other device?"), body, back=different,
                  key="family_device")
