"""Print our plan: the family (or a young person, in their own profile) chooses the parts,
the app makes one page for A4 and the browser opens it in a new tab, ready to print.

Two taps, on purpose: "Make the page" writes the print in the consent log and hands the
page to the app's web server (printing/handover.py); "Open the page" then opens it inside
the person's own tap, which browsers require of a new tab."""

from __future__ import annotations

import flet as ft

from family_app.printing import handover, plan_paper

from family_app.screens.common import Message, paragraph, primary_button, screen
from family_app.screens.context import ScreenContext
from family_app.screens.forms import check_option, checked_values
from family_app.screens.labels import section_titles, youth_part_labels


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    kind = ctx.opened.kind
    titles = youth_part_labels(ctx) if kind == "youth" else section_titles(ctx)
    defaults = plan_paper.default_sections(kind)
    boxes = [check_option(titles[s], s in defaults, s, f"print-{s}")
             for s in plan_paper.sections_of(kind)]
    message = Message()
    ready = ft.Column(visible=False, spacing=12, tight=True,
                      horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def make(_event=None):
        sections = checked_values(boxes)
        if not sections:
            ready.visible = False
            message.say(_("Choose at least one part to print."))
            return
        message.clear()
        printout = plan_paper.print_plan(ctx.opened, sections, ctx.tr)
        address = handover.hand_over(printout.html)
        ready.controls = [
            paragraph(_("Your page is ready. It opens in a new tab: print it from there."),
                      key="print-ready"),
            ft.FilledButton(_("Open the page"), icon=ft.Icons.OPEN_IN_NEW, height=56,
                            url=ft.Url(address, target=ft.UrlTarget.BLANK), key="open-print")]
        ready.visible = True

    return screen(ctx, _("Print our plan") if kind != "youth" else _("Print my plan"), [
        paragraph(_("Choose what goes on paper. Only what you choose is printed, and "
                    "\"Shared with\" keeps a note of it.")),
        ft.Column(boxes, spacing=0, tight=True),
        message,
        primary_button(_("Make the page"), ft.Icons.PRINT, make, key="make-print"),
        ready,
    ], back=lambda: ctx.go("home"), key="print_plan")
