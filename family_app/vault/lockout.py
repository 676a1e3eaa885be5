"""Growing delays after wrong secrets, kept in the vault file itself.

The count of wrong secrets in a row and the time of the next allowed try are stored in
the plaintext header of the vault file (``"attempts"``), in the main file and in its
backup, one count per kind of secret (PIN or passphrase: ``"secret"``; recovery code:
``"recovery"``). So:

- there is no separate counter file whose removal resets the delay: deleting the count
  means deleting the plan (the reader takes the higher count of the main file and the
  backup, so deleting either one does not help);
- every read-modify-write of the count happens under the vault's lock (oslock.py), so
  attempts in parallel tabs, threads or processes are each counted;
- the vault counts a guess *before* it tries it (see ``Vault._unlock``), so killing the
  app while the guess is checked does not make the guess free.

What it cannot do: the count is not authenticated (no key is available before the
secret is known), so someone who can edit or replace the vault file can reset it, e.g.
by putting back a copy made before guessing. Someone who can do that can also copy the
file and guess offline at scrypt speed, where no delay applies at all. The delay slows
down guessing through the app (a browser tab, the command line); scrypt's cost and the
strength of the secret are the barrier against a copied file (docs/threat-model.md).
"""
from __future__ import annotations

import contextlib
import math
import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator

from family_app.vault import fileformat
from family_app.vault.atomic import backup_path, read_bytes, write_atomically
from family_app.vault.errors import VaultCorrupt
from family_app.vault.oslock import VaultLock

FREE_ATTEMPTS = 2          # typos happen: the first two mistakes cost nothing
FIRST_DELAY = 5.0          # seconds after the third wrong secret, doubling after that
MAX_DELAY = 15 * 60.0
KINDS = ("secret", "recovery")

Count = tuple[int, float]   # (failures in a row, time before which no try is allowed)
_NONE: Count = (0, 0.0)
# A count that cannot be read resumes at the first real delay rather than at zero, so
# that breaking it does not buy free attempts.
_DAMAGED: Count = (FREE_ATTEMPTS + 1, 0.0)


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong secrets in a row: 0, 0, 5, 10, 20 ... 900."""
    if failures <= FREE_ATTEMPTS:
        return 0.0
    doublings = failures - FREE_ATTEMPTS - 1
    if doublings >= 16:    # long past the cap; avoids huge powers
        return MAX_DELAY
    return min(FIRST_DELAY * 2 ** doublings, MAX_DELAY)


def parse_count(raw: Any, kind: str) -> Count:
    """The count of ``kind`` in a header's ``attempts`` value (None: no failures)."""
    if raw is None:
        return _NONE
    if not isinstance(raw, dict):
        return _DAMAGED
    entry = raw.get(kind)
    if entry is None:
        return _NONE
    if not isinstance(entry, dict):
        return _DAMAGED
    failures, not_before = entry.get("failures"), entry.get("not_before", 0.0)
    if type(failures) is not int or failures < 0:
        return _DAMAGED
    if type(not_before) not in (int, float) or not math.isfinite(not_before):
        return _DAMAGED
    return failures, float(not_before)


def attempts_value(counts: dict[str, Count]) -> dict | None:
    """The header's ``attempts`` value for ``counts`` (None when all are zero)."""
    value = {kind: {"failures": failures, "not_before": not_before}
             for kind, (failures, not_before) in sorted(counts.items())
             if failures or not_before}
    return value or None


class Lockout:
    """The wrong-secret count of one kind of secret of one vault file.

    Every read is fresh from the file, so another tab's or process's attempts count.
    Changes take the vault's lock, unless the caller already holds it (``held``).
    """

    def __init__(self, vault_path: str | os.PathLike, kind: str = "secret",
                 clock: Callable[[], float] = time.time, *,
                 held: VaultLock | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        self.vault_path = Path(vault_path)
        self.kind = kind
        self._clock = clock
        self._held = held

    # --- reading ------------------------------------------------------------------------

    def _files(self) -> list[tuple[Path, fileformat.VaultHeader, bytes]]:
        """The main file and backup that have a readable header, with their payloads."""
        found = []
        for path in (self.vault_path, backup_path(self.vault_path)):
            blob = read_bytes(path)
            if blob is None:
                continue
            try:
                header, offset = fileformat.decode_header(blob)
            except VaultCorrupt:
                continue   # the reader will not use it either
            found.append((path, header, blob[offset:]))
        return found

    def _counts(self, files) -> dict[str, Count]:
        # The higher count of the two files, so that removing one does not reset it.
        counts = {kind: _NONE for kind in KINDS}
        for _, header, _ in files:
            for kind in KINDS:
                failures, not_before = parse_count(header.attempts, kind)
                counts[kind] = (max(counts[kind][0], failures),
                                max(counts[kind][1], not_before))
        return counts

    @property
    def failures(self) -> int:
        return self._counts(self._files())[self.kind][0]

    def wait_seconds(self) -> float:
        """How long until the next attempt is allowed; 0 when it is allowed now."""
        not_before = self._counts(self._files())[self.kind][1]
        # Capped, so a clock moved backwards cannot lock the family out for longer.
        return min(max(not_before - self._clock(), 0.0), MAX_DELAY)

    # --- changing -----------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if self._held is not None and self._held.held:
            yield
            return
        lock = VaultLock.acquire(self.vault_path)
        try:
            yield
        finally:
            lock.release()

    def _update(self, change: Callable[[dict[str, Count]], dict[str, Count]]) -> None:
        """Read, change and write back the counts of both files, under the lock."""
        with self._locked():
            files = self._files()
            before = self._counts(files)
            value = attempts_value(change(dict(before)))
            for path, header, payload in files:
                if header.attempts == value:
                    continue
                write_atomically(path, fileformat.encode(replace(header, attempts=value),
                                                         payload), keep_backup=False)

    def record_failure(self) -> float:
        """Count a wrong secret (or one about to be tried); returns the delay now due."""
        delays = []

        def change(counts):
            failures = counts[self.kind][0] + 1
            delays.append(delay_after(failures))
            # No time at all while the attempts are free: a clock set differently
            # elsewhere (another device, a test) must not turn a free one into a wait.
            counts[self.kind] = (failures, self._clock() + delays[-1] if delays[-1] else 0.0)
            return counts
        self._update(change)
        return delays[-1]

    def absorb(self, failures: int, not_before: float) -> None:
        """Take over a count kept elsewhere (the old lockout file), if it is higher."""
        def change(counts):
            had = counts[self.kind]
            counts[self.kind] = (max(had[0], failures), max(had[1], not_before))
            return counts
        self._update(change)

    def record_success(self) -> None:
        """The right secret: forget the failures of every kind (writes only if any)."""
        self._update(lambda counts: {})

    reset = record_success
