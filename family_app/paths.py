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
    path = Path(override).expanduser() if override else default_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path
