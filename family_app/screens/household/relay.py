"""A shared folder on a server the family already has (Nextcloud, Stack, ...): connect it
once on each device, then "Sync now" keeps the household's devices in step at a distance.
The folder only ever holds locked bundles; docs/relay.md says what the server can see.

`ctx.go("relay", sync=True)` (home's "Sync now") opens it and syncs at once. A family with
one device (no household) connects it too, for its begeleider alone (relay/relay_sync.py);
it comes here from the share screen (`ctx.go("relay", back="share")`)."""

from __future__ import annotations

import flet as ft

from family_app.household import household
from family_app.plan.plan_book import PlanBook
from family_app.relay import relay_setup, relay_sync

from family_app.screens.common import (card_tile, heading, paragraph, primary_button, screen,
                                       secondary_button)
from family_app.screens.context import ScreenContext
from family_app.screens.folder_form import FolderForm


def result_line(ctx: ScreenContext, result: relay_sync.RelayResult) -> str:
    _ = ctx._
    if result.changed:
        line = ctx.tr.ngettext("{n} change taken in from your other devices.",
                               "{n} changes taken in from your other devices.",
                               result.changed).format(n=result.changed)
    elif result.household:
        line = _("Up to date: nothing new from your other devices.")
    else:  # one device, no household: only its begeleider's notes can come in
        line = "" if result.returns else _("Up to date: nothing new in the shared folder.")
    if result.returns:  # a begeleider's notes, waiting in the inbox (relay/to_begeleider.py)
        line += " " + ctx.tr.ngettext(
            "{n} note from your begeleider is waiting for you.",
            "{n} notes from your begeleider are waiting for you.",
            result.returns).format(n=result.returns)
    if result.skipped:
        line += " " + ctx.tr.ngettext(
            "{n} file in the folder could not be used and was passed by.",
            "{n} files in the folder could not be used and were passed by.",
            result.skipped).format(n=result.skipped)
    return line.strip()


def build(ctx: ScreenContext, *, sync: bool = False, back: str = "") -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)
    linked = relay_setup.connected(book)
    alone = not household.paired_devices(book)  # one device: the folder is for the begeleider
    back = back or ("home" if alone else "devices")
    fields = FolderForm(ctx, linked, prefix="relay", busy=_("Syncing with the shared folder…"))
    message, busy = fields.message, fields.busy

    async def connect(_event=None):
        if await fields.working(lambda: relay_setup.connect(book, *fields.typed())) is not None:
            ctx.go("relay", sync=True, back=back)

    form = fields.form = ft.Column([
        heading(_("Connect a folder")),
        paragraph(_("Make an app password on the server for Ons Plan, not your own "
                    "password. Do this on each of your devices, with the same folder.")),
        paragraph(_("In Nextcloud: Files, Settings, WebDAV. Add the folder's name at the end.")),
        *fields.fields,
        primary_button(_("Connect"), ft.Icons.CLOUD_SYNC, connect, key="relay-connect"),
    ], spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH, visible=linked is None)

    async def sync_now(_event=None):
        result = await fields.working(lambda: relay_sync.sync_now(book))
        if result is not None:
            message.say(result_line(ctx, result), ok=True)
            ctx.page.update()

    body: list[ft.Control] = [
        paragraph(_("Your begeleider can see what you share without a visit, through a folder "
                    "on a server you already have, for example Nextcloud. Notes from your "
                    "begeleider come back the same way.") if alone else
                  _("Live apart, or not always in one room? Your devices can keep in step "
                    "through a folder on a server you already have, for example Nextcloud.")),
        ft.Row([ft.Icon(ft.Icons.LOCK, color=ft.Colors.TEAL_800),
                ft.Text(_("The folder only holds locked parcels. Only your begeleider can open "
                          "what you share. The server cannot read your plan.") if alone else
                        _("The folder only holds locked parcels for your own devices. The "
                          "server cannot read your plan."), size=16, expand=True)]),
    ]
    if linked is not None:
        def disconnect(_event=None):
            relay_setup.disconnect(book)
            ctx.go("relay", back=back)

        body += [card_tile(_("Connected"), linked.server, icon=ft.Icons.CLOUD_DONE,
                           key="relay-connected"),
                 busy, message,
                 primary_button(_("Sync now"), ft.Icons.SYNC, sync_now, key="relay-sync"),
                 secondary_button(_("Stop using the folder here"),
                                  ft.Icons.CLOUD_OFF, disconnect, key="relay-disconnect"),
                 form]
        if sync:
            ctx.page.run_task(sync_now)
    else:
        body += [form, busy, message]
    return screen(ctx, _("Shared folder"), body, back=lambda: ctx.go(back), key="relay")
