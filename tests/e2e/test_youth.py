"""A young person's own plan on the family's phone: nobody else sees it."""

from __future__ import annotations

from tests.helpers.data import FAMILY_SECRET

GOAL = "I go to swimming training twice a week"
TRUSTED = "Aunt Ayse"
WORRY = "Maths test on Friday"


def test_youth_plan_is_private(demo_pilot):
    pilot = demo_pilot
    pilot.open()
    pilot.tap("Taal")
    pilot.tap("English")
    pilot.tap("Start a new plan")
    pilot.tap("My own plan (12+)")
    pilot.type_into("What should we call you?", "Mila")
    pilot.screenshot("30-youth-start")
    pilot.tap("Next")
    pilot.type_into("PIN or passphrase", "248613")  # a PIN that would do for the family
    pilot.type_into("The same again", "248613")
    pilot.tap("Lock my plan")
    pilot.see("For your own plan, choose at least 4 words")
    pilot.screenshot("31-youth-secret-too-weak")
    pilot.type_into("PIN or passphrase", "zwemmen-is-heel-fijn")
    pilot.type_into("The same again", "zwemmen-is-heel-fijn")
    pilot.tap("Lock my plan")
    pilot.see("Write this code down", timeout=30_000)
    pilot.tap("I have written down my recovery code", role="checkbox")
    pilot.tap("Continue")

    pilot.see("Hi Mila!")
    pilot.tap("What bothers me")
    pilot.type_into("What keeps you busy or worries you?", WORRY)
    pilot.tap("Save")
    pilot.see(WORRY)
    pilot.tap("New goal")
    pilot.type_into("My goal", GOAL)
    pilot.type_into("How will I know I made it?", "It is in my diary")
    pilot.tap("Save")
    pilot.tap("7", exact=True)
    pilot.tap("Save my score")
    pilot.find("7 of 10 · ")
    pilot.screenshot("31-youth-goal")
    pilot.tap("Back")
    pilot.tap("My trusted person")
    pilot.type_into("Name", TRUSTED)
    pilot.type_into("Phone", "06-11122233")
    pilot.tap("Save")
    pilot.find(TRUSTED)
    pilot.screenshot("32-youth-home")
    pilot.tap("Lock")

    pilot.see("Ons Plan is locked")
    pilot.not_see(GOAL)
    pilot.screenshot("33-youth-locked")
    pilot.tap("Back")
    pilot.tap("Our family")
    pilot.open_with(FAMILY_SECRET, "Gezin De Vries - Yilmaz")
    for text in (GOAL, TRUSTED, WORRY, "Mila"):
        pilot.not_see(text)
    pilot.tap("Onze doelen")
    pilot.see("We willen minder ruzie over huiswerk")
    pilot.not_see(GOAL)
    pilot.tap("Terug")
    pilot.tap("Op slot")

    pilot.tap("Terug")
    pilot.tap("Mila")
    pilot.open_with("zwemmen-is-heel-fijn", "Hi Mila!")
    pilot.see(GOAL)
    pilot.see(WORRY)
    pilot.find(TRUSTED)
    assert pilot.outside_requests() == []
