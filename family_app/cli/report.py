"""`family-app report DIR [--csv FILE] [--html FILE]`: the CJG's report over closure bundles.

Unlocks the begeleider's profile in --data-dir (ONSPLAN_PASSPHRASE, or a prompt at a
terminal), reads every *.onsplan file in DIR, prints the table (n, per item n answered, mean,
median, n/a and distribution, the shares...) and lists the files that were not counted, with
the reason. Duplicates count once. A report counts only when its sender's key is bound to its
family in that begeleider's vault (family_keys); the others are listed as unverified. What
the figures mean: docs/report.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sync.bundle import FILE_SUFFIX

from family_app.report import cjg_report, closure_inbox, report_stats
from family_app.sharing import family_keys
from family_app.cli.common import CliError, output_file, unlock_kind


def add_commands(commands, data_dir: argparse.ArgumentParser) -> None:
    """Register `report` on the `family-app` subcommands."""
    report = commands.add_parser(
        "report", parents=[data_dir], help="the CJG's report over the families' closure bundles",
        description="Read every *.onsplan closure bundle in DIR with the begeleider's profile "
                    "and print n, the satisfaction items, goals, endings, dropout, duration. "
                    "Damaged, forged or unreadable bundles are listed and not counted, and so "
                    "are reports from a key the begeleider never saw a share of that family "
                    "from (unverified); duplicates count once.")
    report.add_argument("dir", metavar="DIR", help="the folder with the closure bundles")
    report.add_argument("--csv", metavar="FILE", help="also write the figures as CSV")
    report.add_argument("--html", metavar="FILE", help="also write a page with charts")


def cmd_report(args, device_dir: Path) -> int:
    # Only `report` renders (csv, html); importing it here keeps `run` from loading it (the
    # app shows its figures without it).
    from family_app.report import report_render
    folder = Path(args.dir)
    if not folder.is_dir():
        raise CliError(f"folder not found: {folder}")
    files = sorted(p for p in folder.iterdir() if p.suffix == FILE_SUFFIX and p.is_file())
    if not files:
        raise CliError(f"no closure bundles (*{FILE_SUFFIX}) in {folder}")
    csv_path = None if args.csv is None else output_file(args.csv)
    html_path = None if args.html is None else output_file(args.html)
    opened = unlock_kind(device_dir, "begeleider")
    try:
        me = closure_inbox.me_of(opened)
        known = family_keys.known(opened)
    finally:
        opened.lock()
    read = cjg_report.read_reports(folder, me, known=known)
    report = report_stats.aggregate(read.accepted)
    print(f"Closure reports in {folder}: {len(files)} files, {len(read.accepted)} counted, "
          f"{len(read.duplicates)} duplicates counted once, {len(read.rejected)} rejected, "
          f"{len(read.unverified)} unverified")
    print()
    print(report_render.to_text(report), end="")
    for title, files_why in (("Rejected (not counted)", read.rejected),
                             ("Unverified (not counted)", read.unverified_reasons),
                             ("Duplicates (counted once)", read.duplicates)):
        if files_why:
            print()
            print(f"{title}:")
            for name, why in files_why:
                print(f"  {name}: {why}")
    if csv_path:
        csv_path.write_text(report_render.to_csv(report), encoding="utf-8")
        print(f"\nCSV written to {csv_path}")
    if html_path:
        html_path.write_text(report_render.to_html(report, rejected=read.rejected,
                                                   duplicates=read.duplicates,
                                                   unverified=read.unverified_reasons),
                             encoding="utf-8")
        print(f"{'' if csv_path else chr(10)}HTML written to {html_path}")
    return 0


COMMANDS = {"report": cmd_report}
