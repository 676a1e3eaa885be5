"""What the `family-app` subcommands share: the error a user can fix, the secret from the
environment or a prompt, unlocking the profile of a kind, and checking the files a command
reads or writes before it unlocks, shares or records anything.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from i18n import Translator, translator

from family_app.profiles.device import Device
from family_app.profiles.unlocking import unlock

FAMILY_SECRET_ENV = "ONSPLAN_PASSPHRASE"
YOUTH_SECRET_ENV = "ONSPLAN_YOUTH_PASSPHRASE"


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


class InFile(CliError):
    """An error about one file: printed as "file: what is wrong"."""

    def __init__(self, where: object, error: BaseException) -> None:
        super().__init__(str(error))
        self.where, self.error = where, error


def tr() -> Translator:
    return translator(os.environ.get("ONSPLAN_LANG") or os.environ.get("LANG"))


def ask_secret(env_name: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env_name)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(f"set {env_name}, or run this at a terminal to be asked")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != value:
        raise CliError("the two entries are not the same")
    return value


def _only_profile(device: Device, kind: str):
    found = [p for p in device.profiles() if p.kind == kind]
    if not found:
        hint = "; make one with init-begeleider" if kind == "begeleider" else ""
        raise CliError(f"no {kind} profile in {device.data_dir}{hint}")
    return found[0]


def unlock_kind(device_dir: Path, kind: str):
    """The first profile of `kind` on this device, unlocked with ONSPLAN_PASSPHRASE."""
    device = Device(device_dir)
    profile = _only_profile(device, kind)
    secret = ask_secret(FAMILY_SECRET_ENV, f"PIN or passphrase for {profile.label}: ")
    return unlock(device, profile, secret)


def read_file(path: Path) -> bytes:
    if not path.is_file():
        raise CliError(f"file not found: {path}")
    return path.read_bytes()


def output_file(name: str) -> Path:
    """The file a command will write, checked before anything is unlocked, shared or
    recorded: its folder must exist and it must not be a folder itself."""
    path = Path(name)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CliError(f"folder not found: {folder}")
    if path.is_dir():
        raise CliError(f"{path} is a folder; give a file name")
    return path
