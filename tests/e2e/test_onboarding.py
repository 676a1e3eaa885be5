"""A new family starts with Ons Plan on a phone, locks it, and opens it again."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_family_onboards_locks_and_unlocks(pilot):
    pilot.open()
    pilot.see("Nederlands")
    pilot.see("English")
    pilot.screenshot("01-language")
    pilot.tap("Nederlands")

    pilot.see("Welkom bij Ons Plan")
    pilot.screenshot("02-welcome")
    pilot.tap("Voor ons gezin")

    pilot.see("Wie horen er bij je gezin?")
    pilot.type_into("Naam van je gezin", "Gezin Bakker")
    pilot.type_into("Naam", "Marieke Bakker")
    pilot.tap("Deze persoon toevoegen")
    pilot.see("Marieke Bakker")
    pilot.type_into("Naam", "Sem Bakker")
    pilot.tap("Kind", role="radio")
    pilot.type_into("Geboortejaar (hoeft niet)", "2016")
    pilot.tap("Deze persoon toevoegen")
    pilot.see("Sem Bakker")
    pilot.screenshot("03-family-members")
    pilot.tap("Volgende")

    pilot.see("Kies een pincode of een wachtzin")
    pilot.type_into("Pincode of wachtzin", "2486")
    pilot.type_into("Nog een keer hetzelfde", "2486")
    pilot.tap("Mijn plan op slot zetten")
    pilot.see("Een pincode heeft minstens 6 cijfers.")
    pilot.type_into("Pincode of wachtzin", "248613")
    pilot.type_into("Nog een keer hetzelfde", "248613")
    pilot.screenshot("04-pin")
    pilot.tap("Mijn plan op slot zetten")

    pilot.see("Schrijf deze code op", timeout=30_000)
    code = pilot.shown(re.compile(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}"))
    expect(code).to_have_count(1)
    pilot.screenshot("05-recovery-code")
    pilot.tap("Ik heb mijn herstelcode opgeschreven", role="checkbox")
    pilot.tap("Verder")

    pilot.see("Gezin Bakker")
    pilot.see("Marieke Bakker")
    pilot.see("Onze doelen")
    pilot.see("Wat wil je veranderen? Schrijf je eerste doel op, in je eigen woorden.")
    pilot.screenshot("06-home")
    pilot.tap("Op slot")

    pilot.see("Ons Plan is op slot")
    pilot.not_see("Gezin Bakker")
    pilot.not_see("Marieke Bakker")
    pilot.screenshot("07-lock")
    pilot.open_with("248613", "Gezin Bakker")
    pilot.see("Sem Bakker")

    assert pilot.outside_requests() == []
    assert pilot.requests, "the page made no request at all: the recorder is broken"


def test_reopening_after_restart_asks_for_the_pin(pilot):
    """A reload (a new visit) shows the lock screen, never the plan."""
    pilot.open()
    pilot.tap("English")
    pilot.tap("I am a begeleider")
    pilot.type_into("Your name", "Karin Mulder")
    pilot.type_into("Your organisation", "CJG Apeldoorn")
    pilot.tap("Next")
    pilot.type_into("PIN or passphrase", "zorg-met-hart")
    pilot.type_into("The same again", "zorg-met-hart")
    pilot.tap("Lock my plan")
    pilot.see("Write this code down", timeout=30_000)
    pilot.tap("I have written down my recovery code", role="checkbox")
    pilot.tap("Continue")
    pilot.see("Karin Mulder")
    pilot.see("CJG Apeldoorn")
    pilot.screenshot("08-begeleider-home")

    pilot.page.context.clear_cookies()
    pilot.page.evaluate("sessionStorage.clear()")
    pilot.open()
    pilot.see("Ons Plan is locked")
    pilot.not_see("Karin Mulder")
    assert pilot.outside_requests() == []
