"""Why a backup is refused, in words for the family (i18n.problems). Each refusal leaves
the device as it was: nothing is written before a backup has been read whole."""

from __future__ import annotations

from i18n.problems import N_, Problem


class BackupError(Problem, ValueError):
    # A ValueError too, as the vault's WeakSecret: the command line reports it in one line.
    default_problem = N_("This backup could not be read.")


class NotABackup(BackupError):
    """Another kind of file: a photo, a shared plan (.onsplan), a vault file."""

    default_problem = N_("This file is not a backup of Ons Plan. Choose the file whose name "
                         "ends in .onsplan-backup.")


class NewerBackup(BackupError):
    default_problem = N_("This backup was made by a newer version of Ons Plan. Update the app "
                         "on this device, then try again.")


class BackupDamaged(BackupError):
    """Truncated, changed or cut short: the file is not as it was written."""

    default_problem = N_("This backup is damaged or incomplete. Try another copy of it.")


class BackupTooLarge(BackupDamaged):
    default_problem = N_("This file is too large to be a backup of Ons Plan.")


class WrongBackupCode(BackupError):
    """The recovery code does not open this backup (or the key part of the file is damaged:
    the two cannot be told apart, and a wrong code is far likelier)."""

    default_problem = N_("This recovery code does not open this backup. Check the code on "
                         "your paper: it is the code of the plan when the backup was made.")


class WrongBackupSecret(WrongBackupCode):
    """Neither slot of a backup that also opens with a passphrase opened."""

    default_problem = N_("This recovery code or passphrase does not open this backup. Use the "
                         "code on your paper, or the passphrase you had when the backup was "
                         "made.")


class ProfileExists(BackupError):
    """There is such a plan on this device already: the caller asks before replacing it.
    ``existing`` is that profile."""

    default_problem = N_("There is already a plan like this on this device. Restoring the "
                         "backup replaces it.")

    def __init__(self, existing, problem: str | None = None) -> None:
        super().__init__(problem, detail=f"profile {existing.id}")
        self.existing = existing
