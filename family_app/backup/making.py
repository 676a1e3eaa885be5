"""Making a backup of the open profile: the whole vault, in one file (backup_file.py).

Every table goes in as stored: the plan and its history, the consent log, the paired keys,
the household's replica and devices, the settings. A backup holds one profile only, so a
family backup never holds a young person's plan (each is a vault of its own).
"""

from __future__ import annotations

import datetime as dt

from family_app.backup import backup_file, reminder
from family_app.backup.backup_file import BackupContents
from family_app.clock import now_or
from family_app.profiles.open_profile import SETTINGS_TABLE, OpenProfile
from family_app.youth.youth_book import YOUTH_PLAN_TABLE


def file_name(day: dt.date) -> str:
    """``ons-plan-2026-03-14.onsplan-backup``: the day, and nothing about whose plan it is
    (a file name is seen by whoever sees the folder)."""
    return f"ons-plan-{day.isoformat()}{backup_file.EXTENSION}"


def passphrase_offered(opened: OpenProfile) -> bool:
    """Whether the backup may also open with the profile's current secret: only when that
    is a passphrase. A PIN's few digits are guessed offline in minutes from a copied
    file, whatever the scrypt cost; the vault's delays do not guard a copy."""
    return opened.vault.passphrase_slot() is not None


def make_backup(opened: OpenProfile, *, now: dt.datetime | None = None,
                with_passphrase: bool = False) -> bytes:
    """The backup file of the open profile; remembers when it was made (reminder.py).
    ``with_passphrase``: it opens with the current passphrase too, not only with the
    recovery code (refused with ValueError when the secret is a PIN)."""
    moment = now_or(now, opened.now)
    tables = {name: {str(doc.doc_id): dict(doc) for doc in docs}
              for name, docs in opened.vault.read_all().items()}
    if opened.kind != "youth" and YOUTH_PLAN_TABLE in tables:
        raise ValueError("a young person's plan never goes into another profile's backup")
    # The backup does not say when the one before it was made: that belongs to the device.
    for doc in tables.get(SETTINGS_TABLE, {}).values():
        doc.pop(reminder.LAST_BACKUP_SETTING, None)
    contents = BackupContents(opened.kind, opened.profile.label,
                              moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
                              tables)
    data_key, kdf, slot = opened.vault.recovery_key_material()
    passphrase = opened.vault.passphrase_slot() if with_passphrase else None
    if with_passphrase and passphrase is None:
        raise ValueError("only a passphrase, never a PIN, may open a backup")
    blob = backup_file.seal(contents, data_key=data_key, profile_id=opened.vault.profile_id,
                            kdf=kdf, slot=slot, rng=opened.rng, passphrase=passphrase)
    reminder.remember(opened, moment)
    return blob

