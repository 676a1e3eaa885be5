""""Someone may know my PIN": the family sets a new passphrase and gets a new recovery code;
afterwards the old passphrase no longer opens the plan and the new one does."""

from __future__ import annotations

from tests.helpers.browser import open_demo_family_in_english
from tests.helpers.data import FAMILY_SECRET

NEW_SECRET = "regen-boot-lamp-7"


def test_new_pin_and_code_when_someone_may_know_the_pin(demo_pilot):
    pilot = demo_pilot
    open_demo_family_in_english(pilot)
    pilot.tap("Someone may know my PIN")
    pilot.see("the old PIN and the old recovery code no longer open")
    pilot.see("That copy still opens with the old PIN")
    pilot.screenshot("new-keys-1-explained")

    pilot.type_into("New PIN or passphrase", NEW_SECRET)
    pilot.type_into("The same again", NEW_SECRET)
    pilot.find("Keep a copy of the old file")
    pilot.screenshot("new-keys-2-typed")
    pilot.tap("Change PIN and recovery code")
    pilot.see("Write this code down", timeout=60_000)   # two scrypt runs and a new encryption
    pilot.see("Your old recovery code no longer works")
    pilot.screenshot("new-keys-3-new-code")
    pilot.tap("I have written down my recovery code", role="checkbox")
    pilot.tap("Continue")
    pilot.see("How our goals are going")                # the family's home, not onboarding

    pilot.tap("Lock")
    pilot.see("Ons Plan is locked")
    pilot.type_into("PIN or passphrase", FAMILY_SECRET)
    pilot.tap("Open", exact=True)
    pilot.see("is not right", timeout=30_000)
    pilot.open_with(NEW_SECRET, "Gezin De Vries - Yilmaz")
    pilot.see("How our goals are going")
    assert pilot.outside_requests() == []
