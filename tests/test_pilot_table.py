"""The pilot table: 28 families close their plan, send the closure report, and the CJG's
`family-app report` prints the pilot's published figures (docs/domain.md, "Tevredenheid at
afronding"): n = 28, means 8.5, 8.8, 8.7, 8.7 and 8.3, item 5 answered by 11 families.

The closures go through `closure.close_plan`, the use case the wizard calls, and the reports
through `closure_report.send_closure`. One family vault serves all 28 families (scrypt makes
fresh vaults slow): between families the plan is reopened and gets a household of its own,
so every report carries its own household id. Each family shared its plan with the
begeleider once, so the begeleider's app knows its key. A resent report, a copy, a damaged,
a tampered and a forged bundle are added, and two reports from keys the begeleider never
saw a share from (unverified); none of them may change a figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from family_app.closure import closure, closure_report
from family_app.sharing import sharing, viewer
from family_app.report.closure_inbox import me_of
from family_app.profiles.device import Device
from family_app.domain import Household, Trajectory
from family_app.profiles.onboarding import (BEGELEIDER_LABEL, create_with_tables,
                                            workspace_from_form)
from family_app.profiles.open_profile import WORKSPACE_TABLE
from family_app.plan.plan_book import PlanBook
from family_app.profiles.unlocking import unlock
from sync.bundle import seal
from sync.identity import Identity
from sync.share_payload import Scope

from tests.helpers.data import BEGELEIDER_SECRET, FAMILY_SECRET
from tests.helpers.kdf import real_cost

PUBLISHED_MEANS = ("8.5", "8.8", "8.7", "8.7", "8.3")

# The answers of the 28 families, item by item (shuffled, so no family answers alike).
# Sums 238, 246, 244, 243 over 28 and 91 over 11: means 8.5, 8.79, 8.71, 8.68 and 8.27.
HELP_OVERALL = [10, 8, 9, 9, 9, 8, 7, 8, 9, 10, 9, 9, 8, 7, 10, 6, 6, 8, 9, 8, 8, 10, 8, 9, 9, 9,
                8, 10]
CONTACT = [8, 9, 8, 9, 8, 9, 10, 9, 9, 10, 9, 8, 9, 9, 10, 8, 7, 9, 9, 10, 8, 10, 10, 9, 8, 8, 10,
           6]
SPEED = [10, 10, 9, 8, 8, 9, 9, 9, 9, 8, 10, 9, 9, 10, 8, 8, 9, 7, 7, 9, 8, 9, 10, 9, 9, 8, 10, 6]
MANAGING = [9, 10, 9, 6, 10, 10, 8, 9, 10, 8, 9, 9, 9, 7, 9, 9, 9, 10, 8, 7, 8, 9, 9, 8, 10, 8, 8,
            8]
# Item 5 only for the 11 families referred onward (in this order); the 17 others: None.
REFERRED = (2, 4, 7, 9, 12, 15, 17, 20, 22, 25, 27)
REFERRAL_SUPPORT = [7, 9, 8, 8, 8, 8, 9, 7, 10, 8, 9]
ENDING = {3: "02", 5: "03", 11: "04", 14: "02", 18: "03", 23: "05", 26: "02"}  # others "01"
# Days from referral to first visit, and from first visit to closing (durations as the
# pilot's: 1-2 months 15%, 3 months 38%, 4 months 16%, 5 months 3%, 6 months 28%).
REFERRAL_DAYS = [7, 9, 12, 5, 14, 8, 10, 21, 6, 9, 11, 13, 7, 8, 16, 10, 9, 12, 6, 14, 8, 11, 9,
                 18, 7, 10, 12, 9]
DURATION_DAYS = [91, 45, 185, 120, 88, 95, 210, 52, 92, 125, 150, 99, 184, 38, 87, 118, 190, 93,
                 60, 128, 97, 240, 100, 90, 200, 122, 89, 182]
GOAL_RESULTS = [("reached", "reached", "partly"), ("reached", "partly", "not"),
                ("reached", "reached", "reached"), ("partly", "reached", "not")]


def test_the_answers_are_the_pilots():
    for scores, total in ((HELP_OVERALL, 238), (CONTACT, 246), (SPEED, 244), (MANAGING, 243)):
        assert len(scores) == 28 and sum(scores) == total
    assert len(REFERRAL_SUPPORT) == len(REFERRED) == 11 and sum(REFERRAL_SUPPORT) == 91


@dataclass
class Pilot:
    folder: Path  # the closure bundles, as the CJG receives them
    begeleider: Path  # the begeleider's data folder


def answers(i: int, goals) -> closure.ClosureAnswers:
    referred = i in REFERRED
    ending = ENDING.get(i, "01")
    return closure.ClosureAnswers(
        goal_results=dict(zip((g.id for g in goals), GOAL_RESULTS[i % len(GOAL_RESULTS)])),
        ending=ending, can_carry_on=not referred and ending not in ("03", "04"),
        referred_onward=referred,
        warm_handover="Samen kennisgemaakt met de nieuwe hulp" if referred else "",
        finger_on_pulse_who="Oma Ria" if i % 3 == 0 else "",
        call_when_hard="Het CJG",
        satisfaction={"help_overall": HELP_OVERALL[i], "contact_begeleider": CONTACT[i],
                      "speed_of_start": SPEED[i], "managing_again": MANAGING[i],
                      "referral_support": REFERRAL_SUPPORT[REFERRED.index(i)] if referred else None},
        helped_most="Dat we zelf het tempo bepaalden")


class Forger:
    """Claims a family's keys in the bundle but signs with a key of its own."""

    def __init__(self, claimed: Identity):
        self.claimed, self.real = claimed, Identity.generate("", "")

    def public(self):
        return self.claimed.public()

    def sign(self, message: bytes) -> bytes:
        return self.real.sign(message)


