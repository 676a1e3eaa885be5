"""The share as QR codes on screen (and as a file); a share under a passcode then shows its
passcode on a step of its own, once the codes were scanned: never the two together, so a
photo of the screen or a look over the shoulder does not get both."""

from __future__ import annotations

import flet as ft

from family_app.screens.common import paragraph, primary_button, screen, secondary_button
from family_app.screens.context import ScreenContext
from family_app.screens.sharing.qr_frames import QrFrames


def build(ctx: ScreenContext, *, to: str = "begeleider", step: str = "codes") -> ft.View:
    """`to` says who scans: the begeleider (a family's share), the family (a return or a young
    person's news) or the household's other device (joining, sync)."""
    result = ctx.draft.get("shared")
    if result is None:
        return ctx.router(ctx, "home")

    def done(_event=None):
        ctx.draft.pop("shared", None)
        ctx.go("devices" if to == "device" else "home")

    if step == "passcode" and result.passcode:
        return _passcode(ctx, result.passcode, to=to, done=done)
    return _codes(ctx, result, to=to, done=done)


def _codes(ctx: ScreenContext, result, *, to: str, done) -> ft.View:
    _ = ctx._
    picker = ft.FilePicker()

    async def save_file(_event=None):
        await picker.save_file(file_name="ons-plan.onsplan", src_bytes=result.bundle)

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
    parts.append(secondary_button(_("Save as a file"), ft.Icons.SAVE_ALT, save_file,
                                  key="save-file"))
    if result.passcode:  # the way on is the passcode: "Done" here would leave without it
        parts.append(primary_button(_("Scanned: show the passcode"), ft.Icons.PASSWORD,
                                    lambda: ctx.go("share_codes", to=to, step="passcode"),
                                    key="show-passcode"))
    else:
        parts.append(primary_button(ctx.tr.pgettext("button", "Done"), ft.Icons.CHECK, done,
                                    key="done"))
    view = screen(ctx, _("Share"), parts, back=done, key="share_codes")
    view.services.append(picker)
    return view


def _passcode(ctx: ScreenContext, passcode: str, *, to: str, done) -> ft.View:
    _ = ctx._
    return screen(ctx, _("Passcode"), [
        paragraph(_("Read this passcode aloud. The other person types it in.")),
        ft.Container(ft.Text(passcode, size=40, weight=ft.FontWeight.BOLD, key="share-passcode",
                             text_align=ft.TextAlign.CENTER),
                     bgcolor=ft.Colors.AMBER_50, border_radius=12, padding=24,
                     alignment=ft.Alignment.CENTER),
        primary_button(ctx.tr.pgettext("button", "Done"), ft.Icons.CHECK, done, key="done"),
        secondary_button(_("Show the codes again"), ft.Icons.QR_CODE,
                         lambda: ctx.go("share_codes", to=to), key="codes-again"),
    ], back=lambda: ctx.go("share_codes", to=to), key="share_passcode")
