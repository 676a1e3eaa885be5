"""Share with a begeleider: pair by the begeleider's code, share the plan as QR frames,
and the begeleider's camera collects them and shows the family's goals."""

from __future__ import annotations

import json
import re
import time

from playwright.sync_api import expect

from tests.helpers.browser import (CHROMIUM, CHROMIUM_FLAGS, begeleider_code_picture,
                                   collect_frames, frames_as_pictures,
                                   open_demo_family_in_english, open_section, unlock)
from tests.helpers.data import BEGELEIDER_SECRET, DE_VRIES
from .y4m import write_y4m


def test_pair_share_and_scan_with_the_camera(phones, demo_server, begeleider_server, tmp_path):
    family = phones.open(demo_server)
    begeleider = phones.open(begeleider_server)

    # 1. The begeleider shows their code; the family scans it (from a picture) and compares.
    unlock(begeleider, "Pincode of wachtwoord", BEGELEIDER_SECRET, "Karin Mulder")
    identity_png = begeleider_code_picture(begeleider, tmp_path)
    begeleider.screenshot("40-begeleider-code")
    fingerprint = next(t for t in begeleider.page.locator("flt-semantics").all_text_contents()
                       if t.count("-") == 3 and len(t) == 19)

    # The family pairs from where it wants to share, and comes back there.
    open_demo_family_in_english(family)
    family.tap("Share with a begeleider")
    family.tap("Pair with a begeleider")
    family.pick_pictures(str(identity_png))
    family.see("Is this your begeleider?", timeout=20_000)
    family.see(fingerprint)
    family.screenshot("41-pair-compare")
    family.tap("Yes, the codes are the same")

    # 2. The family shares its current plan with her: three questions, and the button in view.
    family.see("What do you share?")
    family.see("Karin Mulder")
    family.screenshot("42-share-choose")
    expect(family.button("Make the code")).to_be_in_viewport(ratio=1)  # 390×844, not scrolled
    words = words_on_screen(family)
    assert len(words) <= 60, words
    family.tap("Make the code")
    family.see("Let the begeleider scan these codes")
    family.screenshot("43-share-codes")
    frames = collect_frames(family)
    # A screen reader says which code is shown, and what the buttons beside it do.
    expect(qr_picture(family)).to_have_count(1)
    for name in ("Previous code", "Next code"):
        expect(family.page.get_by_role("button", name=name, exact=True)).to_have_count(1)
    family.button("Done", exact=True).wait_for()  # no passcode: nothing else to show

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


def words_on_screen(pilot) -> list[str]:
    """The words a person sees without scrolling (what Flutter's semantics tree shows there)."""
    texts = pilot.page.evaluate(r"""() => [...document.querySelectorAll('flt-semantics')]
        .filter(n => { const b = n.getBoundingClientRect();
                       return b.height > 0 && b.bottom > 0 && b.top < window.innerHeight; })
        .map(n => (n.getAttribute('aria-label') || '') + ' ' + [...n.childNodes]
            .map(c => c.nodeType === 3 || c.tagName === 'SPAN' || /^H\d$/.test(c.tagName)
                 ? c.textContent : '').join(' '))""")
    return [word for text in texts for word in re.findall(r"\w+", text)]


PASSCODE = r"[0-9A-Z]{4}-[0-9A-Z]{4}"


def passcode_on_screen(pilot) -> str | None:
    """The passcode the screen shows, if it shows one."""
    return next((m.group(0) for t in pilot.page.locator("flt-semantics").all_text_contents()
                 for m in [re.fullmatch(PASSCODE, t.strip())] if m), None)


def read_the_passcode(pilot) -> str:
    """On the codes of a passcode share: they were scanned, so on to the passcode, which is
    never on screen together with the codes (a photo of the screen would hold both)."""
    assert passcode_on_screen(pilot) is None
    pilot.tap("Scanned: show the passcode")
    pilot.see("Read this passcode aloud")
    expect(qr_picture(pilot)).to_have_count(0)
    return passcode_on_screen(pilot)


def qr_picture(pilot):
    """The codes' picture, found by the description a screen reader says."""
    return pilot.page.get_by_role("img", name=re.compile(r"^QR code \d+ of \d+$"))


def share_in_person(family, tmp_path, name: str) -> tuple[list[str], str]:
    """The family makes a passcode share; returns picture files of its frames and the passcode."""
    family.tap("Share with a begeleider")
    family.tap("Someone here with me (with a passcode)", role="radio")
    expect(family.button("Make the code")).to_be_in_viewport(ratio=1)  # with "Pair" above it
    family.tap("Make the code")
    family.see("Let the begeleider scan these codes")
    files = frames_as_pictures(family, tmp_path, name)
    passcode = read_the_passcode(family)
    family.screenshot("43-share-passcode")
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

    unlock(begeleider, "Pincode of wachtwoord", BEGELEIDER_SECRET, "Karin Mulder")
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
    open_section(family, "Shared with")
    family.see("Someone here with me")
    family.screenshot("45-consent-log")
