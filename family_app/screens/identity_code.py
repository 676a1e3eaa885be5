"""The begeleider's own code: a family scans it once to pair, and both screens then show
the same short fingerprint to compare."""

from __future__ import annotations

import datetime as dt

import flet as ft

from sync.bundle import seal
from sync.frames import split_frames

from .common import heading, paragraph, screen
from .context import ScreenContext
from .qr_frames import QrFrames


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    workspace = ctx.opened.workspace()
    me = ctx.opened.identity(workspace.name, workspace.organisation)
    now = dt.datetime.now(dt.timezone.utc)
    bundle = seal("identity", {}, me, expires=now + dt.timedelta(days=365), now=now)
    return screen(ctx, _("My code"), [
        paragraph(_("Let the family scan this code with Ons Plan. Then compare the code below "
                    "with the one on the family's screen: they must be exactly the same.")),
        QrFrames(ctx, split_frames(bundle), key="identity-qr"),
        heading(me.fingerprint()),
        paragraph(f"{workspace.name} · {workspace.organisation}"),
    ], back=lambda: ctx.go("home"), key="identity_code")
