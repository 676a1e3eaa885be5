"""The commands for the app and the profiles on this device: run, demo, profiles, export."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from family_app.profiles.demo import create_demo
from family_app.profiles.device import Device
from family_app.profiles.unlocking import unlock
from family_app.cli.common import FAMILY_SECRET_ENV, YOUTH_SECRET_ENV, CliError, ask_secret


def add_commands(commands, data_dir: argparse.ArgumentParser) -> None:
    """Register run, demo, profiles and export on the `family-app` subcommands."""
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


def cmd_run(args, device_dir: Path) -> int:
    # Flet and every screen take about half a second to import; no other command needs them.
    from family_app.app import DEFAULT_PORT, serve
    port = args.port or DEFAULT_PORT
    if args.no_browser:
        print(f"Ons Plan: http://127.0.0.1:{port}", flush=True)
    serve(device_dir, port=port, open_browser=not args.no_browser)
    return 0


def cmd_demo(args, device_dir: Path) -> int:
    scenario = Path(args.scenario)
    if not scenario.is_file():
        raise CliError(f"scenario file not found: {scenario}")
    family = ask_secret(FAMILY_SECRET_ENV, "PIN or passphrase for the family: ", confirm=True)
    youth = os.environ.get(YOUTH_SECRET_ENV)
    if youth is None and sys.stdin and sys.stdin.isatty():
        youth = ask_secret(YOUTH_SECRET_ENV, "PIN or passphrase for the young people: ",
                           confirm=True)
    for made in create_demo(Device(device_dir), scenario, family, youth):
        print(f"{made.label}\t{made.kind}\trecovery code: {made.recovery_code}")
    return 0


def cmd_profiles(args, device_dir: Path) -> int:
    for profile in Device(device_dir).profiles():
        print(f"{profile.label}\t{profile.kind}\t{profile.id}")
    return 0


def cmd_export(args, device_dir: Path) -> int:
    # Only `export` uses this; importing it here keeps `run` from loading it (the app
    # itself never does).
    from family_app.profiles.export import export_profile
    device = Device(device_dir)
    if args.profile:
        profile = device.profile(args.profile)
    else:
        families = [p for p in device.profiles() if p.kind == "family"]
        if not families:
            raise CliError(f"no family profile in {device_dir}; name one with --profile")
        profile = families[0]
    env_name = YOUTH_SECRET_ENV if profile.kind == "youth" else FAMILY_SECRET_ENV
    secret = ask_secret(env_name, f"PIN or passphrase for {profile.label}: ")
    opened = unlock(device, profile, secret)
    try:
        json.dump(export_profile(opened), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    finally:
        opened.lock()
    return 0


COMMANDS = {"run": cmd_run, "demo": cmd_demo, "profiles": cmd_profiles, "export": cmd_export}
