"""After scanning a begeleider's code: compare the fingerprints, then pair."""

from __future__ import annotations

import flet as ft

from family_app.sharing import sharing
from family_app.youth import youth_sharing
from family_app.plan.plan_book import PlanBook
from family_app.youth.youth_book import YouthBook

from family_app.screens.common import heading, paragraph, primary_button, screen, secondary_button
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    identity = ctx.draft.get("pairing")
    if identity is None:
        return ctx.router(ctx, "section", table="professionals")

    youth = ctx.opened.profile.kind == "youth"  # a young person pairs in their own profile
    # Back where the pairing started: the share screen, or the list of professionals.
    back_to = ctx.draft.get("after_pairing") or (
        ("youth_share", {}) if youth else ("section", {"table": "professionals"}))

    def agree(_event=None):
        if youth:
            youth_sharing.pair(YouthBook(ctx.opened), ctx.draft.pop("pairing"))
        else:
            sharing.pair(PlanBook(ctx.opened), ctx.draft.pop("pairing"))
        leave()

    def refuse(_event=None):
        ctx.draft.pop("pairing", None)
        leave()

    def leave():
        ctx.draft.pop("after_pairing", None)
        ctx.go(back_to[0], **back_to[1])

    return screen(ctx, _("Is this your begeleider?"), [
        heading(identity.name), paragraph(identity.organisation),
        paragraph(_("Look at the begeleider's screen. Is this code exactly the same there?")),
        ft.Container(ft.Text(identity.fingerprint(), size=28, weight=ft.FontWeight.BOLD,
                             key="fingerprint", text_align=ft.TextAlign.CENTER),
                     bgcolor=ft.Colors.TEAL_50, border_radius=12, padding=16,
                     alignment=ft.Alignment.CENTER),
        primary_button(_("Yes, the codes are the same"), ft.Icons.CHECK, agree, key="same"),
        secondary_button(_("No, they are different"), ft.Icons.CLOSE, refuse, key="different"),
    ], back=refuse, key="pair_confirm")
