"""The sharing commands of `family-app` (the begeleider's laptop, and tests): init-begeleider,
identity, pair, share and view.
"""

from __future__ import annotations

import argparse
import getpass
import json
import re
import sys
from pathlib import Path

from sync.bundle import bundle_mode
from sync.errors import DamagedFrame, FramesIncomplete, PasscodeNeeded, SyncError
from sync.frames import FrameCollector
from sync.passcode import LENGTH, normalize_passcode
from sync.readable import normalize
from sync.share_payload import PRESETS, Scope

from family_app.bundles import lifetimes
from family_app.sharing import sharing, viewer
from family_app.profiles.device import Device
from family_app.profiles.onboarding import (BEGELEIDER_LABEL, create_with_tables,
                                            workspace_from_form)
from family_app.profiles.open_profile import WORKSPACE_TABLE
from family_app.plan.plan_book import PlanBook
from family_app.cli.common import (
    FAMILY_SECRET_ENV, CliError, InFile, ask_secret, output_file, read_file, tr, unlock_kind)

OLDER_EXIT = 3  # `view`: shown, but older than a version of this family already seen
FRAME_NAME = "frame-{}.png"
_FRAME_FILE = re.compile(r"^frame-([0-9]+)\.png$")


def add_commands(commands, data_dir: argparse.ArgumentParser) -> None:
    """Register the sharing commands on the `family-app` subcommands."""
    init = commands.add_parser("init-begeleider", parents=[data_dir],
                               help="create the begeleider's profile (name, organisation, keys)")
    init.add_argument("--name", required=True, help="your name, as families will see it")
    init.add_argument("--organisation", required=True, help="your organisation")
    identity = commands.add_parser("identity", parents=[data_dir],
                                   help="write the begeleider's identity bundle, for pairing")
    identity.add_argument("--out", required=True, help="the file to write")
    pair = commands.add_parser("pair", parents=[data_dir],
                               help="pair the family with a begeleider's identity bundle")
    pair.add_argument("file", help="the begeleider's identity bundle")
    share = commands.add_parser(
        "share", parents=[data_dir], help="share part of the family's plan as a bundle",
        description="Seal the chosen sections for a paired begeleider (--to FINGERPRINT) or "
                    "under a passcode (--to passcode), and record the share in the consent log.")
    share.add_argument("--to", required=True, metavar="FINGERPRINT|passcode",
                       help="a paired begeleider's fingerprint, or the word passcode")
    share.add_argument("--passcode", metavar="CODE",
                       help="with --to passcode: this passcode (default: a new one, printed)")
    share.add_argument("--scope", required=True, metavar="PRESET|a,b,c",
                       help=f"a preset ({', '.join(PRESETS)}) or a comma list of sections")
    share.add_argument("--days", type=int, metavar="N",
                       help=f"days until the share expires (default {lifetimes.default_days('share')}; "
                            f"{lifetimes.default_days('in_person_share')} with a passcode)")
    share.add_argument("--out", required=True, metavar="FILE.onsplan", help="the bundle file")
    share.add_argument("--qr-dir", metavar="DIR",
                       help="also write the QR frames here as frame-1.png, frame-2.png, ...")
    view = commands.add_parser(
        "view", parents=[data_dir], help="open a shared plan and print it as JSON",
        description="Exit status: 0 shown, 1 refused, 3 shown but older than a version "
                    "already seen (the newer one is kept).")
    view.add_argument("file", nargs="?", metavar="FILE.onsplan", help="the bundle file")
    view.add_argument("--frames", metavar="DIR", help="read the bundle from the QR images here")
    view.add_argument("--passcode", metavar="CODE", help="the passcode of an in-person share")


