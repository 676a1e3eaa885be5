"""The share as QR codes on screen (and as a file), with the passcode to read aloud."""

from __future__ import annotations

import flet as ft

from family_app.screens.common import heading, paragraph, primary_button, screen, secondary_button
from family_app.screens.context import ScreenContext
from family_app.screens.sharing.qr_frames import QrFrames


def build(ctx: ScreenContext, *, to: str = "begeleider") -> ft.View:
    """`to` says who scans: the begeleider (a family's share), the family (a return or a young
    person's news) or the household's other device (joining, sync)."""
    _ = ctx._
    result = ctx.draft.get("shared")
    if result is None:
        return ctx.router(ctx, "home")
    picker = ft.FilePicker()

    async def save_file(_event=None):
        await picker.save_file(file_name="ons-plan.onsplan", src_bytes=result.bundle)

    def done(_event=None):
        ctx.draft.pop("shared", None)
        ctx.go("devices" if to == "device" else "home")

    instruction = {
        "family": _("Let the family scan these codes with Ons Plan. "
                    "They change by themselves; hold the phone still."),
        "device": _("Let the other device scan these codes with Ons Plan. "
                    "They change by themselves; hold the phone still."),
    }.get(to, _("Let the begeleider scan these codes with Ons Plan. "
                "They change by themselves; hold the phone still."))
    parts: list[ft.Control] = [
        paragraph(instruction),
        QrFrames(ctx, result.frames, key="share-qr"),
    ]
    if to == "begeleider":  # the begeleider's app shows it too: the same keys, the same code
        parts.append(paragraph(_("Your fingerprint: {fingerprint}. The begeleider can compare it "
                                 "with their screen.").format(
                                     fingerprint=ctx.opened.identity().fingerprint()),
                               key="my-fingerprint"))
    if result.passcode:
        parts += [heading(_("Passcode")),
                  paragraph(_("Read this passcode aloud. Do not show it together with the codes.")),
                  ft.Container(ft.Text(result.passcode, size=30, weight=ft.FontWeight.BOLD,
                                       key="share-passcode", text_align=ft.TextAlign.CENTER),
                               bgcolor=ft.Colors.AMBER_50, border_radius=12, padding=16,
                               alignment=ft.Alignment.CENTER)]
    parts += [secondary_button(_("Save as a file"), ft.Icons.SAVE_ALT, save_file, key="save-file"),
              primary_button(_("Done"), ft.Icons.CHECK, done, key="done")]
    view = screen(ctx, _("Share"), parts, back=done, key="share_codes")
    view.services.append(picker)
    return view
