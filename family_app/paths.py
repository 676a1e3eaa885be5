"""Where Ons Plan keeps its files on this device."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def default_data_dir() -> Path:
    """A packaged app gets its folder from Flet; a desktop or laptop run uses the user's data folder."""
    packaged = os.environ.get("FLET_APP_STORAGE_DATA")
    if packaged:
        return Path(packaged)
    return Path(platformdirs.user_data_dir("OnsPlan", appauthor=False))


def resolve_data_dir(override: str | os.PathLike | None) -> Path:
    """The data folder, made if needed: only its owner may open it (0700).

    A folder the user names that exists already is left as it is; the default folder is
    made private even when an older version made it readable to others.
    """
    path = Path(override).expanduser() if override else default_data_dir()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not override and not os.environ.get("FLET_APP_STORAGE_DATA"):
        make_private(path)
    return path


def make_private(folder: Path) -> None:
    """Take away group and others' access to a folder of ours (POSIX; a no-op elsewhere)."""
    if os.name == "posix" and folder.stat().st_mode & 0o077:
        folder.chmod(0o700)
