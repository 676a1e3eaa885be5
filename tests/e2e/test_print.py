"""Print our plan: the family ticks the parts, the page opens in a new tab, and what the
browser prints holds exactly those parts, in Dutch and in Arabic; "Shared with" notes it."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata

from playwright.sync_api import expect

from tests.helpers.browser import Pilot
from tests.helpers.data import DE_VRIES, FAMILY_SECRET

SCENARIO = json.loads(DE_VRIES.read_text("utf-8"))


def squeezed(text: str) -> str:
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def print_through_the_browser(pilot: Pilot, make: str, open_page: str, name: str) -> str:
    """Make the page, open it in its new tab, print that tab to PDF as the browser does;
    the PDF's first page is kept as a picture to look at. Returns the PDF's text."""
    pilot.tap(make)
    with pilot.page.context.expect_page() as opened:
        pilot.tap(open_page)
    printed = opened.value
    printed.wait_for_load_state()
    # A tab in the background draws no frames in headless Chromium, and printing waits for
    # one: the print once hung until pytest-timeout. The person looks at the tab they opened.
    printed.bring_to_front()
    printed.screenshot(path=str(pilot.screenshots / f"{name}-tab.png"))  # before printing
    pdf = pilot.screenshots / f"{name}.pdf"
    printed.pdf(path=str(pdf), prefer_css_page_size=True)
    printed.close()
    Pilot.in_front = None  # the person turns back to the app
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(pilot.screenshots / name)], check=True)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_print_the_plan_in_dutch_and_arabic(demo_pilot):
    pilot = demo_pilot
    pilot.open()
    pilot.tap("Ons gezin")
    pilot.open_with(FAMILY_SECRET, "Gezin De Vries - Yilmaz")
    pilot.find("Ons plan printen")  # at the foot of home, under sharing
    pilot.screenshot("89-home-print-nl")
    pilot.tap("Ons plan printen")
    for part in ("Adres en huisarts", "Ons gezin", "Mensen om ons heen", "Hulpverleners"):
        pilot.tap(part, role="checkbox")  # ticked beforehand: now only goals and agreements
    pilot.screenshot("90-print-choose-nl")
    text = squeezed(print_through_the_browser(pilot, "Pagina maken", "Pagina openen",
                                              "91-printed-nl"))
    pilot.screenshot("92-print-ready-nl")
    for words in [g["text"] for g in SCENARIO["goals"]] + [a["what"] for a in SCENARIO["agreements"]]:
        assert squeezed(words) in text, words
    assert squeezed("Onze doelen") in text and squeezed("Pagina 1 van") in text
    for left_out in [SCENARIO["household"]["address"]] + [
            n["can_help_with"] for n in SCENARIO["network"] if n.get("can_help_with")]:
        assert squeezed(left_out) not in text, left_out

    # In Arabic: the same plan, the page right to left, the family's Dutch words as written.
    pilot.tap("Terug")
    pilot.tap("Taal")
    pilot.tap("العربية")
    pilot.find("اطبع خطتنا")
    pilot.screenshot("89-home-print-ar")
    pilot.tap("اطبع خطتنا")
    pilot.tap("عائلتنا", role="checkbox")
    pilot.screenshot("93-print-choose-ar")
    text = squeezed(print_through_the_browser(pilot, "أنشئوا الصفحة", "افتحوا الصفحة",
                                              "94-printed-ar"))
    assert squeezed("أهدافنا") in text and squeezed(SCENARIO["goals"][0]["text"]) in text
    assert squeezed("سنة الميلاد") not in text  # "Our family" was taken off

    # Both prints are in the consent log, like a share.
    pilot.tap("رجوع")
    pilot.tap("خطتنا كاملة")
    pilot.tap("مع من شاركنا")
    # Both prints, named in today's language, with the day printed and nothing to take back.
    expect(pilot.shown("على الورق")).to_have_count(2)
    pilot.see("طُبعت في")
    expect(pilot.page.get_by_role("button", name=re.compile("إلغاء المشاركة"))).to_have_count(0)
    pilot.screenshot("95-consent-log-ar")
