"""The `family-app` command. Every error ends in one plain line and a non-zero exit.

Secrets come from ONSPLAN_PASSPHRASE (ONSPLAN_YOUTH_PASSPHRASE for youth profiles), or
from a prompt when a person is at the terminal.

This module only wires the parser and reports errors; the commands live in one module per
group (plan, sharing, report) and share what is in common.py. Nothing in the package imports
this module back, so its imports can all stay at module level.
"""

from __future__ import annotations

import argparse
import sys

from i18n import Translator
from i18n.problems import Problem
from sync.errors import SyncError

from family_app.profiles.demo import DemoError
from family_app.domain import ScenarioError, ValidationError
from family_app.paths import resolve_data_dir
from family_app.vault.errors import VaultError
from family_app.cli import backup, plan, printing, report, sharing
from family_app.cli.common import CliError, InFile, tr

GROUPS = (plan, sharing, report, printing, backup)  # in the order `family-app --help` lists their commands
COMMANDS = {name: command for group in GROUPS for name, command in group.COMMANDS.items()}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="family-app",
                                     description="Ons Plan: the family's own support plan.")
    commands = parser.add_subparsers(dest="command")
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument("--data-dir", help="folder for this device's profiles "
                                             "(default: the user's data folder)")
    for group in GROUPS:
        group.add_commands(commands, data_dir)
    return parser


def _one_line(error: BaseException, translations: Translator) -> str:
    problem = getattr(error, "problem", None)
    if isinstance(error, InFile):
        return f"{error.where}: {_one_line(error.error, translations)}"
    if isinstance(error, ScenarioError) and error.validation is None:
        return translations.gettext(error.problem).format(**error.params)
    if isinstance(error, ScenarioError):
        return str(error)
    if isinstance(error, ValidationError):
        return f"{error.field}: {translations.gettext(error.problem).format(**error.params)}"
    if problem:
        return translations.gettext(problem).format(**(getattr(error, "params", None) or {}))
    if isinstance(error, OSError):
        return f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")
    if isinstance(error, (ValueError, LookupError)):
        # Python's own words ("embedded null byte", "'household'") tell the user nothing.
        return translations.gettext(Problem.default_problem)
    return str(error) or type(error).__name__  # CliError, DemoError: plain sentences already


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["run", *argv]  # `family-app` alone is `family-app run`
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, resolve_data_dir(args.data_dir))
    except KeyboardInterrupt:
        return 130
    except (CliError, DemoError, ScenarioError, ValidationError, VaultError, SyncError,
            LookupError, OSError, ValueError) as error:
        print(f"family-app: {_one_line(error, tr())}", file=sys.stderr)
        return 1
