"""The begeleider's end of a family's shared folder: connect it (the family gave access),
"Check for new" to open the family's newest share without a visit, and send written notes
back the same way. What comes in goes where a scanned code goes (relay/begeleider_relay.py).

`ctx.go("family_folder")` connects a new one; `folder_id=…` opens a connected one, and
`check=True` (the card on the begeleider's home) checks at once."""

from __future__ import annotations

import flet as ft

from family_app.relay import begeleider_relay
from family_app.sharing import returns, viewer

from family_app.screens.common import (card_tile, heading, paragraph, primary_button, screen,
                                       secondary_button, translated_problem)
from family_app.screens.context import ScreenContext
from family_app.screens.folder_form import FolderForm


def build(ctx: ScreenContext, *, folder_id: str = "", check: bool = False) -> ft.View:
    _ = ctx._
    linked = begeleider_relay.folder_of(ctx.opened, folder_id) if folder_id else None
    received = viewer.received(ctx.opened, linked.household_id) if linked and linked.household_id \
        else None
    fields = FolderForm(ctx, linked, prefix="folder", busy=_("Looking in the shared folder…"))
    message, busy, working = fields.message, fields.busy, fields.working

    async def connect(_event=None):
        made = await working(lambda: begeleider_relay.connect(
            ctx.opened, *fields.typed(), folder_id=folder_id))
        if made is not None:
            ctx.go("family_folder", folder_id=made.id, check=True)

    async def check_for_new(_event=None):
        found = await working(lambda: begeleider_relay.check_for_new(ctx.opened, folder_id))
        if found is None:
            return
        # Where a scanned code would lead (scan.py): another device of the family is
        # compared first; a share opens; closure reports are in their list.
        if found.other_device:
            bundle, error = found.other_device[-1]
            ctx.draft["other_device"] = {"bundle": bundle, "error": error}
            ctx.go("family_device")
        elif found.newest is not None:
            ctx.draft["received"] = found.newest
            ctx.go("shared_plan")
        elif found.problems:
            message.say(translated_problem(ctx, found.problems[-1]))
        elif found.closures:
            ctx.go("closure_reports")
        else:
            message.say(_("Nothing new in the shared folder."), ok=True)
        ctx.page.update()

    async def send_notes(_event=None):
        sent = await working(lambda: begeleider_relay.send_return(ctx.opened, folder_id, received))
        if sent is not None:
            notes.visible = False
            message.say(_("Your notes are in the family's shared folder. They see them "
                          "after their next sync."), ok=True)
            ctx.page.update()

    form = fields.form = ft.Column([
        heading(_("Connect the family's folder")),
        paragraph(_("The family gives you access to this one folder, and tells you its "
                    "address, a user name and a password.")),
        *fields.fields,
        primary_button(_("Connect"), ft.Icons.CLOUD_SYNC, connect, key="folder-connect"),
    ], spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH, visible=linked is None)

    body: list[ft.Control] = [
        paragraph(_("A family can give you access to their shared folder, for example on "
                    "Nextcloud. Then you see their newest share without a visit.")),
        ft.Row([ft.Icon(ft.Icons.LOCK, color=ft.Colors.TEAL_800),
                ft.Text(_("The folder only holds locked parcels. The server cannot read the "
                          "plan."), size=16, expand=True)]),
    ]
    notes = secondary_button(_("Send your notes through the folder"), ft.Icons.SEND, send_notes,
                             key="folder-send-notes")
    notes.visible = bool(received and returns.drafts(ctx.opened, received.household_id))
    if linked is not None:
        def disconnect(_event=None):
            begeleider_relay.disconnect(ctx.opened, folder_id)
            ctx.go("home")

        body += [
            card_tile(received.household_name if received else _("Connected"), linked.server,
                      icon=ft.Icons.CLOUD_DONE, key="folder-connected"),
            busy, message,
            primary_button(_("Check for new"), ft.Icons.SYNC, check_for_new, key="folder-check"),
            notes,
            secondary_button(_("Stop using this folder"), ft.Icons.CLOUD_OFF, disconnect,
                             key="folder-disconnect"),
            form]
        if check:
            ctx.page.run_task(check_for_new)
    else:
        body += [form, busy, message]
    return screen(ctx, _("Family's shared folder"), body, back=lambda: ctx.go("home"),
                  key="family_folder")
