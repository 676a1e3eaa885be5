"""What a person with poor sight, a screen reader or only a keyboard needs of every page
(docs/accessibility.md).

One walk per language over the main screens (language choice, who uses the app, welcome,
family setup, PIN, lock screen, home of the demo family, a goal, the goal form), at phone
size with the semantics tree on, checking on each screen:

- axe-core finds nothing but the few things Flutter's rendering makes impossible to fix
  from the app (FLUTTER_AXE_EXCEPTIONS, each with its reason);
- every control in the semantics tree has a name and is at least 48 × 48 CSS px (no
  exception: Flutter draws none of the main screens' controls smaller once the app asks);
- <html lang> and <html dir> are those of the language chosen in the app.
"""

from __future__ import annotations

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect

from i18n import translator
from tests.helpers.browser import PHONE, AppServer
from tests.helpers.data import FAMILY_SECRET

TARGET = 48  # CSS px, as family_app/screens/common.py
LANGUAGE_NAMES = {"nl": "Nederlands", "ar": "العربية"}
FIRST_GOAL = "We willen minder ruzie over huiswerk"  # the first goal in DE_VRIES

# axe-core rules that fail because of how Flutter renders, not of anything the app does:
FLUTTER_AXE_EXCEPTIONS = {
    "region": "Flutter's semantics tree has no landmarks (main, navigation), and Flet offers "
              "no way to give a node a landmark role; a best practice, not a WCAG criterion",
    "target-size": "Flutter clips a node to the part of it that shows in a scrolling list, so "
                   "a control half off the screen measures smaller than it is; the walk's "
                   "own measure (every control 48 × 48 px once in view) stands in for it",
}

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}

CONTROLS = r"""() => {
    const roles = new Set(['button', 'checkbox', 'radio', 'switch', 'slider', 'link', 'tab',
                           'menuitem', 'option', 'combobox', 'spinbutton', 'textbox']);
    const found = [];
    for (const node of document.querySelectorAll(
            'flt-semantics, flt-semantics input, flt-semantics textarea')) {
        const typed = node.tagName === 'INPUT' || node.tagName === 'TEXTAREA';
        const role = typed ? 'textbox' : (node.getAttribute('role') || '');
        if (!roles.has(role) || node.closest('[aria-hidden=true]')) continue;
        const box = node.getBoundingClientRect();
        if (box.bottom <= 0 || box.top >= innerHeight || box.width === 0) continue;
        const text = typed ? '' : node.textContent;
        const name = (node.getAttribute('aria-label') || text || '').trim();
        found.push({role, name, width: box.width, height: box.height,
                    where: `${Math.round(box.x)},${Math.round(box.y)}`});
    }
    return found;
}"""


class Walk:
    """The screens one language walks through, and what was wrong on each."""

    def __init__(self, pilot, lang: str):
        self.pilot = pilot
        self.lang = lang
        self._ = translator(lang).gettext
        self.axe = Axe()
        self.problems: list[str] = []
        self.checked: list[str] = []

    def check(self, screen: str, shows: str, *, lang: str = ""):
        """Wait for ``shows``, then check the screen from top to bottom; it is in ``lang``
        (by default the language of the walk)."""
        page = self.pilot.page
        self.pilot.see(shows)
        page.wait_for_timeout(200)  # a sliding page stands still
        self.checked.append(screen)
        expected = lang or self.lang
        shown, direction = page.evaluate(
            "[document.documentElement.lang, document.documentElement.dir]")
        if shown.split("-")[0] != expected or direction != ("rtl" if expected == "ar" else "ltr"):
            self.problems.append(f"{screen}: <html lang={shown!r} dir={direction!r}>, "
                                 f"not {expected!r}")
        for violation in self.axe.run(page, options=AXE_OPTIONS).response["violations"]:
            if violation["id"] not in FLUTTER_AXE_EXCEPTIONS:
                nodes = "; ".join(n.get("html", "")[:300] for n in violation["nodes"][:3])
                self.problems.append(f"{screen}: axe {violation['id']} "
                                     f"({violation['help']}): {nodes}")
        self._controls(screen)

    def _controls(self, screen: str):
        """Every control, scrolling down like a thumb: Flutter only puts what is on screen
        into the semantics tree, and clips a node to what shows of it."""
        page = self.pilot.page
        largest: dict[tuple[str, str], dict] = {}
        before = None
        for _ in range(15):
            controls = page.evaluate(CONTROLS)
            for control in controls:
                seen = largest.setdefault((control["role"], control["name"]), control)
                seen["width"] = max(seen["width"], control["width"])
                seen["height"] = max(seen["height"], control["height"])
            if controls == before:
                break  # the end of the screen: scrolling changed nothing
            before = controls
            page.mouse.move(PHONE["width"] / 2, PHONE["height"] / 2)
            page.mouse.wheel(0, 600)
            page.wait_for_timeout(200)
        for control in largest.values():
            if not control["name"]:
                self.problems.append(f"{screen}: a {control['role']} without a name "
                                     f"at {control['where']}")
            elif min(control["width"], control["height"]) < TARGET - 0.5:
                self.problems.append(
                    f"{screen}: {control['role']} {control['name'][:40]!r} is "
                    f"{control['width']:.0f}×{control['height']:.0f} px")


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_main_screens_are_named_roomy_and_in_the_right_language(phones, demo_server, tmp_path,
                                                                lang):
    _ = translator(lang).gettext
    # A first start (language, welcome, family, PIN), on a device of its own.
    fresh = AppServer(tmp_path / "first-start", wait=False)
    try:
        first = phones.open(fresh)
        walk = Walk(first, lang)
        first.open()
        walk.check("language", LANGUAGE_NAMES["ar"], lang="nl")  # none chosen yet: Dutch
        first.tap(LANGUAGE_NAMES[lang])
        walk.check("welcome", _("For our family"))
        first.tap(_("For our family"))
        walk.check("family setup", _("Add this person"))
        first.type_into(_("Name of your family"), "Gezin Bakker")
        first.type_into(_("Name"), "Marieke Bakker")
        first.tap(_("Add this person"))
        walk.check("family setup, one person", "Marieke Bakker")
        first.tap(_("Next"))
        walk.check("PIN", _("The same again"))
        assert first.outside_requests() == []
    finally:
        first.page.context.close()  # before its server stops: a tab still open delays that
        fresh.stop()

    pilot = walk.pilot = phones.open(demo_server)   # the De Vries family's phone
    pilot.open()
    pilot.tap(translator("nl").gettext("Language"))
    pilot.tap(LANGUAGE_NAMES[lang])
    walk.check("who uses the app", _("Who is using Ons Plan?"))
    pilot.tap(_("Our family"))
    walk.check("lock screen", _("PIN or passphrase"))
    pilot.tap(_("When it is not safe"))   # without unlocking
    walk.check("safety card", _("Emergency number"))
    pilot.tap(_("Back"))
    # The lock screen stands still under the card sliding away: a tap then lands on the card.
    expect(pilot.shown(_("Emergency number"))).to_have_count(0)
    pilot.type_into(_("PIN or passphrase"), FAMILY_SECRET)
    pilot.tap(_("Open"), exact=True)
    # An open plan speaks the language it was last used in (Dutch): choose again.
    family = translator("nl").gettext
    pilot.see(family("Lock"), timeout=30_000)
    # The title bar's buttons stand still while home slides in, and Flutter drops a tap made
    # during a page's transition: wait until home's own content stands still.
    pilot.reach(pilot.shown(family("Our whole plan")))
    pilot.tap(family("Language"))
    pilot.tap(LANGUAGE_NAMES[lang])
    walk.check("home", _("Lock"))
    pilot.find(FIRST_GOAL).click()
    walk.check("goal", _("Change this goal"))
    pilot.tap(_("Change this goal"))
    walk.check("goal form", _("Save"))

    assert not walk.problems, "\n".join(walk.problems)
    assert pilot.outside_requests() == []


