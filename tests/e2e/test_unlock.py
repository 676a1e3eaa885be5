"""Opening an existing plan: wrong PINs, growing delays, the recovery code, the language."""

from __future__ import annotations

from tests.helpers.data import FAMILY_SECRET


def open_family_lock_screen(pilot):
    pilot.open()
    pilot.see("Wie gebruikt Ons Plan?")
    pilot.tap("Ons gezin")
    pilot.see("Ons Plan is op slot")


def test_wrong_pin_is_told_and_slowed_down(demo_pilot):
    pilot = demo_pilot
    open_family_lock_screen(pilot)
    pilot.type_into("Pincode of wachtzin", "999999")
    pilot.tap("Openen")
    pilot.see("Die pincode of wachtzin klopt niet.")
    pilot.not_see("Gezin De Vries - Yilmaz")
    pilot.type_into("Pincode of wachtzin", "888888")
    pilot.tap("Openen")
    # Like a person, wait for the answer before typing again: the check clears the message,
    # takes a moment (scrypt), then empties the field and says it again.
    pilot.not_see("klopt niet")
    pilot.see("klopt niet")
    pilot.type_into("Pincode of wachtzin", "777777")
    pilot.tap("Openen")
    pilot.see("Probeer het over 5 seconden nog eens")
    pilot.screenshot("09-wrong-pin")
    pilot.see("Je kunt het nu weer proberen", timeout=15_000)
    pilot.type_into("Pincode of wachtzin", FAMILY_SECRET)
    pilot.tap("Openen")
    pilot.see("Gezin De Vries - Yilmaz", timeout=30_000)


def test_recovery_code_opens_and_sets_a_new_pin(demo_pilot):
    pilot = demo_pilot
    open_family_lock_screen(pilot)
    pilot.tap("Ik ben mijn pincode vergeten")
    pilot.see("Gebruik je herstelcode")
    code = pilot.server.recovery_codes["family"]
    pilot.type_into("Herstelcode", code.lower().replace("-", " "))
    pilot.type_into("Nieuwe pincode of wachtzin", "531864")
    pilot.type_into("Nog een keer hetzelfde", "531864")
    pilot.screenshot("10-recover")
    pilot.tap("Openen en nieuwe pincode kiezen")
    pilot.see("Gezin De Vries - Yilmaz", timeout=30_000)
    pilot.see("Sanne de Vries")
    pilot.tap("Op slot")
    pilot.type_into("Pincode of wachtzin", FAMILY_SECRET)
    pilot.tap("Openen")
    pilot.see("Die pincode of wachtzin klopt niet.", timeout=30_000)
    pilot.type_into("Pincode of wachtzin", "531864")
    pilot.tap("Openen")
    pilot.see("Gezin De Vries - Yilmaz", timeout=30_000)


def test_switching_to_english_changes_the_ui(demo_pilot):
    pilot = demo_pilot
    open_family_lock_screen(pilot)
    pilot.type_into("Pincode of wachtzin", FAMILY_SECRET)
    pilot.tap("Openen")
    pilot.see("Onze doelen", timeout=30_000)
    pilot.tap("Taal")
    pilot.tap("English")
    pilot.see("Our goals")
    pilot.see("People around us")
    pilot.not_see("Onze doelen")
    # The family's own words stay as they wrote them.
    pilot.see("Gezin De Vries - Yilmaz")
    pilot.tap("Lock")
    pilot.see("Ons Plan is locked")
    assert pilot.outside_requests() == []


def try_recovery_code(pilot, code: str):
    pilot.tap("Ik ben mijn pincode vergeten")
    pilot.see("Gebruik je herstelcode")
    pilot.type_into("Herstelcode", code)
    pilot.type_into("Nieuwe pincode of wachtzin", "531864")
    pilot.type_into("Nog een keer hetzelfde", "531864")
    pilot.tap("Openen en nieuwe pincode kiezen")


def test_wrong_recovery_codes_are_slowed_down_too(demo_pilot):
    pilot = demo_pilot
    open_family_lock_screen(pilot)
    wrong = "AAAA-BBBB-CCCC-DDDD-EEEE"   # well formed, so it counts as a try
    for _ in range(2):
        try_recovery_code(pilot, wrong)
        pilot.see("Die herstelcode klopt niet.", timeout=30_000)
        pilot.tap("Terug")               # a fresh screen: the next message is the next try's
    try_recovery_code(pilot, wrong)
    pilot.see("Probeer het over 5 seconden nog eens", timeout=30_000)
    pilot.screenshot("recover-wait")
    pilot.see("Je kunt het nu weer proberen", timeout=15_000)
    pilot.replace_text("Herstelcode", pilot.server.recovery_codes["family"])
    pilot.tap("Openen en nieuwe pincode kiezen")
    pilot.see("Gezin De Vries - Yilmaz", timeout=30_000)
