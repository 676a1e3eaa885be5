"""After closing: a word of thanks, and the choice to send the closure report (as codes or
a file, or, with a shared folder connected, into the folder as the share screen does)."""

from __future__ import annotations


import flet as ft

from family_app.bundles import codes
from family_app.closure import closure_report
from family_app.relay import to_begeleider
from family_app.sharing import sharing
from family_app.plan.plan_book import PlanBook

from family_app.screens.common import (Message, busy_note, heading, paragraph, primary_button,
                                       screen, secondary_button)
from family_app.screens.context import ScreenContext
from family_app.screens.folder_form import put_in_folder


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

        def made():
            """The report as chosen, sealed and in the consent log."""
            book = PlanBook(ctx.opened)
            professional = next(p for p in professionals if p.id == to.value)
            bundle = closure_report.send_closure(book, closed, to=professional,
                                                 with_names=not names.value)
            return book, bundle, book.plan().shares[-1], professional

        def send(_event=None):
            _book, bundle, record, _to = made()
            ctx.draft["shared"] = codes.codes_for(bundle, record)
            ctx.go("share_codes")

        # With a shared folder: the same report, into it (relay/to_begeleider.py). When the
        # upload fails, the report is made and logged all the same; tapping again makes a new one.
        message = Message(key="report-message")
        busy = busy_note(_("Putting it in the shared folder…"), key="report-busy")

        async def put_report_in_folder(_event=None):
            message.clear()
            book, bundle, record, professional = made()
            await put_in_folder(ctx, message, busy, lambda: to_begeleider.put_closure(
                book, bundle, record, professional), professional.name)

        in_folder = [busy, message, secondary_button(
            _("Put in our shared folder"), ft.Icons.DRIVE_FOLDER_UPLOAD, put_report_in_folder,
            key="report-in-folder")] if to_begeleider.can_put(PlanBook(ctx.opened)) else []

        controls += [heading(_("Send the closure report?")),
                     paragraph(_("The CJG learns from how families rate the help. You choose: "
                                 "send it or not, with or without names.")),
                     to, names,
                     primary_button(_("Send the report"), ft.Icons.SEND, send, key="send-report"),
                     *in_folder]
    controls.append(secondary_button(_("Back to our plan"), ft.Icons.HOME, lambda: ctx.go("home"),
                                     key="to-home"))
    return screen(ctx, _("Closed"), controls, back=lambda: ctx.go("home"), key="closure_done")
