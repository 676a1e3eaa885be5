"""Sharing through `family-app`, as a begeleider on a laptop (or a test) would use it.

init-begeleider -> identity -> pair -> share -> view, each a subprocess; then every bad
input of issue 5 must end in exit status != 0 and one plain line, never a traceback.
The family, the begeleider and one share are made once per module; each test works on
copies (scrypt makes every new vault slow).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from family_app.bundles import lifetimes
from sync.qr_image import decode_image, render_png

from tests.helpers.data import BEGELEIDER_SECRET, FAMILY_SECRET, YOUTH_SECRET
from tests.helpers.data import DE_VRIES as SCENARIO
OLDER_EXIT = 3


def family_app(*args, secret: str | None = FAMILY_SECRET) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("ONSPLAN_PASSPHRASE", "ONSPLAN_YOUTH_PASSPHRASE")}
    env["ONSPLAN_LANG"] = "en"
    env["ONSPLAN_YOUTH_PASSPHRASE"] = YOUTH_SECRET
    if secret is not None:
        env["ONSPLAN_PASSPHRASE"] = secret
    return subprocess.run([sys.executable, "-m", "family_app", *map(str, args)], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)


def begeleider_app(*args) -> subprocess.CompletedProcess:
    return family_app(*args, secret=BEGELEIDER_SECRET)


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def field(output: str, name: str) -> str:
    """The value of a `name: value` line."""
    found = [line.split(": ", 1)[1] for line in output.splitlines() if line.startswith(name + ": ")]
    assert len(found) == 1, output
    return found[0]


def goal_texts() -> set[str]:
    return {goal["text"] for goal in json.loads(SCENARIO.read_text("utf-8"))["goals"]}


def viewed(result: subprocess.CompletedProcess) -> dict:
    shown = json.loads(result.stdout)
    assert set(shown) >= {"household", "plan_version", "status", "expires", "language",
                          "sections", "tables"}
    return shown


@dataclass
class Setup:
    root: Path
    family: Path
    begeleider: Path
    init: subprocess.CompletedProcess
    identity: subprocess.CompletedProcess
    pair: subprocess.CompletedProcess
    share: subprocess.CompletedProcess
    bundle: Path  # the "current plan" share to the paired begeleider
    frames: Path  # its QR frames as PNG files

    @property
    def fingerprint(self) -> str:
        return self.identity.stdout.split()[-1]


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> Setup:
    root = tmp_path_factory.mktemp("cli-sharing")
    family, begeleider = root / "family", root / "begeleider"
    ok(family_app("demo", "--scenario", SCENARIO, "--data-dir", family))
    init = ok(begeleider_app("init-begeleider", "--data-dir", begeleider,
                             "--name", "Fatima El Amrani", "--organisation", "Wijkteam Zuid"))
    identity = ok(begeleider_app("identity", "--data-dir", begeleider,
                                 "--out", root / "fatima.onsplan"))
    pair = ok(family_app("pair", "--data-dir", family, root / "fatima.onsplan"))
    fingerprint = identity.stdout.split()[-1]
    share = ok(family_app("share", "--data-dir", family, "--to", fingerprint, "--scope", "current",
                          "--out", root / "current.onsplan", "--qr-dir", root / "frames"))
    return Setup(root, family, begeleider, init, identity, pair, share,
                 root / "current.onsplan", root / "frames")


@dataclass
class Devices:
    family: Path
    begeleider: Path
    work: Path


@pytest.fixture
def devices(setup, tmp_path) -> Devices:
    """Copies of the family's and the begeleider's folders, for one test to change."""
    shutil.copytree(setup.family, tmp_path / "family")
    shutil.copytree(setup.begeleider, tmp_path / "begeleider")
    (tmp_path / "work").mkdir()
    return Devices(tmp_path / "family", tmp_path / "begeleider", tmp_path / "work")


def frames_dir(devices: Devices, name: str, files: dict[str, bytes]) -> Path:
    folder = devices.work / name
    folder.mkdir()
    for file_name, data in files.items():
        (folder / file_name).write_bytes(data)
    return folder


def frame_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("frame-*.png"))}


# --- the whole flow --------------------------------------------------------------------------

def test_init_identity_and_pair_show_the_same_fingerprint(setup):
    init_fingerprint = field(setup.init.stdout, "fingerprint")
    assert len(field(setup.init.stdout, "recovery code").split("-")) == 5
    assert field(setup.identity.stdout, "fingerprint") == init_fingerprint
    assert setup.pair.stdout.strip().splitlines()[-1].split()[-1] == init_fingerprint
    assert "Fatima El Amrani" in setup.pair.stdout
    profiles = ok(family_app("profiles", "--data-dir", setup.begeleider)).stdout
    assert profiles.split("\t")[1] == "begeleider"


def test_share_writes_the_bundle_and_one_png_per_frame(setup):
    assert field(setup.share.stdout, "shared with") == "Fatima El Amrani (Wijkteam Zuid)"
    assert field(setup.share.stdout, "sections").split(", ") == [
        "household", "members", "network", "professionals", "goals", "agreements"]
    pngs = sorted(setup.frames.iterdir())
    assert [p.name for p in pngs] == [f"frame-{n}.png" for n in range(1, len(pngs) + 1)]
    assert field(setup.share.stdout, "frames").startswith(f"{len(pngs)} in")
    assert all(decode_image(p.read_bytes())[0].startswith("OP1:") for p in pngs)
    assert setup.bundle.read_bytes()[:2] == b"OP"
    expires = dt.date.fromisoformat(field(setup.share.stdout, "expires"))
    assert expires == dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=30)


def test_view_a_file_then_the_frames_shows_the_familys_goals(setup, devices):
    by_file = viewed(ok(begeleider_app("view", "--data-dir", devices.begeleider, setup.bundle)))
    assert by_file["household"] == "Gezin De Vries - Yilmaz"
    assert by_file["status"] == "new" and by_file["language"] == "nl"
    assert by_file["sections"] == ["household", "members", "network", "professionals", "goals",
                                   "agreements"]
    assert {g["text"] for g in by_file["tables"]["goals"]} == goal_texts()
    assert by_file["tables"]["agreements"]
    by_frames = viewed(ok(begeleider_app("view", "--data-dir", devices.begeleider,
                                         "--frames", setup.frames)))
    assert by_frames["status"] == "same"  # the very same share, read from the QR codes
    assert by_frames["tables"] == by_file["tables"]


def test_frames_are_read_in_any_order(setup, devices):
    files = frame_files(setup.frames)
    shuffled = {f"{n:02d}-{name}": data for n, (name, data) in enumerate(reversed(files.items()))}
    shown = viewed(ok(begeleider_app("view", "--data-dir", devices.begeleider, "--frames",
                                     frames_dir(devices, "shuffled", shuffled))))
    assert {g["text"] for g in shown["tables"]["goals"]} == goal_texts()


def test_a_new_share_in_the_same_qr_folder_leaves_no_frames_of_the_old_one(setup, devices):
    folder = devices.work / "qr"
    ok(family_app("share", "--data-dir", devices.family, "--to", setup.fingerprint,
                  "--scope", "everything", "--out", devices.work / "all.onsplan",
                  "--qr-dir", folder))
    many = len(list(folder.iterdir()))
    (folder / "notes.txt").write_text("mine")
    shared = ok(family_app("share", "--data-dir", devices.family, "--to", setup.fingerprint,
                           "--scope", "goals", "--out", devices.work / "goals.onsplan",
                           "--qr-dir", folder))
    few = int(field(shared.stdout, "frames").split()[0])
    assert few < many
    assert sorted(p.name for p in folder.glob("frame-*.png")) == [
        f"frame-{n}.png" for n in range(1, few + 1)]
    assert (folder / "notes.txt").read_text() == "mine"  # only its own frames are replaced
    (folder / "notes.txt").unlink()
    shown = viewed(ok(begeleider_app("view", "--data-dir", devices.begeleider,
                                     "--frames", folder)))
    assert shown["sections"] == ["goals", "agreements"]


def test_passcode_share_opens_only_with_the_passcode(devices):
    bundle = devices.work / "kitchen-table.onsplan"
    shared = ok(family_app("share", "--data-dir", devices.family, "--to", "passcode",
                           "--scope", "goals", "--out", bundle))
    passcode = field(shared.stdout, "passcode")
    assert len(passcode) == 9 and passcode[4] == "-"
    expires = dt.date.fromisoformat(field(shared.stdout, "expires"))
    assert expires == dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(
        days=lifetimes.default_days("in_person_share"))
    assert_one_line_error(begeleider_app("view", "--data-dir", devices.begeleider, bundle),
                          "passcode")
    wrong = "0000-0000" if passcode != "0000-0000" else "1111-1111"
    assert_one_line_error(begeleider_app("view", "--data-dir", devices.begeleider, bundle,
                                         "--passcode", wrong), "passcode is not right")
    shown = viewed(ok(begeleider_app("view", "--data-dir", devices.begeleider, bundle,
                                     "--passcode", passcode.lower())))
    assert shown["sections"] == ["goals", "agreements"]
    assert set(shown["tables"]) == {"goals", "agreements"}
    assert {g["text"] for g in shown["tables"]["goals"]} == goal_texts()


def test_a_chosen_passcode_is_used_and_not_printed(devices):
    bundle = devices.work / "chosen.onsplan"
    shared = ok(family_app("share", "--data-dir", devices.family, "--to", "passcode",
                           "--passcode", "7K2M-QX9D", "--scope", "household,goals",
                           "--days", "2", "--out", bundle))
    assert "7K2M" not in shared.stdout
    shown = viewed(ok(begeleider_app("view", "--data-dir", devices.begeleider, bundle,
                                     "--passcode", "7K2M QX9D")))
    assert shown["sections"] == ["household", "goals"]


def test_the_consent_log_lists_every_share(setup, devices):
    ok(family_app("share", "--data-dir", devices.family, "--to", "passcode", "--scope", "goals",
                  "--out", devices.work / "p.onsplan"))
    exported = json.loads(ok(family_app("export", "--data-dir", devices.family)).stdout)
    log = exported["tables"]["shares"]
    assert [(s["recipient_kind"], s["sections"]) for s in log] == [
        ("professional", ["household", "members", "network", "professionals", "goals",
                          "agreements"]),
        ("in_person", ["goals", "agreements"])]
    assert log[0]["recipient_name"] == "Fatima El Amrani"
    assert all(s["created"] and s["expires"] and s["bundle_id"] for s in log)


# --- bad input: one plain line, exit status != 0 -----------------------------------------------

def test_a_tampered_byte(setup, devices):
    data = bytearray(setup.bundle.read_bytes())
    data[len(data) // 2] ^= 0x10
    tampered = devices.work / "tampered.onsplan"
    tampered.write_bytes(bytes(data))
    result = begeleider_app("view", "--data-dir", devices.begeleider, tampered)
    assert_one_line_error(result, "damaged or was changed")
    assert result.stdout == ""


def test_a_truncated_frame(setup, devices):
    files = frame_files(setup.frames)
    text = decode_image(files["frame-2.png"])[0]
    files["frame-2.png"] = render_png(text[: len(text) * 2 // 3])
    folder = frames_dir(devices, "truncated", files)
    assert_one_line_error(begeleider_app("view", "--data-dir", devices.begeleider,
                                         "--frames", folder),
                          "frame-2.png", "could not be read")


def test_a_missing_frame_says_how_many_were_found(setup, devices):
    files = frame_files(setup.frames)
    total = len(files)
    files.pop("frame-1.png")
    folder = frames_dir(devices, "incomplete", files)
    assert_one_line_error(begeleider_app("view", "--data-dir", devices.begeleider,
                                         "--frames", folder),
                          "Not all parts", f"({total - 1} of {total})")


def test_frames_of_two_shares_mixed(setup, devices):
    other = devices.work / "other-frames"
    ok(family_app("share", "--data-dir", devices.family, "--to", setup.fingerprint,
                  "--scope", "everything", "--out", devices.work / "everything.onsplan",
                  "--qr-dir", other))
    files = frame_files(setup.frames)
    files["frame-9-of-the-other-share.png"] = (other / "frame-1.png").read_bytes()
    folder = frames_dir(devices, "mixed", files)
    assert_one_line_error(begeleider_app("view", "--data-dir", devices.begeleider,
                                         "--frames", folder),
                          "frame-9-of-the-other-share.png", "different share")


def test_a_bundle_for_another_begeleider(setup, devices):
    other = devices.work / "other-begeleider"
    ok(begeleider_app("init-begeleider", "--data-dir", other, "--name", "Joost Visser",
                      "--organisation", "Jeugdteam Noord"))
    result = begeleider_app("view", "--data-dir", other, setup.bundle)
    assert_one_line_error(result, "made for someone else")
    assert result.stdout == ""


def test_an_expired_share(setup, devices):
    # The command line cannot make a share in the past: the Python API with a clock can.
    from family_app.sharing import sharing
    from family_app.profiles.device import Device
    from family_app.plan.plan_book import PlanBook
    from family_app.profiles.unlocking import unlock
    from sync.share_payload import Scope
    device = Device(devices.family)
    opened = unlock(device, device.profile("family"), FAMILY_SECRET)
    try:
        book = PlanBook(opened)
        professional = sharing.paired(book.plan())[0]
        past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=10)
        result = sharing.share(book, Scope.preset("current"), to=professional, days=2,
                               now=past)
    finally:
        opened.lock()
    expired = devices.work / "expired.onsplan"
    expired.write_bytes(result.bundle)
    assert_one_line_error(begeleider_app("view", "--data-dir", devices.begeleider, expired),
                          "expired")
    # --days sets the expiry of a share made now.
    made = ok(family_app("share", "--data-dir", devices.family, "--to", setup.fingerprint,
                         "--scope", "goals", "--days", "3", "--out", devices.work / "d.onsplan"))
    shown = viewed(ok(begeleider_app("view", "--data-dir", devices.begeleider,
                                     devices.work / "d.onsplan")))
    assert shown["expires"][:10] == field(made.stdout, "expires")
    assert dt.date.fromisoformat(shown["expires"][:10]) == (
        dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=3))


def test_a_replayed_older_version(setup, devices):
    newer = devices.work / "newer.onsplan"
    ok(family_app("share", "--data-dir", devices.family, "--to", setup.fingerprint,
                  "--scope", "goals", "--out", newer))
    first = viewed(ok(begeleider_app("view", "--data-dir", devices.begeleider, newer)))
    replay = begeleider_app("view", "--data-dir", devices.begeleider, setup.bundle)
    assert replay.returncode == OLDER_EXIT
    assert_one_line_error(replay, "older", f"version {first['plan_version']}")
    shown = viewed(replay)  # still shown, as the app shows it under a warning banner
    assert shown["status"] == "older" and shown["plan_version"] < first["plan_version"]
    # The newer one is kept.
    assert viewed(ok(begeleider_app("view", "--data-dir", devices.begeleider,
                                     newer)))["status"] == "same"


@pytest.mark.parametrize("text", ["https://www.example.org/ons-plan",
                                  "WIFI:S:x;T:WPA;P:y;;"], ids=["url", "wifi"])
def test_an_unrelated_qr_code(setup, devices, text):
    alone = frames_dir(devices, "alone", {"scan.png": render_png(text)})
    assert_one_line_error(begeleider_app("view", "--data-dir", devices.begeleider,
                                         "--frames", alone),
                          "scan.png", "does not belong to Ons Plan")
    among = frames_dir(devices, "among", {**frame_files(setup.frames),
                                          "z-scan.png": render_png(text)})
    assert_one_line_error(begeleider_app("view", "--data-dir", devices.begeleider,
                                         "--frames", among),
                          "z-scan.png", "does not belong to Ons Plan")


def test_files_in_the_frames_folder_that_are_no_qr_code(setup, devices):
    from PIL import Image
    import io
    blank = io.BytesIO()
    Image.new("L", (200, 200), 255).save(blank, format="PNG")
    for name, data, words in [("notes.txt", b"hello", ["notes.txt", "not a picture"]),
                              ("blank.png", blank.getvalue(), ["blank.png", "no QR code"])]:
        folder = frames_dir(devices, name.split(".")[0], {name: data})
        assert_one_line_error(begeleider_app("view", "--data-dir", devices.begeleider,
                                             "--frames", folder), *words)


# --- mistakes on the command line ------------------------------------------------------------

def test_share_to_an_unknown_fingerprint(devices):
    out = devices.work / "x.onsplan"
    assert_one_line_error(family_app("share", "--data-dir", devices.family, "--to",
                                     "ABCD-EFGH-JKMN-PQRS", "--scope", "current", "--out", out),
                          "no paired begeleider", "ABCD-EFGH-JKMN-PQRS")
    assert not out.exists()


@pytest.mark.parametrize("scope", ["goals,plans", "shares", "", "current,goals"])
def test_share_an_unknown_section(setup, devices, scope):
    out = devices.work / "x.onsplan"
    assert_one_line_error(family_app("share", "--data-dir", devices.family, "--to",
                                     setup.fingerprint, "--scope", scope, "--out", out),
                          "unknown section")
    assert not out.exists()


@pytest.mark.parametrize("extra, words", [
    (["--days", "0"], ["--days"]),
    (["--passcode", "7K2M-QX9D"], ["--passcode"]),
])
def test_share_options_that_do_not_fit(setup, devices, extra, words):
    assert_one_line_error(family_app("share", "--data-dir", devices.family, "--to",
                                     setup.fingerprint, "--scope", "goals",
                                     "--out", devices.work / "x.onsplan", *extra), *words)


def test_a_passcode_that_is_too_short_or_not_a_code(devices):
    for passcode in ("1234", "hallo!!!wereld"):
        assert_one_line_error(family_app("share", "--data-dir", devices.family, "--to",
                                         "passcode", "--passcode", passcode, "--scope", "goals",
                                         "--out", devices.work / "x.onsplan"), "passcode")


def test_pair_with_a_file_that_is_not_an_identity(setup, devices):
    assert_one_line_error(family_app("pair", "--data-dir", devices.family, setup.bundle),
                          "not a begeleider's identity")
    png = devices.work / "frame.png"
    png.write_bytes((setup.frames / "frame-1.png").read_bytes())
    assert_one_line_error(family_app("pair", "--data-dir", devices.family, png),
                          "not an Ons Plan code or file")
    assert_one_line_error(family_app("pair", "--data-dir", devices.family,
                                     devices.work / "nothing.onsplan"), "not found")


def test_commands_need_the_right_profile(setup, devices, tmp_path):
    empty = tmp_path / "empty"
    assert_one_line_error(begeleider_app("view", "--data-dir", empty, setup.bundle),
                          "no begeleider profile")
    assert_one_line_error(begeleider_app("identity", "--data-dir", empty,
                                         "--out", devices.work / "id.onsplan"),
                          "no begeleider profile")
    assert_one_line_error(family_app("pair", "--data-dir", devices.begeleider,
                                     setup.root / "fatima.onsplan"), "no family profile")
    assert_one_line_error(begeleider_app("init-begeleider", "--data-dir", devices.begeleider,
                                         "--name", "A", "--organisation", "B"),
                          "already holds a begeleider profile")
    assert_one_line_error(begeleider_app("view", "--data-dir", devices.begeleider,
                                         setup.bundle, "--frames", setup.frames), "either")


def test_a_wrong_begeleider_secret(setup, devices):
    assert_one_line_error(family_app("view", "--data-dir", devices.begeleider, setup.bundle,
                                     secret="verkeerd-wachtwoord"), "not right")


def test_init_begeleider_checks_what_was_typed(tmp_path):
    assert_one_line_error(begeleider_app("init-begeleider", "--data-dir", tmp_path / "a",
                                         "--name", "Fatima", "--organisation", " "),
                          "organisation")
    assert_one_line_error(family_app("init-begeleider", "--data-dir", tmp_path / "b",
                                     "--name", "Fatima", "--organisation", "Wijkteam",
                                     secret=None), "ONSPLAN_PASSPHRASE")
    assert not list((tmp_path / "b").glob("profiles/*"))
