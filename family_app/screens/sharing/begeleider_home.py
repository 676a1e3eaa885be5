"""The begeleider's home: their own code to pair, a scanner, and the plans families shared."""

from __future__ import annotations

import flet as ft

from family_app.relay import begeleider_relay
from family_app.sharing import viewer

from family_app.screens.common import (card_tile, heading, language_button, lock_button,
                                       new_keys_button, paragraph, primary_button, rollback_banner,
                                       screen, secondary_button)
from family_app.screens.context import ScreenContext


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    workspace = ctx.opened.workspace()
    shares = viewer.received_shares(ctx.opened)  # expired shares are purged here
    cards = [card_tile(s.household_name,
                       _("Version {version} · until {until}").format(
                           version=s.plan_version, until=ctx.tr.format_date(s.expires_at.date())),
                       icon=ft.Icons.FAMILY_RESTROOM, key=f"shared-{s.household_id}",
                       on_click=lambda _e=None, hid=s.household_id: ctx.go("shared_plan", household_id=hid))
             for s in shares]
    # Families' shared folders: a tap checks for new (screens/sharing/family_folder.py).
    names = {s.household_id: s.household_name for s in shares}
    folders = [card_tile(names.get(f.household_id) or f.server,
                         _("Shared folder · tap to check for new"), icon=ft.Icons.CLOUD_SYNC,
                         key=f"folder-{f.id}",
                         on_click=lambda _e=None, fid=f.id: ctx.go("family_folder", folder_id=fid,
                                                                   check=True))
               for f in begeleider_relay.folders(ctx.opened)]
    return screen(ctx, _("Begeleider"), [
        *rollback_banner(ctx),
        ft.Row([ft.Icon(ft.Icons.BADGE, size=40, color=ft.Colors.TEAL_700),
                ft.Column([heading(workspace.name),
                           ft.Text(workspace.organisation, size=16)], spacing=2, expand=True)]),
        primary_button(_("Scan a family's code"), ft.Icons.QR_CODE_SCANNER,
                       lambda: ctx.go("scan", purpose="share"), key="scan"),
        secondary_button(_("Show my code to pair"), ft.Icons.QR_CODE, lambda: ctx.go("identity_code"),
                         key="my-code"),
        secondary_button(_("Closure reports"), ft.Icons.BAR_CHART, lambda: ctx.go("closure_reports"),
                         key="closure-reports"),
        ft.Row([ft.Icon(ft.Icons.FOLDER_SHARED), ft.Text(_("Shared plans"), size=18,
                                                         weight=ft.FontWeight.BOLD)]),
        *(cards or [paragraph(_("No family has shared a plan with you yet. When a family shows you "
                                "their code, you will scan it here."), key="no-shares")]),
        *folders,
        secondary_button(_("Connect a family's folder"), ft.Icons.CREATE_NEW_FOLDER,
                         lambda: ctx.go("family_folder"), key="connect-folder"),
        new_keys_button(ctx),
    ], actions=[language_button(ctx, then=("home", {})), lock_button(ctx)], key="begeleider_home")
