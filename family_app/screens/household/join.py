"""Joining a household, step by step. Both screens show the same six-digit code: if they
match, nobody sat in between (docs/threat-model.md, "Household devices").

offer   (first device) its join code; then it scans the new device's answer
reply   (new device)   the code to compare and its answer as QR; then it scans the plan
confirm (first device) the code to compare; then it shows the household's plan
"""

from __future__ import annotations

import flet as ft

from family_app.household import household, household_sync
from family_app.bundles.codes import codes_for
from family_app.plan.plan_book import PlanBook

from family_app.screens.common import heading, paragraph, primary_button, screen, secondary_button
from family_app.screens.context import ScreenContext
from family_app.screens.sharing.qr_frames import QrFrames


def _code(code: str) -> ft.Control:
    return ft.Container(ft.Text(code, size=34, weight=ft.FontWeight.BOLD, key="join-code",
                                text_align=ft.TextAlign.CENTER),
                        bgcolor=ft.Colors.TEAL_50, border_radius=12, padding=16,
                        alignment=ft.Alignment.CENTER)


def build(ctx: ScreenContext, *, step: str) -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)

    def cancel(_event=None):
        for key in ("shared", "join_reply", "joining"):
            ctx.draft.pop(key, None)
        ctx.go("devices")

    if step == "offer" and ctx.draft.get("shared"):
        body = [paragraph(_("On the new device: open Ons Plan, start a new family plan, then "
                            "Our devices, 'Join a household (new device)'. Let it scan this code.")),
                QrFrames(ctx, ctx.draft["shared"].frames, key="join-qr"),
                primary_button(_("Scan the new device's code"), ft.Icons.QR_CODE_SCANNER,
                               lambda: ctx.go("scan", purpose="join_reply"), key="scan-reply")]
    elif step == "reply" and ctx.draft.get("join_reply"):
        reply = ctx.draft["join_reply"]

        def same(_event=None):
            household.confirm_join(book, reply.device)
            ctx.draft.pop("join_reply", None)
            ctx.go("join", step="wait")

        body = [heading(_("Is this code the same on the other device?")), _code(reply.code),
                paragraph(_("Let the other device scan this code. It then shows a code too.")),
                QrFrames(ctx, codes_for(reply.bundle).frames, key="reply-qr"),
                primary_button(_("Yes, the codes are the same"), ft.Icons.CHECK, same, key="same"),
                secondary_button(_("No, they are different"), ft.Icons.CLOSE, cancel, key="different")]
    elif step == "wait":
        body = [paragraph(_("Almost there. The other device now shows the household's plan as "
                            "codes: scan them.")),
                primary_button(_("Scan the household's plan"), ft.Icons.QR_CODE_SCANNER,
                               lambda: ctx.go("scan", purpose="sync"), key="scan-plan")]
    elif step == "confirm" and ctx.draft.get("joining"):
        code, device = ctx.draft["joining"]

        def same(_event=None):
            confirmed = household.confirm_join(book, device)
            ctx.draft.pop("joining", None)
            ctx.draft["shared"] = codes_for(household_sync.make_sync(book, confirmed))
            ctx.go("share_codes", to="device")

        body = [heading(_("Is this code the same on the other device?")), _code(code),
                primary_button(_("Yes, the codes are the same"), ft.Icons.CHECK, same, key="same"),
                secondary_button(_("No, they are different"), ft.Icons.CLOSE, cancel, key="different")]
    else:
        return ctx.router(ctx, "devices")
    return screen(ctx, _("Join a household"), body, back=cancel, key=f"join-{step}")
