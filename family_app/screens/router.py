"""Which screen a name stands for. Screens ask for each other by name, so they never
import each other in circles; the router also keeps locked tabs away from the plan."""

from __future__ import annotations

from typing import Any

import flet as ft

from . import (begeleider_home, begeleider_setup, family_setup, home, language, profiles,
               recover, recovery_code, secret_setup, unlock, welcome)
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
}
# These show the content of a profile, so they need one that is unlocked.
UNLOCKED_SCREENS = {
    "recovery_code": recovery_code.build,
    "home": lambda ctx: (home.build if ctx.opened.kind == "family" else begeleider_home.build)(ctx),
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
