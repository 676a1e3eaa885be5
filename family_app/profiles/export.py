"""The family's right to take its data elsewhere: a whole profile as plain JSON."""

from __future__ import annotations

from typing import Any

from family_app.profiles.open_profile import OpenProfile

EXPORT_FORMAT = "onsplan-export/1"


def export_profile(opened: OpenProfile) -> dict[str, Any]:
    """Every table of one unlocked profile, as stored (dates as ISO text)."""
    return {
        "format": EXPORT_FORMAT,
        "profile": {"label": opened.profile.label, "kind": opened.kind},
        "tables": {name: [dict(doc) for doc in docs]
                   for name, docs in opened.vault.read_all().items()},
    }