def cmd_init_begeleider(args, device_dir: Path) -> int:
    device = Device(device_dir)
    if any(p.kind == "begeleider" for p in device.profiles()):
        raise CliError(f"{device_dir} already holds a begeleider profile")
    me = workspace_from_form(args.name, args.organisation).validated()
    secret = ask_secret(FAMILY_SECRET_ENV, "PIN or passphrase for the begeleider: ", confirm=True)
    opened, code = create_with_tables(device, "begeleider", BEGELEIDER_LABEL, secret,
                                      {WORKSPACE_TABLE: [me.to_dict()]}, tr().lang)
    try:
        identity = opened.identity(me.name, me.organisation)
    finally:
        opened.lock()
    print(f"begeleider: {me.name} ({me.organisation})")
    print(f"recovery code: {code}")
    print(f"fingerprint: {identity.fingerprint()}")
    return 0


def cmd_identity(args, device_dir: Path) -> int:
    out = output_file(args.out)
    opened = unlock_kind(device_dir, "begeleider")
    try:
        code = sharing.identity_code(opened)
    finally:
        opened.lock()
    out.write_bytes(code.bundle)
    print(f"identity of {code.name} ({code.organisation}) written to {out}")
    print(f"fingerprint: {code.fingerprint}")
    return 0


def cmd_pair(args, device_dir: Path) -> int:
    data = read_file(Path(args.file))
    if bundle_mode(data) != "public":  # a share or other sealed bundle, not an identity
        raise CliError(f"{args.file} is not a begeleider's identity; the begeleider makes one "
                       "with `family-app identity`")
    identity = sharing.read_identity(data)  # refuses before unlocking
    opened = unlock_kind(device_dir, "family")
    try:
        pairing = sharing.pair(PlanBook(opened), identity)
    finally:
        opened.lock()
    who = pairing.professional
    print(f"paired with {who.name} ({who.organisation}).")
    print(f"Check that the begeleider's screen shows the same fingerprint: {pairing.fingerprint}")
    return 0


def _scope(text: str) -> Scope:
    name = text.strip()
    if name in PRESETS:
        return Scope.preset(name)
    sections = [s.strip() for s in name.split(",") if s.strip()]
    allowed = PRESETS["everything"]  # the consent log itself is never shared
    unknown = [s for s in sections if s not in allowed]
    if unknown or not sections:
        raise CliError(f"unknown section {', '.join(unknown) or repr(text)}; use a preset "
                       f"({', '.join(PRESETS)}) or sections from: {', '.join(allowed)}")
    return Scope(tuple(sections))


def _find_paired(plan, fingerprint: str):
    try:
        wanted = normalize(fingerprint)
    except ValueError:
        wanted = None
    paired = sharing.paired(plan)
    for professional in paired:
        if wanted and normalize(sharing.public_identity(professional).fingerprint()) == wanted:
            return professional
    raise CliError(f"no paired begeleider has the fingerprint {fingerprint} "
                   f"({len(paired)} paired); pair first with `family-app pair`")


def _passcode_option(typed: str) -> str:
    try:
        code = normalize_passcode(typed)
    except ValueError:
        code = ""
    if len(code) < LENGTH:
        raise CliError(f"a passcode has at least {LENGTH} letters and digits, like 7K2M-QX9D "
                       "(no U)")
    return typed


def _write_frames(folder: Path, frames: list[str]) -> None:
    # PIL and qrcode take a while to import; only `share --qr-dir` draws frames.
    from sync.qr_image import render_png
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(frames, 1):
        (folder / FRAME_NAME.format(number)).write_bytes(render_png(text))
    for stale in folder.iterdir():  # frames of an earlier share would mix with these
        match = _FRAME_FILE.match(stale.name)
        if match and int(match.group(1)) > len(frames) and stale.is_file():
            stale.unlink()


