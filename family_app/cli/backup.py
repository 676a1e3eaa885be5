"""The commands for backups: `backup` writes one profile whole to a file, `restore` makes
a profile on this device from one (family_app/backup/)."""

from __future__ import annotations

import argparse
from pathlib import Path

from family_app.backup import backup_file, making, restoring
from family_app.backup.errors import BackupTooLarge, ProfileExists
from family_app.profiles.device import Device
from family_app.profiles.unlocking import unlock
from family_app.cli.common import (FAMILY_SECRET_ENV, YOUTH_SECRET_ENV, CliError, ask_secret,
                                   output_file)

RECOVERY_CODE_ENV = "ONSPLAN_RECOVERY_CODE"


def add_commands(commands, data_dir: argparse.ArgumentParser) -> None:
    """Register backup and restore on the `family-app` subcommands."""
    backup = commands.add_parser("backup", parents=[data_dir],
                                 help="write a profile whole to an encrypted backup file")
    backup.add_argument("--out", required=True,
                        help=f"the backup file to write (e.g. ons-plan{backup_file.EXTENSION})")
    backup.add_argument("--profile", help="the profile's name (default: the family)")
    backup.add_argument("--also-passphrase", action="store_true",
                        help="let the backup open with the profile's passphrase too, not only "
                             "with its recovery code (not for a PIN: too short to protect a file)")
    restore = commands.add_parser("restore", parents=[data_dir],
                                  help="make a profile on this device from a backup file")
    restore.add_argument("file", help=f"the backup file; it opens with its recovery code, or "
                         f"with the passphrase if it was made with --also-passphrase (either "
                         f"one in {RECOVERY_CODE_ENV}, or asked)")
    restore.add_argument("--replace", action="store_true",
                         help="replace a plan of the same kind on this device (it is kept "
                              "until the backup is restored)")


def cmd_backup(args, device_dir: Path) -> int:
    out = output_file(args.out)
    device = Device(device_dir)
    profile = device.profile(args.profile) if args.profile else _family(device)
    env_name = YOUTH_SECRET_ENV if profile.kind == "youth" else FAMILY_SECRET_ENV
    opened = unlock(device, profile, ask_secret(env_name, f"PIN or passphrase for {profile.label}: "))
    try:
        if args.also_passphrase and not making.passphrase_offered(opened):
            raise CliError("this plan is locked with a PIN: a PIN is too short to protect a "
                           "file, so the backup opens only with the recovery code (leave out "
                           "--also-passphrase)")
        blob = making.make_backup(opened, with_passphrase=args.also_passphrase)
    finally:
        opened.lock()
    out.write_bytes(blob)
    print(f"backup of {profile.label} ({profile.kind}) written to {out}")
    print("it opens with the recovery code of this plan"
          + (" or its passphrase" if args.also_passphrase else ""))
    return 0


def cmd_restore(args, device_dir: Path) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"file not found: {path}")
    if path.stat().st_size > backup_file.MAX_FILE_LEN:   # before reading it into memory
        raise BackupTooLarge(detail=f"{path.stat().st_size} bytes")
    blob = path.read_bytes()
    code = ask_secret(RECOVERY_CODE_ENV, "Recovery code (or passphrase, if the backup has one): ")
    secret = ask_secret(FAMILY_SECRET_ENV, "New PIN or passphrase: ", confirm=True)
    try:
        opened, new_code = restoring.restore(Device(device_dir), blob, code, secret,
                                             replace=args.replace)
    except ProfileExists as exists:
        raise CliError(f"there is already a {exists.existing.kind} plan on this device; add "
                       "--replace to replace it (it is kept until the backup is restored)") from None
    try:
        print(f"restored {opened.profile.label} ({opened.kind})")
        print(f"new recovery code: {new_code}")
    finally:
        opened.lock()
    return 0


def _family(device: Device):
    families = [p for p in device.profiles() if p.kind == "family"]
    if not families:
        raise CliError(f"no family profile in {device.data_dir}; name one with --profile")
    return families[0]


COMMANDS = {"backup": cmd_backup, "restore": cmd_restore}
