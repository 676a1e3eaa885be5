"""`family-app print --out plan.html|plan.pdf [--sections a,b] [--profile NAME]`: the plan on
paper, as one self-contained page for A4, or that page printed to PDF by Chromium.

The family's profile prints the family plan; `--profile` names a young person's profile to
print their own plan (with ONSPLAN_YOUTH_PASSPHRASE). Every print is written in that
profile's consent log. The page speaks the profile's language (ONSPLAN_LANG overrides).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from i18n import translator

from family_app.printing import plan_paper
from family_app.profiles.device import Device
from family_app.profiles.unlocking import unlock
from family_app.cli.common import (FAMILY_SECRET_ENV, YOUTH_SECRET_ENV, CliError, ask_secret,
                                   output_file)

SUFFIXES = (".html", ".htm", ".pdf")


def add_commands(commands, data_dir: argparse.ArgumentParser) -> None:
    """Register `print` on the `family-app` subcommands."""
    printing = commands.add_parser(
        "print", parents=[data_dir], help="the plan on paper: a page for A4, as HTML or PDF",
        description="Write the chosen sections of the plan as one page for A4 that any "
                    "browser prints (.html), or as a PDF printed by Chromium (.pdf). The "
                    "print is written in the consent log.")
    printing.add_argument("--out", required=True, metavar="plan.html|plan.pdf",
                          help="the file to write; its ending says which")
    printing.add_argument("--sections", metavar="a,b,c",
                          help="the sections to print (default: "
                               f"{','.join(plan_paper.FAMILY_DEFAULT)}); a family can choose "
                               f"from {','.join(plan_paper.FAMILY_SECTIONS)}, a young person "
                               f"from {','.join(plan_paper.YOUTH_SECTIONS)}")
    printing.add_argument("--profile", help="the profile's name (default: the family)")


def _profile(device: Device, name: str | None):
    if name:
        return device.profile(name)
    families = [p for p in device.profiles() if p.kind == "family"]
    if not families:
        raise CliError(f"no family profile in {device.data_dir}; name one with --profile")
    return families[0]


def cmd_print(args, device_dir: Path) -> int:
    out = output_file(args.out)
    if out.suffix.lower() not in SUFFIXES:
        raise CliError(f"--out must end in {', '.join(SUFFIXES)}")
    device = Device(device_dir)
    profile = _profile(device, args.profile)
    if profile.kind not in ("family", "youth"):
        raise CliError(f"{profile.label} is a {profile.kind} profile: it has no plan to print")
    wanted = ([s.strip() for s in args.sections.split(",") if s.strip()] if args.sections
              else list(plan_paper.default_sections(profile.kind)))
    try:
        sections = plan_paper.chosen(profile.kind, wanted)
    except ValueError as error:
        raise CliError(str(error)) from None
    to_pdf = out.suffix.lower() == ".pdf"
    if to_pdf:
        from family_app.printing import pdf  # only a PDF needs a browser
        try:
            pdf.find_browser()  # before anything is written in the consent log
        except pdf.NoBrowser as error:
            raise CliError(str(error)) from None
    secret_env = YOUTH_SECRET_ENV if profile.kind == "youth" else FAMILY_SECRET_ENV
    opened = unlock(device, profile, ask_secret(secret_env, f"PIN or passphrase for {profile.label}: "))
    try:
        lang = os.environ.get("ONSPLAN_LANG") or opened.language or "nl"
        printout = plan_paper.print_plan(opened, sections, translator(lang))
    finally:
        opened.lock()
    if to_pdf:
        pdf.write_pdf(printout.html, out)
    else:
        out.write_text(printout.html, encoding="utf-8")
    print(f"printed: {', '.join(sections)}; on {printout.record.created.isoformat()}")
    print(f"written to {out}")
    return 0


COMMANDS = {"print": cmd_print}
