"""Where back leads: to where a screen was opened from.

Screens have no stack; each names where its back arrow goes. A goal or a section can be
opened from more than one place (home, "Our whole plan", the goal list), so the screen that
opens it says from where (`back=`), and that is remembered for the tab's session: a form or
a check-in that comes back to it later need not know (docs/decisions.md).
"""

from __future__ import annotations

from typing import Any

from family_app.screens.context import ScreenContext

Place = tuple[str, dict[str, Any]]  # a screen's name and its parameters, as for ctx.go

HOME: Place = ("home", {})
WHOLE_PLAN: Place = ("plan_parts", {})
_CAME_FROM = "came_from"  # ctx.draft: {(screen, what): where it was opened from}


def way_back(ctx: ScreenContext, screen_name: str, what: str, back: Place | None,
             default: Place) -> Place:
    """Where back leads from `screen_name` showing `what` (a goal id, a table): `back` when
    given (and remembered), else where it was last opened from, else `default`."""
    remembered = ctx.draft.setdefault(_CAME_FROM, {})
    if back is not None:
        remembered[(screen_name, what)] = back
        return back
    return remembered.get((screen_name, what), default)
