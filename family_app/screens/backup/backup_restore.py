"""First start, "I have a backup": choose the file, type the recovery code (or the passphrase,
when the backup opens with it too), choose a new PIN.

A plan like it already on this device is replaced only when the family says so, and stays
as it was until the backup is back (family_app/backup/restoring.py).
"""

from __future__ import annotations

import asyncio

import flet as ft

from family_app.backup import backup_file, restoring
from family_app.backup.errors import BackupTooLarge, ProfileExists
from i18n.problems import Problem

from family_app.screens.common import (Message, busy_note, heading, paragraph, primary_button,
                                       refuse_new_secret, screen, secondary_button, secret_field,
                                       text_field, translated_problem)
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    picker = ft.FilePicker()
    chosen: dict[str, bytes | None] = {"file": None}
    message = Message()
    file_line = ft.Text(_("No file chosen yet"), size=16, key="backup-file")
    # One box for either: the backup tries it on each of its slots (backup_file.py). No
    # capital letters forced: a passphrase is typed as it is; a code reads either way.
    code = text_field(label=_("Recovery code or passphrase"), key="recovery-input",
                      prefix_icon=ft.Icons.KEY, text_size=18, autocorrect=False,
                      enable_suggestions=False)
    first = secret_field(ctx, _("New PIN or passphrase"), key="new-secret")
    second = secret_field(ctx, _("The same again"), key="new-secret-repeat")
    busy = busy_note(_("Putting your plan back. This takes a few seconds…"))
    busy.visible = False

    async def pick(_event=None):
        files = await picker.pick_files(with_data=True)
        if not files:
            return
        picked = files[0]
        message.clear()
        if picked.size > backup_file.MAX_FILE_LEN:
            chosen["file"] = None
            message.say(translated_problem(ctx, BackupTooLarge()))
        else:
            chosen["file"] = picked.bytes or b""   # an empty file is refused as damaged
        file_line.value = picked.name if chosen["file"] else _("No file chosen yet")
        ctx.page.update()

    async def restore(_event=None, replace: bool = False):
        if button.disabled:
            return
        if chosen["file"] is None:
            message.say(_("First choose the backup file."))
            ctx.page.update()
            return
        # The youth rules are checked again once the backup says whose plan it is.
        if refuse_new_secret(ctx, first, second, message, purpose="family"):
            ctx.page.update()
            return
        busy.visible, button.disabled = True, True
        ctx.page.update()
        try:
            opened, new_code = await asyncio.to_thread(
                restoring.restore, ctx.device, chosen["file"], code.value, first.value,
                replace=replace)
        except ProfileExists:
            busy.visible, button.disabled = False, False
            ask_to_replace()
            ctx.page.update()
            return
        except (Problem, OSError) as error:
            busy.visible, button.disabled = False, False
            message.say(translated_problem(ctx, error))
            ctx.page.update()
            return
        ctx.opened = opened
        ctx.go("recovery_code", code=new_code)

    def ask_to_replace():
        def answer(yes: bool):
            async def handler(_event=None):
                ctx.page.pop_dialog()
                if yes:
                    await restore(replace=True)
            return handler
        ctx.page.show_dialog(ft.AlertDialog(
            modal=True, title=ft.Text(_("Replace the plan on this device?")),
            content=ft.Text(_("There is already a plan like this on this device. The backup "
                              "takes its place. The plan that is here now stays until the "
                              "backup is back."), size=16),
            actions=[ft.TextButton(_("No, keep it"), icon=ft.Icons.CLOSE, on_click=answer(False),
                                   key="replace-no"),
                     ft.FilledButton(_("Yes, replace it"), icon=ft.Icons.RESTORE,
                                     on_click=answer(True), key="replace-yes")]))

    second.on_submit = restore
    button = primary_button(_("Put my plan back"), ft.Icons.RESTORE, restore, key="restore")
    view = screen(ctx, _("I have a backup"), [
        heading(_("Put your plan back")),
        paragraph(_("Choose the backup file (its name ends in .onsplan-backup). Then type "
                    "your recovery code, or your passphrase if the backup opens with it. "
                    "Choose a new PIN for this phone.")),
        secondary_button(_("Choose the backup file"), ft.Icons.UPLOAD_FILE, pick,
                         key="pick-backup"),
        file_line,
        code, first, second, message, busy, button,
    ], back=lambda: ctx.go("welcome"), key="backup_restore")
    view.services.append(picker)  # keep the picker alive (Flet drops unreferenced services)
    return view
