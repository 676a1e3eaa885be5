"""When it is not safe (docs/threat-model.md, "The safety card"): the numbers to call are
one tap from the lock screen without unlocking, and one tap from the family's home; "Hide
now" hides the plan at once and leaves a blank page in the browser."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from i18n import translator
from tests.helpers.data import DE_VRIES, FAMILY_SECRET

nl, ar = translator("nl").gettext, translator("ar").gettext
GOALS = [goal["text"] for goal in json.loads(DE_VRIES.read_text("utf-8"))["goals"]]
HOUSEHOLD = "Gezin De Vries - Yilmaz"
NUMBERS = ("112", "0800-2000", "0800-0432", "0800-0113")


def no_plan_on_screen(pilot):
    for text in (HOUSEHOLD, *(goal[:30] for goal in GOALS)):
        pilot.not_see(text)


def test_the_safety_card_opens_from_the_lock_screen_without_unlocking(demo_pilot):
    pilot = demo_pilot
    pilot.open()
    pilot.tap(nl("Our family"))
    pilot.see(nl("Ons Plan is locked"))
    pilot.screenshot("lock-nl")
    pilot.tap(nl("When it is not safe"))
    for number in NUMBERS:
        pilot.see(number)
    pilot.see("Veilig Thuis")
    pilot.see("De Kindertelefoon")
    no_plan_on_screen(pilot)
    pilot.screenshot("safety-card-nl")
    # In Arabic, right to left: the same card, the numbers in their own order.
    pilot.tap(nl("Back"))
    # The lock screen stands still under the card sliding away: wait until the card is gone.
    expect(pilot.shown(nl("Emergency number"))).to_have_count(0)
    pilot.tap(nl("Language"))
    pilot.tap("العربية")
    pilot.tap(ar("When it is not safe"))
    pilot.see(ar("Emergency number"))
    for number in NUMBERS:
        pilot.see(number)
    no_plan_on_screen(pilot)
    pilot.screenshot("safety-card-ar")
    pilot.tap(ar("Back"))   # a long Arabic title once lay over the back button
    pilot.see(ar("PIN or passphrase"))
    pilot.screenshot("lock-ar")
    assert pilot.outside_requests() == []


def test_home_reaches_the_card_in_one_tap_and_hide_now_leaves_a_blank_page(demo_pilot):
    pilot = demo_pilot
    pilot.open()
    pilot.tap(nl("Our family"))
    pilot.open_with(FAMILY_SECRET, HOUSEHOLD)
    pilot.screenshot("home-safety-nl")
    pilot.tap(nl("Help numbers"))
    pilot.see("0800-2000")
    # The family puts Oma Ria on the card, to be seen before the PIN too.
    pilot.tap(nl("Our own contacts on this card"))
    pilot.see(nl("Anyone who picks up this phone can see these names and numbers, also "
                 "without the PIN. Only choose people it is safe to show."))
    pilot.reach(pilot.button(nl("Save")))   # the page stands still
    pilot.screenshot("safety-contacts-nl")
    pilot.tap("Oma Ria · 055-5551234", role="checkbox")
    pilot.tap(nl("Save"))
    pilot.see(nl("People we chose"))
    pilot.see("055-5551234")
    pilot.tap(nl("Back"))
    expect(pilot.shown(nl("People we chose"))).to_have_count(0)
    pilot.see(GOALS[0][:30])
    # Hide now, on any screen of the plan (here the whole plan, not home): the plan's words
    # are gone at once, and the tab shows a blank page.
    pilot.tap(nl("Our whole plan"))
    expect(pilot.button(nl("Back"))).to_have_count(1)
    pilot.tap(nl("Hide now"))
    expect(pilot.page).to_have_url(pilot.server.url + "blank.html")
    assert pilot.page.locator("body").inner_text().strip() == ""
    assert "Ons Plan" not in pilot.page.title()
    # Back to the app: it is locked, and its card shows Oma Ria without the PIN.
    pilot.open()
    pilot.tap(nl("Our family"))
    pilot.see(nl("Ons Plan is locked"))
    pilot.tap(nl("When it is not safe"))
    pilot.see("Oma Ria")
    no_plan_on_screen(pilot)
    assert pilot.outside_requests() == []
