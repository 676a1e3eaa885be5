"""After closing: a word of thanks, and the choice to send the closure report."""

from __future__ import annotations

import flet as ft

from family_app.bundles import codes
from family_app.closure import closure_report
from family_app.sharing import sharing
from family_app.plan.plan_book import PlanBook

from family_app.screens.common import heading, paragraph, primary_button, screen, secondary_button
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    closed = ctx.draft.get("closed")
    youth = ctx.opened.kind == "youth"
    controls: list[ft.Control] = [
        ft.Icon(ft.Icons.CELEBRATION, size=48, color=ft.Colors.TEAL_700),
        heading(_("Your plan is closed")),
        paragraph(_("Well done. Your plan stays on this phone: you can read it and open it "
                    "again whenever you need to.")),
    ]
    professionals = [] if youth else sharing.paired(PlanBook(ctx.opened).plan())
    if closed is not None and professionals:
        to = ft.RadioGroup(value=professionals[0].id, key="report-to", content=ft.Column(
            [ft.Radio(value=p.id, label=f"{p.name} · {p.organisation}", key=f"report-to-{p.id}")
             for p in professionals], spacing=0))
        names = ft.Checkbox(label=_("Leave out our names and the texts of our goals"), value=True,
                            key="without-names")

        def send(_event=None):
            book = PlanBook(ctx.opened)
            professional = next(p for p in professionals if p.id == to.value)
            bundle = closure_report.send_closure(book, closed, to=professional,
                                                 with_names=not names.value)
            record = book.plan().shares[-1]
            ctx.draft["shared"] = codes.codes_for(bundle, record)
            ctx.go("share_codes")

        controls += [heading(_("Send the closure report?")),
                     paragraph(_("The CJG learns from how families rate the help. You choose: "
                                 "send it or not, with or without names.")),
                     to, names,
                     primary_button(_("Send the report"), ft.Icons.SEND, send, key="send-report")]
    controls.append(secondary_button(_("Back to our plan"), ft.Icons.HOME, lambda: ctx.go("home"),
                                     key="to-home"))
    return screen(ctx, _("Closed"), controls, back=lambda: ctx.go("home"), key="closure_done")
