"""Which screen a name stands for. Screens ask for each other by name, so they never
import each other in circles; the router also keeps locked tabs away from the plan."""

from __future__ import annotations

from types import ModuleType
from typing import Any, Callable

import flet as ft

from family_app.screens.backup import backup_restore, backup_save
from family_app.screens.closure import closure_done, closure_reports, closure_wizard
from family_app.screens.household import conflicts, devices, join, relay
from family_app.screens.plan import (check_in, evaluate, goal, history, home, plan_parts,
                                     print_plan, record_form, safety_compare, section)
from family_app.screens.profiles import (begeleider_setup, family_setup, language, new_keys,
                                         profiles, recover, recovery_code, secret_setup, unlock,
                                         welcome)
from family_app.screens.sharing import (begeleider_home, consent_log, family_device,
                                        family_folder, identity_code, inbox, pair_confirm, passcode,
                                        return_compose, scan, share, share_codes, shared_plan)
from family_app.screens.youth import youth_edit, youth_goal, youth_home, youth_setup, youth_share
from family_app.screens.safety import safety_card, safety_contacts
from family_app.screens.context import ScreenContext


def by_module_name(*modules: ModuleType) -> dict[str, Callable[..., ft.View]]:
    """Each screen under its module's own name, so a route name and its file cannot drift
    apart (ctx.go("shared_plan") is screens/shared_plan.py)."""
    return {module.__name__.rsplit(".", 1)[-1]: module.build for module in modules}


OPEN_SCREENS = by_module_name(language, welcome, family_setup, begeleider_setup, secret_setup,
                              unlock, recover, profiles, youth_setup, backup_restore,
                              safety_card)  # the numbers to call, before unlocking too
# Keyed by the kind of profile, not a route: "home" opens the home of the profile's kind.
HOMES = {"family": home.build, "begeleider": begeleider_home.build, "youth": youth_home.build}
# These show the content of a profile, so they need one that is unlocked.
UNLOCKED_SCREENS = {
    "home": lambda ctx: HOMES[ctx.opened.kind](ctx),
    **by_module_name(
        recovery_code, new_keys, plan_parts, section, record_form, goal, check_in, safety_compare,
        evaluate, history, youth_edit, youth_goal, youth_share, devices, join, conflicts, scan,
        pair_confirm, family_device, passcode, shared_plan, identity_code, share, share_codes,
        consent_log, closure_wizard, closure_done, closure_reports, return_compose, inbox,
        print_plan,
        backup_save,
        relay, family_folder,
        safety_contacts),
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