def cmd_share(args, device_dir: Path) -> int:
    scope = _scope(args.scope)
    in_person = args.to.strip().lower() == "passcode"
    if args.passcode is not None and not in_person:
        raise CliError("--passcode goes with --to passcode only")
    passcode = _passcode_option(args.passcode) if args.passcode is not None else None
    kind = lifetimes.share_kind(in_person=in_person)
    if args.days is not None and not lifetimes.allowed_days(kind, args.days):
        raise CliError(f"--days must be from 1 to {lifetimes.longest_days(kind)}")
    out = output_file(args.out)
    if args.qr_dir and Path(args.qr_dir).exists() and not Path(args.qr_dir).is_dir():
        raise CliError(f"{args.qr_dir} is not a folder")
    opened = unlock_kind(device_dir, "family")
    try:
        book = PlanBook(opened)
        to = None if in_person else _find_paired(book.plan(), args.to)
        result = sharing.share(book, scope, to=to, passcode=passcode, days=args.days)
    finally:
        opened.lock()
    out.write_bytes(result.bundle)
    if args.qr_dir:
        _write_frames(Path(args.qr_dir), result.frames)
    record = result.record
    print(f"shared with: {f'{to.name} ({to.organisation})' if to else 'someone with the passcode'}")
    print(f"sections: {', '.join(record.sections)}")
    print(f"expires: {record.expires.isoformat()}")
    print(f"bundle: {out} ({len(result.bundle)} bytes)")
    if args.qr_dir:
        print(f"frames: {len(result.frames)} in {args.qr_dir}")
    if in_person and passcode is None:
        print(f"passcode: {result.passcode}")
    return 0


def _bundle_from_frames(folder: Path) -> bytes:
    # The QR reader and PIL take a while to import; only `view --frames` reads images.
    from sync.qr_image import decode_image
    if not folder.is_dir():
        raise CliError(f"folder not found: {folder}")
    images = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if not images:
        raise CliError(f"no images in {folder}")
    collector = FrameCollector()
    for path in images:
        try:
            texts = decode_image(path.read_bytes())
            if not texts:
                raise CliError("no QR code found in this image")
            for text in texts:
                collector.add(text)
        except (SyncError, CliError) as error:
            raise InFile(path, error) from None
    try:
        return collector.bundle()
    except FramesIncomplete as error:
        got, total = collector.progress
        problem = tr().gettext(error.problem)
        raise InFile(folder, CliError(f"{problem} ({got} of {total})")) from None
    except DamagedFrame as error:
        raise InFile(folder, error) from None


def cmd_view(args, device_dir: Path) -> int:
    if bool(args.file) == bool(args.frames):
        raise CliError("give either a bundle file or --frames DIR")
    data = read_file(Path(args.file)) if args.file else _bundle_from_frames(Path(args.frames))
    passcode = args.passcode
    if passcode is None and bundle_mode(data) == "passcode":
        if not sys.stdin or not sys.stdin.isatty():
            raise CliError(f"{tr().gettext(PasscodeNeeded.default_problem)} (--passcode CODE)")
        passcode = getpass.getpass("Passcode: ")
    opened = unlock_kind(device_dir, "begeleider")
    try:
        viewer.purge_expired(opened)
        received = viewer.receive(opened, data, passcode=passcode)
        kept = viewer.received(opened, received.household_id)
    finally:
        opened.lock()
    json.dump({"household": received.household_name, "plan_version": received.plan_version,
               "status": received.status, "expires": received.expires,
               "language": received.language, "sections": received.sections,
               "tables": received.tables, "created": received.created,
               "sender": received.sender_name, "fingerprint": received.fingerprint},
              sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    if received.status == "older":
        newer = f" (version {kept.plan_version}, {kept.created[:10]})" if kept else ""
        print(f"family-app: this code shows plan version {received.plan_version}, older than "
              f"the version already seen{newer}; the newer one is kept", file=sys.stderr)
        return OLDER_EXIT
    return 0


COMMANDS = {"init-begeleider": cmd_init_begeleider, "identity": cmd_identity, "pair": cmd_pair,
            "share": cmd_share, "view": cmd_view}
