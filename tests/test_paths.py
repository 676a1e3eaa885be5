"""The data folder is private to its owner (docs/threat-model.md, "Files")."""

from __future__ import annotations

import os
import stat

import pytest

from family_app import paths

pytestmark = pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX")


def mode(folder) -> int:
    return stat.S_IMODE(folder.stat().st_mode)


def test_an_older_default_data_folder_readable_by_others_is_made_private(tmp_path, monkeypatch):
    default = tmp_path / "OnsPlan"
    default.mkdir()
    default.chmod(0o755)                        # as an older version (or a umask) left it
    monkeypatch.delenv("FLET_APP_STORAGE_DATA", raising=False)
    monkeypatch.setattr(paths.platformdirs, "user_data_dir", lambda *a, **k: str(default))
    assert paths.resolve_data_dir(None) == default
    assert mode(default) == 0o700


def test_a_folder_the_user_named_is_left_as_it_is(tmp_path):
    named = tmp_path / "shared-on-purpose"
    named.mkdir()
    named.chmod(0o755)
    assert paths.resolve_data_dir(named) == named
    assert mode(named) == 0o755
