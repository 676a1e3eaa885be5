"""Which screen a name stands for. Screens ask for each other by name, so they never
import each other in circles; the router also keeps locked tabs away from the plan."""

from __future__ import annotations

from typing import Any

import flet as ft

from . import (begeleider_home, begeleider_setup, check_in, closure_done, closure_reports,
               closure_wizard, conflicts, consent_log, devices, evaluate, family_device,
               family_setup, goal,
               history, home, identity_code, inbox, join, language, new_keys, pair_confirm,
               passcode,
               profiles, record_form, recover, recovery_code, return_compose, safety_compare,
               scan, secret_setup, section, share, share_codes, shared_plan, unlock, welcome,
               youth_edit, youth_goal, youth_home, youth_setup, youth_share)
from .context import ScreenContext

OPEN_SCREENS = {
    "language": language.build,
    "welcome": welcome.build,
    "family_setup": family_setup.build,
    "begeleider_setup": begeleider_setup.build,
    "secret_setup": secret_setup.build,
    "unlock": unlock.build,
    "recover": recover.build,
    "profiles": profiles.build,
    "youth_setup": youth_setup.build,
}
HOMES = {"family": home.build, "begeleider": begeleider_home.build, "youth": youth_home.build}
# These show the content of a profile, so they need one that is unlocked.
UNLOCKED_SCREENS = {
    "recovery_code": recovery_code.build,
    "home": lambda ctx: HOMES[ctx.opened.kind](ctx),
    "new_keys": new_keys.build,
    "section": section.build,
    "form": record_form.build,
    "goal": goal.build,
    "check_in": check_in.build,
    "safety_compare": safety_compare.build,
    "evaluate": evaluate.build,
    "history": history.build,
    "youth_edit": youth_edit.build,
    "youth_goal": youth_goal.build,
    "youth_share": youth_share.build,
    "devices": devices.build,
    "join": join.build,
    "conflicts": conflicts.build,
    "scan": scan.build,
    "pair_confirm": pair_confirm.build,
    "family_device": family_device.build,
    "passcode": passcode.build,
    "viewer": shared_plan.build,
    "identity_code": identity_code.build,
    "share": share.build,
    "share_codes": share_codes.build,
    "consent_log": consent_log.build,
    "closure": closure_wizard.build,
    "closure_done": closure_done.build,
    "closure_reports": closure_reports.build,
    "return_compose": return_compose.build,
    "inbox": inbox.build,
}


def start_screen(ctx: ScreenContext) -> tuple[str, dict[str, Any]]:
    """First start asks for a language; otherwise the device's profiles are locked."""
    found = ctx.device.profiles()
    if not found:
        return "language", {}
    if len(found) == 1:
        return "unlock", {"profile_id": found[0].id}
    return "profiles", {}


def route(ctx: ScreenContext, name: str, **params: Any) -> ft.View:
    if name == "start":
        name, params = start_screen(ctx)
    if name in UNLOCKED_SCREENS:
        if ctx.opened is None:
            name, params = start_screen(ctx)
        else:
            return UNLOCKED_SCREENS[name](ctx, **params)
    return OPEN_SCREENS[name](ctx, **params)
