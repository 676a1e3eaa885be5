"""One opener per vault: an exclusive OS lock on ``<vault>.lock``, held while it is open.

Two writers on one vault file would each keep their own copy in memory and overwrite the
other's saves (the last write wins). So whoever opens a vault, including the attempt to
unlock it, first takes this lock; a second opener (another process, or a second open in
this process) waits a moment and is then told that the plan is open elsewhere.

The lock is the OS's: ``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows. The OS
drops it when the process ends, even when it is killed, so a crash never leaves a plan
locked. The lock file holds nothing; it is removed on release. A lock file left behind
by a crash is harmless: what counts is the OS lock on it, not its existence.

Limits: flock on network file systems may be emulated or absent; the vault is meant to
live on the device's own disk. The lock only binds programs that take it (this app and
its command line); it is not a defence against someone who can write the file anyway.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from family_app.vault.errors import VaultInUse

LOCK_WAIT_SECONDS = 2.0     # long enough for another tab's unlock attempt (one scrypt)
_POLL_SECONDS = 0.05

if os.name == "nt":   # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


# flock already refuses a second open file in the same process on Linux and BSD, but not
# everywhere (some file systems emulate it with per-process POSIX locks). This set makes
# "a second open in the same process" a refusal on every platform.
_held: set[str] = set()
_held_guard = threading.Lock()


def lock_path(vault_path: str | os.PathLike) -> Path:
    vault_path = Path(vault_path)
    return vault_path.with_name(vault_path.name + ".lock")


class VaultLock:
    """An exclusive lock on one vault, held until ``release``. Build it with ``acquire``."""

    def __init__(self, path: Path, key: str, fd: int) -> None:
        self.path = path
        self._key = key
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, vault_path: str | os.PathLike,
                wait: float | None = None) -> "VaultLock":
        """Take the lock, waiting up to ``wait`` seconds; raises VaultInUse after that."""
        path = lock_path(vault_path)
        key = os.path.realpath(path)
        deadline = time.monotonic() + (LOCK_WAIT_SECONDS if wait is None else wait)
        while True:
            lock = cls._try(path, key)
            if lock is not None:
                return lock
            if time.monotonic() >= deadline:
                raise VaultInUse(detail=f"{path.name} is held by another opener")
            time.sleep(_POLL_SECONDS)

    @classmethod
    def _try(cls, path: Path, key: str) -> "VaultLock | None":
        with _held_guard:
            if key in _held:
                return None
            _held.add(key)
        try:
            fd = _open_locked(path)
        except BaseException:
            with _held_guard:
                _held.discard(key)
            raise
        if fd is None:
            with _held_guard:
                _held.discard(key)
            return None
        return cls(path, key, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the lock up (idempotent). The lock file is removed while still held."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if os.name != "nt" and _same_file(self.path, fd):
                try:
                    os.remove(self.path)
                except OSError:
                    pass
            _unlock(fd)
        finally:
            os.close(fd)
            with _held_guard:
                _held.discard(self._key)
        if os.name == "nt":   # pragma: no cover - an open file cannot be removed there
            try:
                os.remove(self.path)
            except OSError:
                pass   # another opener has it open already: it is theirs now

    def __del__(self) -> None:   # a Vault dropped without close must not keep the plan
        try:
            self.release()
        except Exception:
            pass


def _same_file(path: Path, fd: int) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


def _open_locked(path: Path) -> int | None:
    """An fd of ``path`` holding the OS lock, or None when someone else holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    try:
        if not _try_lock(fd):
            os.close(fd)
            return None
        # The holder before us removes the file on release. If we locked that removed
        # file, the name may already belong to a new file (and a new holder): try again.
        if not _same_file(path, fd):
            _unlock(fd)
            os.close(fd)
            return None
    except BaseException:
        try:
            os.close(fd)
        except OSError:
            pass
        raise
    return fd
