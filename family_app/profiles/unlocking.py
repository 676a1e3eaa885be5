"""Opening a locked profile with its PIN, or with its recovery code and a new PIN; and
new keys for an open profile when someone may know its PIN."""

from __future__ import annotations

from i18n import Translator

from family_app.profiles.open_profile import OpenProfile
from family_app.vault import validate_secret


def unlock(device, profile, secret: str) -> OpenProfile:
    """Raises WrongSecret / TooManyAttempts from the profile store: Problems whose
    ``wait_seconds`` is how long the next try must wait (the lock screen counts it down)."""
    return device.open(profile, device.store.unlock(profile, secret))


def recover(device, profile, code: str, new_secret: str) -> OpenProfile:
    """Raises WeakSecret first, then as `unlock` does: wrong codes wait as wrong PINs do."""
    return device.open(profile, device.store.recover(profile, code, new_secret))


def display_label(tr: Translator, profile) -> str:
    """What the lock screen and picker call a profile; it shows nothing of the plan."""
    if profile.kind == "family":
        return tr.gettext("Our family")
    if profile.kind == "begeleider":
        return tr.gettext("Begeleider")
    return profile.label


def renew_keys(opened: OpenProfile, new_secret: str, *, keep_old_copy: bool = False) -> str:
    """"Someone may know my PIN": new keys for the open profile; returns the new recovery code.

    A new data key encrypts the whole plan again, under a new PIN (``new_secret``) and a
    new recovery code (show it once, as at the start). Afterwards the old PIN and the old
    recovery code open neither the plan on this device nor any copy of it made from now
    on. The old backup is replaced too, unless the family asks to keep an old copy
    (``keep_old_copy``): it is then kept as ``<id>.vault.old``, still under the old PIN,
    and the app never opens it by itself. Copies someone already took stay readable with
    the old PIN; nothing can change a file that someone else holds.

    Slow (two scrypt runs): call it through ``asyncio.to_thread``. Raises WeakSecret
    before changing anything, VaultWriteError with nothing changed.
    """
    validate_secret(new_secret, youth=opened.kind == "youth")   # as when it was made
    return opened.vault.rekey(new_secret, keep_old_copy=keep_old_copy)
