"""Restoring a backup on this device: a new profile from the file, under a new PIN.

Nothing on the device changes until the backup has been read whole and the restored profile
is written. A plan of the same kind already here is never overwritten silently: the caller
gets ProfileExists and asks; with ``replace=True`` the backup is first written as a profile
of its own, and only then is the old one removed (write to a new place, then swap).

The restored profile gets new keys: a new data key and a new recovery code (shown once, as
at the start); the backup itself keeps opening with the code it was made under. A device of
a household keeps its place there (its keys, name, paired devices and the stamps of its
earlier changes), but stamps its changes from now on under a new node id: its changes made
after the backup may already be on the other device under the old one (docs/sync.md).
"""

from __future__ import annotations

import secrets

from family_app.backup import backup_file, reminder
from family_app.backup.backup_file import BackupContents
from family_app.backup.errors import ProfileExists
from family_app.household import replica_store
from family_app.profiles.open_profile import SETTINGS_TABLE, OpenProfile
from family_app.profiles.profiles import LabelProblem, Profile
from family_app.vault import validate_secret


class _Stored(dict):
    """A record with the id it had in the backed-up vault (Vault.replace_all keeps it)."""

    def __init__(self, doc: dict, doc_id: int) -> None:
        super().__init__(doc)
        self.doc_id = doc_id


def existing_profile(device, contents: BackupContents) -> Profile | None:
    """The profile this backup would take the place of: the family plan or the begeleider's
    workspace (one of each per device), or a young person's plan of the same name."""
    for profile in device.profiles():
        if profile.kind == contents.kind and (
                contents.kind != "youth" or profile.label.casefold() == contents.label.casefold()):
            return profile
    return None


def restore(device, blob: bytes, code_or_passphrase: str, new_secret: str, *,
            replace: bool = False) -> tuple[OpenProfile, str]:
    """Open ``blob`` with its recovery code (or its passphrase, when it has a passphrase
    slot) and make its profile here, locked with ``new_secret``. Returns it open, with its
    new recovery code.

    Slow (scrypt, three or four times): call it through ``asyncio.to_thread``. Raises
    WeakSecret before the slow part, a BackupError when the file or code is refused,
    ProfileExists when a plan like it is here and ``replace`` is not given; in each case
    nothing has changed.
    """
    validate_secret(new_secret)   # the common rules first, before the slow part
    _, contents = backup_file.open_backup(blob, code_or_passphrase)
    validate_secret(new_secret, youth=contents.kind == "youth")
    existing = existing_profile(device, contents)
    if existing is not None and not replace:
        raise ProfileExists(existing)
    # Beside the old one until it is complete: a label of its own while both exist.
    label = contents.label if existing is None else f"restoring {secrets.token_hex(4)}"
    profile, vault, code = device.store.create(contents.kind, label, new_secret)
    try:
        vault.replace_all(_tables(contents, device.rng))
        if existing is not None:
            device.store.delete(existing)   # VaultInUse while it is open elsewhere
    except BaseException as error:
        # Undone, unless the old one had already left the registry: the restored one is
        # then the only plan of its kind, and is kept (its old files may stay behind).
        if existing is None or any(p.id == existing.id for p in device.profiles()):
            vault.close()
            device.store.delete(profile)
            raise
        if not isinstance(error, Exception):
            raise
    if existing is not None:
        try:
            profile = device.store.relabel(profile, contents.label)
        except (OSError, LabelProblem):
            pass   # the old one is gone: keep the restored plan, under its passing name
    return device.open(profile, vault), code


def _tables(contents: BackupContents, rng) -> dict[str, list[_Stored]]:
    tables = {name: [_Stored(doc, int(doc_id)) for doc_id, doc in rows.items()]
              for name, rows in contents.tables.items()}
    for settings in tables.get(SETTINGS_TABLE, []):
        settings.pop(reminder.LAST_BACKUP_SETTING, None)   # none yet under the new code
        if tables.get(replica_store.STATE_TABLE) and settings.get(replica_store.NODE_SETTING):
            # Its stamps since the backup may be out there under the old node id: new ones
            # under it could collide with them, or look already seen (docs/sync.md). The
            # old one stays its own: "this device" made what it stamped (conflicts).
            earlier = settings.get(replica_store.EARLIER_NODES_SETTING) or []
            settings[replica_store.EARLIER_NODES_SETTING] = [
                *earlier, settings[replica_store.NODE_SETTING]]
            settings[replica_store.NODE_SETTING] = rng(8).hex()
    return tables

