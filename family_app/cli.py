"""The `family-app` command. Every error ends in one plain line and a non-zero exit.

Secrets come from ONSPLAN_PASSPHRASE (ONSPLAN_YOUTH_PASSPHRASE for youth profiles), or
from a prompt when a person is at the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from i18n import Translator, translator

from .cli_report import add_report_command, cmd_report
from .cli_sharing import (
    add_sharing_commands, cmd_identity, cmd_init_begeleider, cmd_pair, cmd_share, cmd_view)
from .domain import ScenarioError, ValidationError
from .vault.errors import VaultError

FAMILY_SECRET_ENV = "ONSPLAN_PASSPHRASE"
YOUTH_SECRET_ENV = "ONSPLAN_YOUTH_PASSPHRASE"


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


def _tr() -> Translator:
    return translator(os.environ.get("ONSPLAN_LANG") or os.environ.get("LANG"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="family-app",
                                     description="Ons Plan: the family's own support plan.")
    commands = parser.add_subparsers(dest="command")
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument("--data-dir", help="folder for this device's profiles "
                                             "(default: the user's data folder)")
    run = commands.add_parser("run", parents=[data_dir], help="start the app (default)")
    run.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default 8550)")
    run.add_argument("--no-browser", action="store_true", help="print the address only")
    demo = commands.add_parser("demo", parents=[data_dir],
                               help="create profiles from an onsplan-scenario/1 file")
    demo.add_argument("--scenario", required=True, help="the scenario file")
    commands.add_parser("profiles", parents=[data_dir], help="list the profiles, one per line")
    export = commands.add_parser("export", parents=[data_dir],
                                 help="print a whole profile as JSON")
    export.add_argument("--profile", help="the profile's name (default: the family)")
    add_sharing_commands(commands, data_dir)
    add_report_command(commands, data_dir)
    return parser


def _secret(env_name: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env_name)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(f"set {env_name}, or run this at a terminal to be asked")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != value:
        raise CliError("the two entries are not the same")
    return value


def cmd_run(args, device_dir: Path) -> int:
    from .app import DEFAULT_PORT, serve
    port = args.port or DEFAULT_PORT
    if args.no_browser:
        print(f"Ons Plan: http://127.0.0.1:{port}", flush=True)
    serve(device_dir, port=port, open_browser=not args.no_browser)
    return 0


def cmd_demo(args, device_dir: Path) -> int:
    from .demo import create_demo
    from .device import Device
    scenario = Path(args.scenario)
    if not scenario.is_file():
        raise CliError(f"scenario file not found: {scenario}")
    family = _secret(FAMILY_SECRET_ENV, "PIN or passphrase for the family: ", confirm=True)
    youth = os.environ.get(YOUTH_SECRET_ENV)
    if youth is None and sys.stdin and sys.stdin.isatty():
        youth = _secret(YOUTH_SECRET_ENV, "PIN or passphrase for the young people: ", confirm=True)
    for made in create_demo(Device(device_dir), scenario, family, youth):
        print(f"{made.label}\t{made.kind}\trecovery code: {made.recovery_code}")
    return 0


def cmd_profiles(args, device_dir: Path) -> int:
    from .device import Device
    for profile in Device(device_dir).profiles():
        print(f"{profile.label}\t{profile.kind}\t{profile.id}")
    return 0


def cmd_export(args, device_dir: Path) -> int:
    from .device import Device
    from .export import export_profile
    from .unlocking import unlock
    device = Device(device_dir)
    if args.profile:
        profile = device.profile(args.profile)
    else:
        families = [p for p in device.profiles() if p.kind == "family"]
        if not families:
            raise CliError(f"no family profile in {device_dir}; name one with --profile")
        profile = families[0]
    env_name = YOUTH_SECRET_ENV if profile.kind == "youth" else FAMILY_SECRET_ENV
    opened = unlock(device, profile, _secret(env_name, f"PIN or passphrase for {profile.label}: "))
    try:
        json.dump(export_profile(opened), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    finally:
        opened.lock()
    return 0


# --- shared by the commands: an error about one file, unlocking the profile of a kind --------

class InFile(CliError):
    """An error about one file: printed as "file: what is wrong"."""

    def __init__(self, where: object, error: BaseException) -> None:
        super().__init__(str(error))
        self.where, self.error = where, error


def _only_profile(device, kind: str):
    found = [p for p in device.profiles() if p.kind == kind]
    if not found:
        hint = "; make one with init-begeleider" if kind == "begeleider" else ""
        raise CliError(f"no {kind} profile in {device.data_dir}{hint}")
    return found[0]


def _unlock_kind(device_dir: Path, kind: str):
    from .device import Device
    from .unlocking import unlock
    device = Device(device_dir)
    profile = _only_profile(device, kind)
    secret = _secret(FAMILY_SECRET_ENV, f"PIN or passphrase for {profile.label}: ")
    return unlock(device, profile, secret)


COMMANDS = {"run": cmd_run, "demo": cmd_demo, "profiles": cmd_profiles, "export": cmd_export,
            "init-begeleider": cmd_init_begeleider, "identity": cmd_identity, "pair": cmd_pair,
            "share": cmd_share, "view": cmd_view, "report": cmd_report}


def _one_line(error: BaseException, tr: Translator) -> str:
    problem = getattr(error, "problem", None)
    if isinstance(error, InFile):
        return f"{error.where}: {_one_line(error.error, tr)}"
    if isinstance(error, ScenarioError) and error.validation is None:
        return tr.gettext(error.problem).format(**error.params)
    if isinstance(error, ScenarioError):
        return str(error)
    if isinstance(error, ValidationError):
        return f"{error.field}: {tr.gettext(error.problem).format(**error.params)}"
    if problem:
        return tr.gettext(problem).format(**(getattr(error, "params", None) or {}))
    if isinstance(error, OSError):
        return f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")
    return str(error) or type(error).__name__


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["run", *argv]  # `family-app` alone is `family-app run`
    args = _parser().parse_args(argv)
    from .demo import DemoError
    from .paths import resolve_data_dir
    from sync.errors import SyncError
    try:
        return COMMANDS[args.command](args, resolve_data_dir(args.data_dir))
    except KeyboardInterrupt:
        return 130
    except (CliError, DemoError, ScenarioError, ValidationError, VaultError, SyncError,
            LookupError, OSError, ValueError) as error:
        print(f"family-app: {_one_line(error, _tr())}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
