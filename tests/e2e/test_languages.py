"""The family's language: onboarding in Arabic runs right to left, and the home screen
speaks each of the six shipped languages.

Where things sit is read from the semantics tree's boxes (what a screen reader finds),
and where ink falls inside a text field from the pixels of a screenshot.
"""

from __future__ import annotations

import io

from PIL import Image

from i18n import LANGUAGE_NAMES, SHIPPED, translator

from tests.helpers.browser import PHONE
from tests.helpers.data import FAMILY_SECRET

MIDDLE = PHONE["width"] / 2


def _(lang: str):
    return translator(lang).gettext


def button_box(pilot, name: str) -> dict:
    """Where a button is; an icon button's name is on a wrapper node (see Pilot.tap)."""
    page = pilot.page
    target = page.get_by_role("button", name=name, exact=True).or_(
        page.get_by_label(name, exact=True).locator("[role=button]")).first
    target.wait_for(state="attached")
    box = target.bounding_box()
    assert box, f"{name!r} is not on screen"
    return box


def centre_x(box: dict) -> float:
    return box["x"] + box["width"] / 2


def field_ink(pilot, label: str) -> tuple[float, float]:
    """Leftmost and rightmost x of what is drawn inside a text field (label, icon, text),
    inside its outline, as fractions of the field's width."""
    field = pilot.page.get_by_role("textbox", name=label, exact=True).first
    # Look when the page stands still, as a person does: the field where it was a moment
    # ago and its picture unchanged (after a scroll, the canvas and the semantics tree
    # settle a few frames apart).
    before = None
    for _ in range(100):
        # The <input> Flutter makes sticks out of the field; its semantics node does not.
        box = field.evaluate("e => { const r = e.closest('flt-semantics').getBoundingClientRect();"
                             " return {x: r.x, y: r.y, width: r.width, height: r.height}; }")
        assert box["width"] > 100, f"no field {label!r}"
        inset = 6  # keep the outline out
        clip = {"x": box["x"] + inset, "y": box["y"] + inset,
                "width": box["width"] - 2 * inset, "height": box["height"] - 2 * inset}
        shot = pilot.page.screenshot(clip=clip)
        if (box, shot) == before:
            break
        before = (box, shot)
        pilot.page.wait_for_timeout(100)  # the next frame, not a guess at how long to wait
    else:
        raise AssertionError(f"{label!r} did not stand still")
    image = Image.open(io.BytesIO(shot)).convert("L")
    width, height = image.size
    pixels = image.load()
    columns = [x for x in range(width) if any(pixels[x, y] < 150 for y in range(height))]
    assert columns, f"nothing drawn in {label!r}"
    return columns[0] / width, columns[-1] / width


def test_onboarding_in_arabic_runs_right_to_left(pilot):
    pilot.open()
    for name in LANGUAGE_NAMES.values():
        pilot.see(name)

    # First the control: in English the back arrow sits on the left.
    pilot.tap("English")
    pilot.see("Welcome to Ons Plan")
    assert centre_x(button_box(pilot, "Back")) < MIDDLE
    pilot.tap("Back")

    ar = _("ar")
    pilot.tap("العربية")
    pilot.see(ar("Welcome to Ons Plan"))
    back = button_box(pilot, ar("Back"))
    assert back["x"] > MIDDLE, "the back button belongs on the right in Arabic"
    pilot.screenshot("lang-ar-welcome")

    pilot.tap(ar("For our family"))
    pilot.see(ar("Who is in your family?"))
    assert button_box(pilot, ar("Back"))["x"] > MIDDLE
    pilot.type_into(ar("Name of your family"), "عائلة الأحمد")
    pilot.type_into(ar("Name"), "سارة الأحمد")
    pilot.tap(ar("Add this person"))
    pilot.see("سارة الأحمد")
    # A Dutch name inside the Arabic screen keeps its own direction.
    pilot.type_into(ar("Name"), "Sanne de Vries")
    pilot.tap(ar("Child (under 12)"), role="radio")
    pilot.type_into(ar("Year of birth (optional)"), "2016")
    pilot.tap(ar("Add this person"))
    pilot.see("Sanne de Vries")
    pilot.page.mouse.move(MIDDLE, 10)
    pilot.page.mouse.wheel(0, -2000)  # back to the top, where the fields are

    # An empty field shows its label (and icon) on the right; a filled one its text.
    left, right = field_ink(pilot, ar("Name"))
    assert left > 0.5 and right > 0.9, f"label of an empty field not right-aligned: {left:.2f}-{right:.2f}"
    left, right = field_ink(pilot, ar("Name of your family"))
    assert left > 0.4 and right > 0.9, f"text not right-aligned: {left:.2f}-{right:.2f}"
    pilot.screenshot("lang-ar-onboarding")

    pilot.tap(ar("Next"))
    pilot.see(ar("Choose a PIN or a passphrase"))
    assert button_box(pilot, ar("Back"))["x"] > MIDDLE
    pilot.type_into(ar("PIN or passphrase"), "248613")
    pilot.type_into(ar("The same again"), "248613")
    pilot.tap(ar("Lock my plan"))

    pilot.see(ar("Write this code down"), timeout=30_000)
    pilot.screenshot("lang-ar-recovery-code")
    pilot.tap(ar("I have written down my recovery code"), role="checkbox")
    pilot.tap(ar("Continue"))
    pilot.see("عائلة الأحمد", timeout=30_000)
    assert centre_x(button_box(pilot, ar("Lock"))) < MIDDLE
    assert pilot.outside_requests() == []


def test_home_speaks_each_language(demo_pilot):
    pilot = demo_pilot
    pilot.open()
    pilot.see(_("nl")("Who is using Ons Plan?"))
    pilot.tap(_("nl")("Our family"))
    pilot.type_into(_("nl")("PIN or passphrase"), FAMILY_SECRET)
    pilot.tap(_("nl")("Open"))
    pilot.see(_("nl")("Lock"), timeout=30_000)

    current = "nl"
    for lang in SHIPPED:
        t = _(lang)
        if lang != current:
            pilot.tap(_(current)("Language"))
            pilot.see(_(current)("Choose your language"))
            pilot.tap(LANGUAGE_NAMES[lang])
            current = lang
        pilot.see(t("Lock"))
        pilot.see("Gezin De Vries - Yilmaz")  # the family's own words stay as written
        lock = button_box(pilot, t("Lock"))
        if lang == "ar":
            assert centre_x(lock) < MIDDLE, "the title bar's actions move to the left"
        else:
            assert centre_x(lock) > MIDDLE
        pilot.screenshot(f"lang-{lang}-home")
        # The parts of the plan, one tap away, under names in this language.
        if lang != "en":
            assert t("Our whole plan") != "Our whole plan"
        pilot.tap(t("Our whole plan"))
        pilot.see(t("Logbook"))
        pilot.screenshot(f"lang-{lang}-plan-parts")
        pilot.tap(t("Back"))
        pilot.see(t("How our goals are going"))

    assert pilot.outside_requests() == []
