"""The shared folder's address, user and app password, and the waiting while the server
answers: one form for the family's folder screen (household/relay.py) and the begeleider's
(sharing/family_folder.py), so both ask the same and say a failure the same way."""

from __future__ import annotations

import asyncio
from typing import Any, Callable

import flet as ft

from family_app.relay.errors import RelayPasswordWrong
from i18n.problems import Problem

from family_app.screens.common import Message, busy_note, secret_field, text_field, translated_problem
from family_app.screens.context import ScreenContext


class FolderForm:
    """The three fields (keys ``<prefix>-url``, ``-user``, ``-password``), the message and
    the busy note. ``form`` is the screen's connect column: shown again, filled in, when
    the server refuses the password."""

    def __init__(self, ctx: ScreenContext, linked: Any, *, prefix: str, busy: str) -> None:
        _ = ctx._
        self.ctx = ctx
        self.address = text_field(label=_("Address of the folder (WebDAV)"), key=f"{prefix}-url",
                                  keyboard_type=ft.KeyboardType.URL,
                                  value=linked.url if linked else "")
        self.user = text_field(label=_("User name"), key=f"{prefix}-user",
                               value=linked.user if linked else "")
        self.password = secret_field(ctx, _("App password"), key=f"{prefix}-password")
        self.message = Message(key=f"{prefix}-message")
        self.busy = busy_note(busy, key=f"{prefix}-busy")
        self.form: ft.Control | None = None

    @property
    def fields(self) -> list[ft.Control]:
        return [self.address, self.user, self.password]

    def typed(self) -> tuple[str, str, str]:
        return self.address.value or "", self.user.value or "", self.password.value or ""

    async def working(self, job: Callable[[], Any]) -> Any:
        """Run `job` off the screen's thread with the busy note on; a Problem is said and
        None returned (a refused password shows the connect form again)."""
        self.message.clear()
        self.busy.visible = True
        self.ctx.page.update()
        try:
            return await asyncio.to_thread(job)
        except RelayPasswordWrong as error:
            self.message.say(translated_problem(self.ctx, error))
            if self.form is not None:
                self.form.visible = True
        except Problem as error:
            self.message.say(translated_problem(self.ctx, error))
        finally:
            self.busy.visible = False
            self.ctx.page.update()
        return None


async def put_in_folder(ctx: ScreenContext, message: Message, busy: ft.Control,
                        put: Callable[[], Any], name: str) -> None:
    """Put a sealed bundle (a share, a closure report) in the folder off the screen's
    thread, and say where it went: `name` is the begeleider who finds it there."""
    busy.visible = True
    ctx.page.update()
    try:
        await asyncio.to_thread(put)
    except Problem as error:
        message.say(translated_problem(ctx, error))
    else:
        message.say(ctx._("It is in your shared folder. {name} sees it after tapping "
                          "\"Check for new\".").format(name=name), ok=True)
    finally:
        busy.visible = False
        ctx.page.update()
