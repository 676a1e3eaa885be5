"""Opening an existing plan: wrong PINs, growing delays, the recovery code, the language."""

from __future__ import annotations

from tests.helpers.data import FAMILY_SECRET


def open_family_lock_screen(pilot):
    pilot.open()
    pilot.see("Wie gebruikt Ons Plan?")
    pilot.tap("Ons gezin")
    pilot.see("Ons Plan is op slot")


def listen_to_announcements(pilot):
    """Keep what Flutter gives a screen reader to say (its live regions), in order."""
    pilot.page.evaluate("""() => {
        window.said = [];
        const host = document.querySelector('flt-announcement-host');
        new MutationObserver(() => {
            for (const region of host.children) {
                const words = region.textContent.trim();
                if (words && window.said[window.said.length - 1] !== words) window.said.push(words);
            }
        }).observe(host, {subtree: true, childList: true, characterData: true});
    }""")


def announced(pilot) -> list[str]:
    return pilot.page.evaluate("window.said")


def test_wrong_pin_is_told_and_slowed_down(demo_pilot):
    pilot = demo_pilot
    open_family_lock_screen(pilot)
    listen_to_announcements(pilot)
    pilot.type_into("Pincode of wachtwoord", "999999")
    pilot.tap("Openen")
    pilot.see("Die pincode of wachtwoord klopt niet.")
    pilot.not_see("Gezin De Vries - Yilmaz")
    # Said aloud too, wherever the focus is; and the field is empty to type again (a wrong
    # secret is never left behind an eye that shows it).
    assert announced(pilot)[-1:] == ["Die pincode of wachtwoord klopt niet."]
    assert pilot.page.get_by_role("textbox", name="Pincode of wachtwoord").input_value() == ""
    pilot.type_into("Pincode of wachtwoord", "888888")
    pilot.tap("Openen")
    # Like a person, wait for the answer before typing again: the check clears the message,
    # takes a moment (scrypt), then empties the field and says it again.
    pilot.not_see("klopt niet")
    pilot.see("klopt niet")
    pilot.type_into("Pincode of wachtwoord", "777777")
    pilot.tap("Openen")
    pilot.see("Probeer het over 5 seconden nog eens")
    pilot.screenshot("09-wrong-pin")
    pilot.see("Je kunt het nu weer proberen", timeout=15_000)
    # The wait is said once, not every second it counts down; then that it is over.
    waits = [words for words in announced(pilot) if "Probeer het over" in words]
    assert waits == ["Dat klopt niet. Probeer het over 5 seconden nog eens."], waits
    assert announced(pilot)[-1] == "Dat klopt niet. Je kunt het nu weer proberen."
    pilot.type_into("Pincode of wachtwoord", FAMILY_SECRET)
    pilot.tap("Openen")
    pilot.see("Gezin De Vries - Yilmaz", timeout=30_000)


def test_recovery_code_opens_and_sets_a_new_pin(demo_pilot):
    pilot = demo_pilot
    open_family_lock_screen(pilot)
    pilot.tap("Ik ben mijn pincode vergeten")
    pilot.see("Gebruik je herstelcode")
    code = pilot.server.recovery_codes["family"]
    pilot.type_into("Herstelcode", code.lower().replace("-", " "))
    pilot.type_into("Nieuwe pincode of wachtwoord", "531864")
    pilot.type_into("Nog een keer hetzelfde", "531864")
    pilot.screenshot("10-recover")
    pilot.tap("Openen en nieuwe pincode kiezen")
    pilot.see("Gezin De Vries - Yilmaz", timeout=30_000)
    pilot.see("Sanne de Vries")
    pilot.tap("Op slot")
    pilot.type_into("Pincode of wachtwoord", FAMILY_SECRET)
    pilot.tap("Openen")
    pilot.see("Die pincode of wachtwoord klopt niet.", timeout=30_000)
    pilot.type_into("Pincode of wachtwoord", "531864")
    pilot.tap("Openen")
    pilot.see("Gezin De Vries - Yilmaz", timeout=30_000)


def test_switching_to_english_changes_the_ui(demo_pilot):
    pilot = demo_pilot
    open_family_lock_screen(pilot)
    pilot.type_into("Pincode of wachtwoord", FAMILY_SECRET)
    pilot.tap("Openen")
    pilot.see("Onze doelen", timeout=30_000)
    pilot.tap("Taal")
    pilot.tap("English")
    pilot.see("Our goals")
    pilot.see("Our whole plan")
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
    pilot.type_into("Nieuwe pincode of wachtwoord", "531864")
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
