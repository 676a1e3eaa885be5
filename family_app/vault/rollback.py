"""The highest write counter this device has seen for one vault, kept outside the vault.

The vault's write counter is inside the encrypted database (storage.py), so nobody can
raise it without the key. This record is the other half: when an opened file carries a
lower counter than the record, an older file was put back in place (a restored backup,
a sync tool, or someone undoing what was written) and the vault says so.

Honest limits, on one device without hardware support (a TPM or secure element with a
monotonic counter): whoever can put back an older vault file can usually also put back
or delete this record. It lives away from the vault files (the profile store keeps it in
``<data dir>/last-seen/``), so restoring a vault file, or the profiles folder, does not
restore it too; restoring the whole data folder does. Without a record (a new device, or
a removed one) nothing can be compared and counting starts again from the file opened.
The record holds only a number; it is written without fsync, so a power cut can leave
it one step behind, which at worst misses a rollback, never reports a false one.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from family_app.vault.atomic import read_bytes, write_atomically


class LastSeen:
    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)

    def read(self) -> int | None:
        raw = read_bytes(self.path)
        if raw is None:
            return None
        try:
            writes = json.loads(raw)["writes"]
        except (ValueError, KeyError, TypeError):
            return None
        return writes if type(writes) is int and writes >= 0 else None

    def record(self, writes: int) -> None:
        """Remember ``writes`` if it is higher. Best effort: a failure only weakens the check."""
        seen = self.read()
        if seen is not None and seen >= writes:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps({"writes": writes}).encode(),
                             keep_backup=False, sync=False)
        except OSError:
            pass
