"""The recovery code, shown once: the only way back in when the PIN is forgotten.

Written down, or saved as a page to print: 25 characters are easily written wrong.
"""

from __future__ import annotations

from html import escape

import flet as ft

from family_app.screens.common import (Message, heading, paragraph, primary_button, screen,
                                       secondary_button)
from family_app.screens.context import ScreenContext

PAGE_FILE = "ons-plan-code.html"


def build(ctx: ScreenContext, *, code: str, renewed: bool = False) -> ft.View:
    """``renewed``: a new code replaces the old one ("Someone may know my PIN")."""
    _ = ctx._
    understood = ft.Checkbox(label=_("I have written down my recovery code"), key="wrote-it-down")
    go_on = primary_button(_("Continue"), ft.Icons.ARROW_FORWARD,
                           lambda: ctx.go("home"), key="continue", disabled=True)

    def toggle(_event=None):
        go_on.disabled = not understood.value

    understood.on_change = toggle
    picker = ft.FilePicker()
    saved = Message(key="code-saved")

    async def save_page(_event=None):
        await picker.save_file(file_name=PAGE_FILE, src_bytes=printable_page(ctx, code))
        # On the phone the copy is a file beside the plan: it belongs on paper, not there.
        saved.say(_("Saved. Print it, then delete the file from this device."), ok=True)

    # Three groups, then two: a narrow screen would otherwise break the line mid-code.
    groups = code.split("-")
    # Each line forced left to right (LRI…PDI), so an Arabic screen cannot move the
    # hyphens even when a line holds only digits.
    shown = "\n".join(f"\u2066{line}\u2069" for line in ("-".join(groups[:3]) + "-", "-".join(groups[3:])))
    code_box = ft.Container(
        ft.Text(shown, size=24, weight=ft.FontWeight.BOLD, text_align=ft.TextAlign.CENTER,
                semantics_label=code, key="recovery-code"),
        bgcolor=ft.Colors.AMBER_50, border=ft.Border.all(2, ft.Colors.AMBER_700),
        # Narrow sides: three groups still fit one line on a 320 px phone.
        border_radius=12, padding=ft.Padding.symmetric(vertical=20, horizontal=8),
        alignment=ft.Alignment.CENTER)
    view = screen(ctx, _("Your recovery code"), [
        heading(_("Write this code down")),
        paragraph(_("Forgot your PIN? Then this code opens your plan. Keep it at home, away "
                    "from your phone: whoever has it can open your plan."), key="code-purpose"),
        code_box,
        *([paragraph(_("Your old recovery code no longer works. Throw the old paper away."),
                     key="old-code-gone")] if renewed else []),
        ft.Row([ft.Icon(ft.Icons.VISIBILITY_OFF, color=ft.Colors.AMBER_900),
                ft.Text(_("You see this code only now. Nobody else has it, not even the CJG."),
                        expand=True)]),
        secondary_button(_("Save to print"), ft.Icons.PRINT, save_page, key="save-code"),
        saved,
        # At its own width: stretched to the screen's, the box and its words were drawn wide.
        ft.Column([understood], horizontal_alignment=ft.CrossAxisAlignment.START),
        go_on,
    ], key="recovery_code")
    view.services.append(picker)
    return view


def printable_page(ctx: ScreenContext, code: str) -> bytes:
    """A page to print: the code in large letters, what it is for, and the day it was made
    (a newer code makes older papers useless). It needs nothing from the internet."""
    _ = ctx._
    title = escape(_("Your recovery code"))
    lines = [_("Forgot your PIN? Then this code opens your plan. Keep it at home, away "
               "from your phone: whoever has it can open your plan."),
             _("Made on {date}.").format(date=ctx.tr.format_date(ctx.today(), "long"))]
    return f"""<!doctype html>
<html lang="{ctx.tr.lang}" dir="{ctx.tr.direction}">
<head><meta charset="utf-8"><title>Ons Plan: {title}</title>
<style>
body {{ font-family: sans-serif; font-size: 16pt; line-height: 1.5; max-width: 36em; margin: 2em auto; padding: 0 1em; }}
.code {{ font: bold 26pt monospace; letter-spacing: 0.06em; text-align: center; direction: ltr;
        unicode-bidi: isolate; border: 3px solid #b45309; border-radius: 12px; padding: 0.6em; }}
</style></head>
<body>
<h1>Ons Plan: {title}</h1>
<p class="code">{escape(code)}</p>
{"".join(f"<p>{escape(line)}</p>" for line in lines)}
</body>
</html>
""".encode("utf-8")
