"""The begeleider's own code: a family scans it once to pair, and both screens then show
the same short fingerprint to compare."""

from __future__ import annotations

import flet as ft

from family_app.sharing import sharing

from family_app.screens.common import heading, paragraph, screen
from family_app.screens.context import ScreenContext
from family_app.screens.sharing.qr_frames import QrFrames


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    code = sharing.identity_code(ctx.opened)
    return screen(ctx, _("My code"), [
        paragraph(_("Let the family scan this code with Ons Plan. Then compare the code below "
                    "with the one on the family's screen: they must be exactly the same.")),
        QrFrames(ctx, code.frames, key="identity-qr"),
        heading(code.fingerprint),
        paragraph(f"{code.name} · {code.organisation}"),
    ], back=lambda: ctx.go("home"), key="identity_code")
