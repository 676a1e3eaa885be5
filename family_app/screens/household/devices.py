"""The household's devices: join another parent's phone or the family laptop, and exchange
changes with them. Explains how that differs from sharing chosen parts."""

from __future__ import annotations

import flet as ft

from family_app.household import household, household_conflicts, household_sync
from family_app.bundles.codes import codes_for
from family_app.plan.plan_book import PlanBook
from family_app.relay import relay_setup
from i18n.problems import Problem

from family_app.screens.common import (Message, card_tile, heading, paragraph, primary_button,
                                       screen, secondary_button, text_field, translated_problem)
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)
    message = Message()
    synced = ctx.draft.pop("synced", None)
    if synced is not None:
        message.say(ctx.tr.ngettext("{n} change read from {device}.", "{n} changes read from {device}.",
                                    synced.changed).format(n=synced.changed, device=synced.device.name),
                    ok=True)
    name = text_field(label=_("What do you call this device?"), key="device-name", text_size=18,
                      value=ctx.opened.setting("device_name") or "",
                      helper=_("For example: Sanne's phone, or the laptop."))

    def named() -> str | None:
        if not (name.value or "").strip():
            message.say(_("Give this device a name first."))
            ctx.page.update()
            return None
        return name.value.strip()

    def add_device(_event=None):
        device_name = named()
        if device_name is None:
            return
        try:
            ctx.draft["shared"] = codes_for(household.join_offer(book, device_name))
        except Problem as error:
            message.say(translated_problem(ctx, error))
            ctx.page.update()
            return
        ctx.go("join", step="offer")

    def join_household(_event=None):
        device_name = named()
        if device_name is not None:
            ctx.draft["device_name"] = device_name
            ctx.go("scan", purpose="join")

    def send_to(device):
        def send(_event=None):
            ctx.draft["shared"] = codes_for(household_sync.make_sync(book, device))
            ctx.go("share_codes", to="device")
        return send

    conflicts = household_conflicts.open_conflicts(book)
    devices = household.paired_devices(book)
    body: list[ft.Control] = [
        paragraph(_("The other parent's phone or the family laptop can join your household. "
                    "Then every device keeps the whole plan, and you exchange changes by code "
                    "or file.")),
        paragraph(_("Someone outside your household, or a parent who lives elsewhere? Share chosen "
                    "parts instead: they see only what you choose, until the date you choose.")),
        message,
    ]
    if conflicts:
        body.append(primary_button(ctx.tr.ngettext(
            "{n} change to choose between", "{n} changes to choose between", len(conflicts)
        ).format(n=len(conflicts)), ft.Icons.CALL_SPLIT, lambda: ctx.go("conflicts"), key="conflicts"))
    for device in devices:
        when = (_("Last exchange: {date}").format(date=ctx.tr.format_date(device.last_exchange))
                if device.last_exchange else _("No exchange yet"))
        body += [card_tile(device.name, when, icon=ft.Icons.DEVICES, key=f"device-{device.node}"),
                 ft.Row([secondary_button(_("Send my changes"), ft.Icons.QR_CODE, send_to(device),
                                          key=f"send-{device.node}"),
                         secondary_button(_("Read its changes"), ft.Icons.QR_CODE_SCANNER,
                                          lambda: ctx.go("scan", purpose="sync"),
                                          key=f"read-{device.node}")], wrap=True)]
    # A shared folder keeps devices in step at a distance, and reaches the begeleider
    # without a visit: a family with one phone uses it for that (screens/household/relay.py).
    linked = relay_setup.connected(book)
    body.append(card_tile(_("Shared folder"), _("Connected to {server}").format(
        server=linked.server) if linked else _("Keep your devices in step at a distance")
        if devices else _("Share with your begeleider without a visit"),
        icon=ft.Icons.CLOUD_SYNC, key="relay", on_click=lambda: ctx.go("relay")))
    body += [heading(_("Add a device")), name,
             primary_button(_("Add a device to our household"), ft.Icons.ADD_TO_HOME_SCREEN,
                            add_device, key="add-device"),
             secondary_button(_("Join a household (new device)"), ft.Icons.LOGIN, join_household,
                              key="join-household")]
    return screen(ctx, _("Our devices"), body, back=lambda: ctx.go("home"), key="devices")
