"""The recovery code, shown once: the only way back in when the PIN is forgotten."""

from __future__ import annotations

import flet as ft

from family_app.screens.common import heading, paragraph, primary_button, screen
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext, *, code: str, renewed: bool = False) -> ft.View:
    """``renewed``: a new code replaces the old one ("Someone may know my PIN")."""
    _ = ctx._
    understood = ft.Checkbox(label=_("I have written down my recovery code"), key="wrote-it-down")
    go_on = primary_button(_("Continue"), ft.Icons.ARROW_FORWARD,
                           lambda: ctx.go("home"), key="continue", disabled=True)

    def toggle(_event=None):
        go_on.disabled = not understood.value

    understood.on_change = toggle
    # Three groups, then two: a narrow screen would otherwise break the line mid-code.
    groups = code.split("-")
    # Each line forced left to right (LRI…PDI), so an Arabic screen cannot move the
    # hyphens even when a line holds only digits.
    shown = "\n".join(f"\u2066{line}\u2069" for line in ("-".join(groups[:3]) + "-", "-".join(groups[3:])))
    code_box = ft.Container(
        ft.Text(shown, size=26, weight=ft.FontWeight.BOLD, text_align=ft.TextAlign.CENTER,
                semantics_label=code, key="recovery-code"),
        bgcolor=ft.Colors.AMBER_50, border=ft.Border.all(2, ft.Colors.AMBER_700),
        border_radius=12, padding=20, alignment=ft.Alignment.CENTER)
    return screen(ctx, _("Your recovery code"), [
        heading(_("Write this code down")),
        paragraph(_("If you ever forget your PIN, this code opens your plan again. "
                    "Write it on paper and keep it somewhere safe at home.")),
        code_box,
        *([paragraph(_("Your old recovery code no longer works. Throw the old paper away."),
                     key="old-code-gone")] if renewed else []),
        ft.Row([ft.Icon(ft.Icons.VISIBILITY_OFF, color=ft.Colors.AMBER_900),
                ft.Text(_("You will see this code only now. We cannot show it again, "
                          "and nobody else has it: not the CJG, not us."), expand=True)]),
        understood, go_on,
    ], key="recovery_code")