FOCUSED = """() => { const node = document.activeElement;
    return [(node.getAttribute('aria-label') || node.textContent || '').trim(),
            node.getAttribute('aria-current')]; }"""


def focus_on(pilot, name: str, presses: int = 40) -> None:
    """Press Tab until the control named ``name`` has the focus, as a keyboard user does."""
    for _ in range(presses):
        pilot.page.keyboard.press("Tab")
        pilot.page.wait_for_timeout(80)
        if pilot.page.evaluate(FOCUSED)[0] == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def pixels(picture: Image.Image) -> list[tuple[int, int, int]]:
    data = picture.convert("RGB").tobytes()
    return [tuple(data[i:i + 3]) for i in range(0, len(data), 3)]


def contrast(one: tuple, other: tuple) -> float:
    """WCAG's contrast ratio of two sRGB colours."""
    def luminance(rgb):
        channels = [c / 255 for c in rgb[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_score_is_reached_with_tab_shows_its_focus_and_says_which_is_chosen(demo_pilot):
    pilot = demo_pilot
    pilot.open()
    pilot.tap("Ons gezin")
    pilot.open_with(FAMILY_SECRET, "Op slot")
    pilot.find(FIRST_GOAL).click()
    pilot.tap("Waar staan we nu?")
    seven = pilot.reach(pilot.button("7", exact=True))
    box = seven.bounding_box()
    around = {"x": box["x"] - 4, "y": box["y"] - 4, "width": box["width"] + 8,
              "height": box["height"] + 8}
    focus_on(pilot, "7")
    focused = Image.open(io.BytesIO(pilot.page.screenshot(clip=around))).convert("RGB")
    pilot.page.keyboard.press("Tab")  # on to 8: 7 as it looks without the focus
    pilot.page.wait_for_timeout(300)
    plain = Image.open(io.BytesIO(pilot.page.screenshot(clip=around))).convert("RGB")
    changed = [contrast(a, b) for a, b in zip(pixels(focused), pixels(plain))]
    # The focus ring: 3 px around the 48 px button is some 450 pixels at 3 : 1 or more.
    assert sum(ratio >= 3 for ratio in changed) >= 300, sorted(changed)[-10:]

    pilot.page.keyboard.press("Shift+Tab")
    pilot.page.wait_for_timeout(200)
    assert pilot.page.evaluate(FOCUSED)[0] == "7"
    pilot.page.keyboard.press("Enter")
    expect(pilot.button("7, gekozen", exact=True)).to_have_attribute("aria-current", "true")
    # The same button, still with the focus: the keyboard user carries on from there.
    assert pilot.page.evaluate(FOCUSED) == ["7, gekozen", "true"]
    pilot.page.keyboard.press("Space")  # Space chooses too; choosing again changes nothing
    pilot.tap("Bewaren", exact=True)
    pilot.see("7 van de 10 · ")


def test_people_can_pinch_zoom(pilot):
    """Flutter's engine writes a viewport that forbids zoom; the client we serve allows it."""
    pilot.open()
    pilot.see("Nederlands")
    viewport = pilot.page.evaluate(
        "[...document.querySelectorAll('meta[name=viewport]')].map(m => m.content)")
    assert viewport and all("user-scalable=no" not in v and "maximum-scale=1.0" not in v
                            for v in viewport), viewport
    assert any("user-scalable=yes" in v for v in viewport), viewport