@pytest.fixture(scope="module")
def pilot(de_vries_device_template, tmp_path_factory) -> Pilot:
    root = tmp_path_factory.mktemp("pilot")
    folder = root / "closures"
    folder.mkdir()
    # The CJG's begeleider, in a data folder of its own.
    begeleider_dir = root / "begeleider"
    me = workspace_from_form("Fatima El Amrani", "CJG Apeldoorn")
    with real_cost():  # `family-app report` opens it in a process of its own
        opened, _ = create_with_tables(Device(begeleider_dir), "begeleider", BEGELEIDER_LABEL,
                                       BEGELEIDER_SECRET, {WORKSPACE_TABLE: [me.to_dict()]}, "en")
    cjg = me_of(opened)
    # The family vault the 28 families take turns in.
    shutil.copytree(de_vries_device_template, root / "family")
    device = Device(root / "family")
    family = unlock(device, device.profile("family"), FAMILY_SECRET)
    book = PlanBook(family)
    professional = sharing.pair(book, cjg.public()).professional
    goals = book.plan().goals[:3]
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    start = dt.date(2011, 3, 7)
    for i in range(28):
        if closure.is_closed(book.plan()):
            closure.reopen(book)
        book.save("household", Household(name=f"Gezin {i + 1}", language="nl"))  # new id
        # The family shared its plan during the help: the begeleider's app knows its key.
        shared = sharing.share(book, Scope.preset("goals"), to=professional)
        viewer.receive(opened, shared.bundle)
        first_visit = start + dt.timedelta(days=9 * i)
        book.save("trajectory", Trajectory(
            referred=first_visit - dt.timedelta(days=REFERRAL_DAYS[i]), referred_by="huisarts",
            first_visit=first_visit, plan_made=first_visit + dt.timedelta(days=14)))
        made = closure.close_plan(book, answers(i, goals),
                                  today=first_visit + dt.timedelta(days=DURATION_DAYS[i]))
        bundle = closure_report.send_closure(book, made, to=professional,
                                             with_names=i % 2 == 0, now=now)
        (folder / f"family-{i + 1:02}.onsplan").write_bytes(bundle)
    # Family 28 sends its report again, later; someone copies family 5's file.
    resent = closure_report.send_closure(book, made, to=professional, with_names=False,
                                         now=now + dt.timedelta(minutes=5))
    (folder / "family-28-resent.onsplan").write_bytes(resent)
    shutil.copy(folder / "family-05.onsplan", folder / "family-05-copy.onsplan")
    # A damaged file, a tampered one, and a forged one (a "family" that would spoil every mean).
    genuine = (folder / "family-07.onsplan").read_bytes()
    (folder / "damaged.onsplan").write_bytes(genuine[:len(genuine) // 3])
    tampered = bytearray(genuine)
    tampered[-20] ^= 0x40
    (folder / "tampered.onsplan").write_bytes(bytes(tampered))
    plan = book.plan()
    plan.household = Household(name="Gezin Vals", language="nl")
    fake = closure_report.closure_payload(plan, made, with_names=False)
    fake["satisfaction"] = dict.fromkeys(closure.QUESTIONS[:4], 0) | {"referral_support": None}
    fake["referred_onward"] = False
    forged = seal("closure", fake, Forger(family.identity()), to=cjg.public(), now=now,
                  expires=now + dt.timedelta(days=30))
    (folder / "forged.onsplan").write_bytes(forged)
    # Two genuine bundles from keys that never shared a plan with the begeleider.
    for n in (1, 2):
        plan.household = Household(name=f"Gezin Onbekend {n}", language="nl")
        stranger = closure_report.closure_payload(plan, made, with_names=False)
        stranger["satisfaction"] = dict(fake["satisfaction"])
        stranger["referred_onward"] = False
        (folder / f"stranger-{n}.onsplan").write_bytes(
            seal("closure", stranger, Identity.generate("", ""), to=cjg.public(), now=now,
                 expires=now + dt.timedelta(days=30)))
    (folder / "notes.txt").write_text("not a bundle, and not read")
    family.lock()
    opened.lock()
    return Pilot(folder, begeleider_dir)


def family_app(*args: str, secret: str | None = BEGELEIDER_SECRET) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("ONSPLAN_PASSPHRASE", "ONSPLAN_YOUTH_PASSPHRASE")}
    env["ONSPLAN_LANG"] = "en"
    if secret is not None:
        env["ONSPLAN_PASSPHRASE"] = secret
    return subprocess.run([sys.executable, "-m", "family_app", *args], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
                          cwd=Path(__file__).resolve().parents[1])


ITEM_LINE = re.compile(r"^\s+([1-5]) (.+?)\s+(\d+)\s+(\d+\.\d|-)\s+(\d+\.\d|-)\s+(\d+)$")


def item_rows(section: str) -> dict[int, tuple[int, str, int]]:
    """item number -> (n answered, mean as printed, not applicable)."""
    rows = {}
    for line in section.splitlines():
        match = ITEM_LINE.match(line)
        if match:
            number, _, n, mean, _, na = match.groups()
            rows[int(number)] = (int(n), mean, int(na))
    return rows


@pytest.fixture(scope="module")
def printed(pilot, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = family_app("report", str(pilot.folder), "--data-dir", str(pilot.begeleider),
                        "--csv", str(out / "report.csv"), "--html", str(out / "report.html"))
    return result, out


def test_the_report_prints_the_pilots_published_figures(printed):
    result, _ = printed
    assert result.returncode == 0, result.stderr
    print(result.stdout)
    parents = result.stdout.split("Young people (12+)")[0]
    assert "Parents: n = 28 families" in parents
    rows = item_rows(parents)
    assert tuple(rows[i][1] for i in range(1, 6)) == PUBLISHED_MEANS
    assert [rows[i][0] for i in range(1, 6)] == [28, 28, 28, 28, 11]
    assert rows[5][2] == 17  # not applicable: left out, never counted as 0
    assert "Young people (12+): n = 0 young people" in result.stdout


def test_the_report_shows_the_other_figures(printed):
    out = printed[0].stdout
    assert re.search(r"01 according to plan\s+21\s+75\.0%", out)
    assert re.search(r"dropout \(03 \+ 04\)\s+3\s+10\.7%", out)
    assert re.search(r"Referred onward\s+11\s+39\.3%", out)
    assert re.search(r"Carrying on without help\s+14\s+50\.0%", out)
    assert "Days from referral to first visit: n = 28, mean 10.4, median 9.5" in out
    # The pilot's durations: 1-2 months 15%, 3 months 38%, 4: 16%, 5: 3%, 6+: 28% (n = 33).
    for bucket, count, share in (("1-2", 4, "14.3%"), ("3", 11, "39.3%"), ("4", 5, "17.9%"),
                                 ("5", 1, "3.6%"), ("6+", 7, "25.0%")):
        assert re.search(rf"^\s+{re.escape(bucket)}\s+{count}\s+{re.escape(share)}$", out, re.M)


def test_duplicates_count_once_and_bad_bundles_are_listed_not_counted(printed):
    out = printed[0].stdout
    assert out.splitlines()[0].endswith(
        ": 35 files, 28 counted, 2 duplicates counted once, 3 rejected, 2 unverified")
    rejected = out.split("Rejected (not counted):")[1].split("Unverified")[0]
    reasons = dict(line.strip().split(": ", 1) for line in rejected.strip().splitlines())
    assert set(reasons) == {"damaged.onsplan", "tampered.onsplan", "forged.onsplan"}
    assert "damaged" in reasons["damaged.onsplan"]
    assert "damaged or was changed" in reasons["tampered.onsplan"]
    assert "not genuine" in reasons["forged.onsplan"]
    unverified = out.split("Unverified (not counted):")[1].split("Duplicates")[0]
    assert [line.split(":")[0].strip() for line in unverified.strip().splitlines()] == [
        "stranger-1.onsplan", "stranger-2.onsplan"]
    assert "never bound to this family" in unverified
    duplicates = out.split("Duplicates (counted once):")[1]
    assert "family-05.onsplan: the same report as family-05-copy.onsplan" in duplicates
    assert "family-28.onsplan: sent again: family-28-resent.onsplan is newer and counts" \
        in duplicates
    assert "notes.txt" not in out


def test_csv_and_html_hold_the_same_figures(printed):
    result, out = printed
    rows = list(csv.DictReader((out / "report.csv").open(encoding="utf-8")))
    items = [r for r in rows if r["respondent"] == "parent" and r["figure"] == "satisfaction"]
    assert tuple(r["mean"] for r in items) == PUBLISHED_MEANS
    assert [r["n"] for r in items] == ["28", "28", "28", "28", "11"]
    assert [r["mean_exact"] for r in items] == ["8.5000", "8.7857", "8.7143", "8.6786", "8.2727"]
    page = (out / "report.html").read_text("utf-8")
    assert "<svg" in page and not re.search(r"https?:", page)
    assert "n = 28 families" in page and "forged.onsplan" in page
    assert "Not counted: unverified" in page and "stranger-2.onsplan" in page
    assert f"CSV written to {out / 'report.csv'}" in result.stdout


# --- the command's errors: one line, non-zero --------------------------------------------------

def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_report_errors_are_one_line(pilot, tmp_path):
    missing = family_app("report", str(tmp_path / "nowhere"), "--data-dir", str(pilot.begeleider))
    assert_one_line_error(missing, "folder not found", "nowhere")
    (tmp_path / "empty").mkdir()
    empty = family_app("report", str(tmp_path / "empty"), "--data-dir", str(pilot.begeleider))
    assert_one_line_error(empty, "no closure bundles")
    nobody = family_app("report", str(pilot.folder), "--data-dir", str(tmp_path / "no-profiles"))
    assert_one_line_error(nobody, "no begeleider profile")
    wrong = family_app("report", str(pilot.folder), "--data-dir", str(pilot.begeleider),
                       secret="not-the-secret")
    assert_one_line_error(wrong)
    no_folder = family_app("report", str(pilot.folder), "--data-dir", str(pilot.begeleider),
                           "--csv", str(tmp_path / "missing" / "report.csv"))
    assert_one_line_error(no_folder, "folder not found")
