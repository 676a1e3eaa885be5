"""Share with a begeleider: pair by the begeleider's code, share the plan as QR frames,
and the begeleider's camera collects them and shows the family's goals."""

from __future__ import annotations

import json
import time

from tests.helpers.browser import (CHROMIUM, CHROMIUM_FLAGS, begeleider_code_picture,
                                   collect_frames, frames_as_pictures,
                                   open_demo_family_in_english, unlock)
from tests.helpers.data import BEGELEIDER_SECRET, DE_VRIES
from .y4m import write_y4m


def test_pair_share_and_scan_with_the_camera(phones, demo_server, begeleider_server, tmp_path):
    family = phones.open(demo_server)
    begeleider = phones.open(begeleider_server)

    # 1. The begeleider shows their code; the family scans it (from a picture) and compares.
    unlock(begeleider, "Pincode of wachtzin", BEGELEIDER_SECRET, "Karin Mulder")
    identity_png = begeleider_code_picture(begeleider, tmp_path)
    begeleider.screenshot("40-begeleider-code")
    fingerprint = next(t for t in begeleider.page.locator("flt-semantics").all_text_contents()
                       if t.count("-") == 3 and len(t) == 19)

    open_demo_family_in_english(family)
    family.tap("Professionals")
    family.tap("Pair with a begeleider")
    family.pick_pictures(str(identity_png))
    family.see("Is this your begeleider?", timeout=20_000)
    family.see(fingerprint)
    family.screenshot("41-pair-compare")
    family.tap("Yes, the codes are the same")
    family.see("Karin Mulder")
    family.tap("Back")

    # 2. The family shares its current plan with her.
    family.tap("Share with a begeleider")
    family.see("What do you share?")
    family.screenshot("42-share-choose")
    family.tap("Make the code")
    family.see("Let the begeleider scan these codes")
    family.screenshot("43-share-codes")
    frames = collect_frames(family)

    # 3. The frames become the begeleider's camera picture, on her phone: she locks the
    #    plan on the laptop first (a plan is open in one place at a time).
    begeleider.tap("Back")  # from her pairing code to her home
    begeleider.tap("Lock")
    begeleider.see("PIN or passphrase")
    video = write_y4m(tmp_path / "frames.y4m", list(frames.values()))
    camera_browser = phones.browser.browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_FLAGS + [
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}"])
    try:
        scanner = phones.open(begeleider_server, browser=camera_browser, permissions=["camera"])
        unlock(scanner, "PIN or passphrase", BEGELEIDER_SECRET, "Karin Mulder")
        started = time.monotonic()
        scanner.tap("Scan a family's code")
        scanner.see("Written in", timeout=60_000)
        print(f"camera to viewer: {time.monotonic() - started:.1f} s for {len(frames)} frames")
        scenario = json.loads(DE_VRIES.read_text("utf-8"))
        scanner.see("Gezin De Vries - Yilmaz")
        scanner.see("Written in Dutch")
        for goal in scenario["goals"]:
            scanner.find(goal["text"][:40])
        scanner.find(scenario["agreements"][0]["what"])
        scanner.screenshot("44-viewer")
        assert scanner.outside_requests() == [] and family.outside_requests() == []
    finally:
        camera_browser.close()


PASSCODE = r"[0-9A-Z]{4}-[0-9A-Z]{4}"


def share_in_person(family, tmp_path, name: str) -> tuple[list[str], str]:
    """The family makes a passcode share; returns picture files of its frames and the passcode."""
    import re
    family.tap("Share with a begeleider")
    family.tap("Someone here with me (with a passcode)", role="radio")
    family.tap("Make the code")
    family.see("Read this passcode aloud")
    passcode = next(m.group(0) for t in family.page.locator("flt-semantics").all_text_contents()
                    for m in [re.fullmatch(PASSCODE, t.strip())] if m)
    files = frames_as_pictures(family, tmp_path, name)
    family.tap("Done")
    return files, passcode


def scan_pictures(begeleider, files: list[str], passcode: str):
    begeleider.tap("Scan a family's code")
    begeleider.pick_pictures(files)
    begeleider.type_into("Passcode", passcode.lower())
    begeleider.tap("Open", exact=True)
    begeleider.see("Written in", timeout=20_000)


def test_passcode_share_and_the_older_code_warning(phones, demo_server, begeleider_server, tmp_path):
    family = phones.open(demo_server)
    begeleider = phones.open(begeleider_server)
    open_demo_family_in_english(family)
    first, first_code = share_in_person(family, tmp_path, "first")
    second, second_code = share_in_person(family, tmp_path, "second")

    unlock(begeleider, "Pincode of wachtzin", BEGELEIDER_SECRET, "Karin Mulder")
    scan_pictures(begeleider, second, second_code)
    begeleider.not_see("older than a version you already have")
    begeleider.tap("Back")
    scan_pictures(begeleider, first, first_code)
    begeleider.see("This code is older than a version you already have")
    begeleider.screenshot("46-viewer-older")
    begeleider.tap("Back")

    # A wrong passcode is told, and nothing is shown.
    begeleider.tap("Scan a family's code")
    begeleider.pick_pictures(first)
    begeleider.type_into("Passcode", "AAAA-AAAA")
    begeleider.tap("Open", exact=True)
    begeleider.see("The passcode is not right")

    # The family sees both shares in its consent log.
    family.tap("Shared with")
    family.see("Someone here with me")
    family.screenshot("45-consent-log")
