"""Opening a locked profile with its PIN, or with its recovery code and a new PIN."""

from __future__ import annotations

from i18n import Translator

from .open_profile import OpenProfile


def unlock(device, profile, secret: str) -> OpenProfile:
    """Raises WrongSecret / TooManyAttempts (with the wait) from the profile store."""
    return OpenProfile(profile, device.store.unlock(profile, secret))


def recover(device, profile, code: str, new_secret: str) -> OpenProfile:
    return OpenProfile(profile, device.store.recover(profile, code, new_secret))


def display_label(tr: Translator, profile) -> str:
    """What the lock screen and picker call a profile; it shows nothing of the plan."""
    if profile.kind == "family":
        return tr.gettext("Our family")
    if profile.kind == "begeleider":
        return tr.gettext("Begeleider")
    return profile.label
