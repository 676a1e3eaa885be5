"""The vault's failures, one class per thing the user can do something about.

Every error carries ``problem``: an English message id that the UI passes through
gettext. ``detail`` is for developers and logs only (never shown, never translated).
"""
from __future__ import annotations

from i18n.problems import N_, Problem


class VaultError(Problem):
    """Base class: something about the encrypted store went wrong."""

    default_problem = N_("Something went wrong with the stored plan.")


class WrongSecret(VaultError):
    """The PIN, passphrase or recovery code did not unlock the vault.

    ``wait_seconds`` tells the UI how long the next attempt is blocked (0: none).
    """

    default_problem = N_("That PIN or passphrase is not right.")

    def __init__(self, problem: str | None = None, *, detail: str = "",
                 wait_seconds: float = 0.0) -> None:
        super().__init__(problem, detail=detail)
        self.wait_seconds = wait_seconds


class MalformedRecoveryCode(WrongSecret, ValueError):
    """The text cannot be a recovery code at all (wrong length or letters)."""

    default_problem = N_("A recovery code has 20 letters and digits, in 5 groups of 4.")


class VaultCorrupt(VaultError):
    """Neither the file nor its backup can be read (damaged, tampered, unsupported)."""

    default_problem = N_("The stored plan is damaged and could not be read.")


class VaultWriteError(VaultError):
    """A save failed; the previous state is still on disk and in memory."""

    default_problem = N_("The plan could not be saved. Nothing was changed; please try again.")
    disk_full_problem = N_("The storage is full. Nothing was saved; free some space and try again.")

    def __init__(self, problem: str | None = None, *, detail: str = "",
                 disk_full: bool = False) -> None:
        if problem is None and disk_full:
            problem = self.disk_full_problem
        super().__init__(problem, detail=detail)
        self.disk_full = disk_full


class WeakSecret(VaultError, ValueError):
    """A new PIN or passphrase is refused before anything is stored.

    ``reason`` is a stable code for tests and UI logic: "empty", "pin_too_short",
    "pin_too_easy", "passphrase_too_short" or "youth_too_weak".
    """

    default_problem = N_("Please choose a PIN or a passphrase.")

    def __init__(self, problem: str | None = None, *, reason: str = "empty") -> None:
        super().__init__(problem, detail=reason)
        self.reason = reason


class TooManyAttempts(VaultError):
    """Too many wrong secrets in a row: the next try must wait ``wait_seconds``."""

    default_problem = N_("Too many wrong tries. Please wait a moment before trying again.")

    def __init__(self, wait_seconds: float, problem: str | None = None) -> None:
        super().__init__(problem, detail=f"wait {wait_seconds:.0f} s")
        self.wait_seconds = wait_seconds


class VaultInUse(VaultError):
    """The vault is open elsewhere: another tab, window or program holds its lock.

    Raised before any secret is tried, so it costs no attempt and says nothing about the
    secret. Two writers on one file would each overwrite the other's saves.
    """

    default_problem = N_("This plan is already open somewhere else, in another tab or "
                         "program. Lock it there first, then try again.")


class RolledBack(VaultError):
    """Not raised: ``Vault.rollback`` holds one when an older file was opened.

    The vault's encrypted write counter (``found``) is lower than the highest one this
    device has seen (``expected``): an older copy of the file was put back in place, so
    the saves in between are missing. The plan still opens; the UI should say so.
    """

    default_problem = N_("This plan is older than the last version opened on this device. "
                         "Changes made after that are missing.")

    def __init__(self, found: int, expected: int, problem: str | None = None) -> None:
        super().__init__(problem, detail=f"write {found}, last seen {expected}")
        self.found = found
        self.expected = expected
