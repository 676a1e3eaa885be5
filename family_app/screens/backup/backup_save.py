"""Save a backup: the whole plan as one locked file, to keep somewhere other than this phone."""

from __future__ import annotations

import asyncio

import flet as ft

from family_app.backup import making, reminder
from i18n.problems import Problem

from family_app.screens.common import (Message, busy_note, heading, paragraph, primary_button,
                                       screen, translated_problem)
from family_app.screens.context import ScreenContext
from family_app.screens.forms import check_option, checked_values


def last_backup_line(ctx: ScreenContext) -> str:
    """When the last backup was made, in plain words (also the tile's line)."""
    status = reminder.status(ctx.opened, ctx.today())
    if status.last is None:
        return ctx._("No backup made yet")
    return ctx._("Last backup: {date}").format(date=ctx.tr.format_date(status.last))


def build(ctx: ScreenContext, *, back: str = "plan_parts") -> ft.View:
    """``back``: where it was opened from ("Our whole plan", or home's line)."""
    _ = ctx._
    picker = ft.FilePicker()
    message = Message(key="backup-saved")
    busy = busy_note(_("Making the backup…"))
    busy.visible = False
    when = paragraph(last_backup_line(ctx), key="last-backup")
    # Its current secret may open it too, if it is a passphrase (making.passphrase_offered).
    offered = making.passphrase_offered(ctx.opened)
    if offered:
        also = check_option(_("It may also open with my passphrase"), False, "passphrase",
                            key="also-passphrase")
    else:
        also = paragraph(_("A PIN is too short to protect a file; use the recovery code."),
                         key="no-pin-for-backup")

    async def save(_event=None):
        if button.disabled:
            return
        message.clear()
        busy.visible, button.disabled = True, True
        ctx.page.update()
        try:
            with_passphrase = offered and bool(checked_values([also]))
            blob = await asyncio.to_thread(making.make_backup, ctx.opened,
                                           with_passphrase=with_passphrase)
        except (Problem, OSError) as error:
            message.say(translated_problem(ctx, error))
        else:
            await picker.save_file(file_name=making.file_name(ctx.today()),
                                   src_bytes=blob)
            when.value = last_backup_line(ctx)
            message.say(_("Saved. Keep the file on a computer, a USB stick or in your cloud: "
                          "not only on this phone."), ok=True)
        busy.visible, button.disabled = False, False
        ctx.page.update()   # an earlier update() in this handler turns auto-update off

    button = primary_button(_("Save a backup"), ft.Icons.SAVE_ALT, save, key="save-backup")
    view = screen(ctx, _("Backup"), [
        heading(_("Never lose your plan")),
        paragraph(_("A backup is one file with your whole plan in it. If this phone breaks or "
                    "gets lost, you put your plan back on a new phone with this file.")),
        ft.Row([ft.Icon(ft.Icons.KEY, color=ft.Colors.AMBER_900),
                ft.Text(_("The file is locked. It opens with your recovery code: the code you "
                          "wrote down when you started."), size=16, expand=True)]),
        also, when, busy, button, message,
    ], back=lambda: ctx.go(back), key="backup_save")
    view.services.append(picker)  # keep the picker alive (Flet drops unreferenced services)
    return view
