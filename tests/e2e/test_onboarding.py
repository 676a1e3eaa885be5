"""A new family starts with Ons Plan on a phone, locks it, and opens it again."""

from __future__ import annotations

import datetime as dt
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
    # The next person starts with no role (not Marieke's); a year of birth suggests one.
    roles = {code: pilot.page.get_by_role("radio", name=name) for code, name in (
        ("parent", "Ouder of verzorger"), ("youth", "Jongere (12+)"), ("child", "Kind (jonger dan 12)"))}
    expect(roles["parent"]).not_to_be_checked()
    pilot.type_into("Naam", "Sem Bakker")
    pilot.type_into("Geboortejaar (hoeft niet)", str(dt.date.today().year - 14))
    expect(roles["youth"]).to_be_checked()       # 14: a young person, not a child
    pilot.replace_text("Geboortejaar (hoeft niet)", str(dt.date.today().year - 10))
    expect(roles["child"]).to_be_checked()
    pilot.tap("Deze persoon toevoegen")
    pilot.see("Sem Bakker")
    pilot.type_into("Naam", "Joris Bakker")      # no year and no role: asked, not guessed
    pilot.tap("Deze persoon toevoegen")
    pilot.see("Wie is dit? Kies er een.")
    pilot.tap("Ouder of verzorger", role="radio")
    pilot.tap("Deze persoon toevoegen")
    pilot.see("Joris Bakker")
    expect(roles["parent"]).not_to_be_checked()  # added: the form is empty again
    pilot.screenshot("03-family-members")
    next_button = pilot.page.get_by_role("button", name="Volgende")
    expect(next_button).to_be_in_viewport(ratio=1)  # under three people, still in reach
    pilot.tap("Volgende")

    pilot.see("Kies een pincode of een wachtwoord")
    pilot.type_into("Pincode of wachtwoord", "2486")
    pilot.type_into("Nog een keer hetzelfde", "2486")
    pilot.tap("Mijn plan op slot zetten")
    pilot.see("Een pincode heeft minstens 6 cijfers.")
    pilot.type_into("Pincode of wachtwoord", "248613")
    pilot.type_into("Nog een keer hetzelfde", "248613")
    pilot.screenshot("04-pin")
    pilot.tap("Mijn plan op slot zetten")

    pilot.see("Schrijf deze code op", timeout=30_000)
    code = pilot.shown(re.compile(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}"))
    expect(code).to_have_count(1)
    pilot.screenshot("05-recovery-code")
    # A copy to print: the code, what it is for, in the family's language.
    with pilot.page.expect_download() as saving:
        pilot.tap("Bewaren om te printen")
    page = open(saving.value.path(), encoding="utf-8").read()
    printed = re.search(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", page).group()
    expect(pilot.shown(printed)).to_have_count(1)  # the very code on the screen
    assert '<html lang="nl" dir="ltr">' in page and "Pincode vergeten?" in page
    pilot.see("Bewaard. Print het, en gooi het bestand daarna weg van dit apparaat.")
    pilot.tap("Ik heb mijn herstelcode opgeschreven", role="checkbox")
    pilot.tap("Verder")

    pilot.see("Gezin Bakker")
    pilot.see("Marieke Bakker")
    pilot.see("Onze doelen")
    pilot.see("Schrijf je eerste doel op, in je eigen woorden.")
    pilot.screenshot("06-home")

    # A new goal asks only what it needs, with "Bewaren" in view. A date that is no date,
    # behind "Meer invullen" (closed again), is not lost: the refused save opens the
    # details and brings the date with its problem into view.
    pilot.tap("Onze doelen")
    pilot.tap("Doel toevoegen")
    expect(pilot.page.get_by_role("button", name="Bewaren", exact=True)).to_be_in_viewport(ratio=1)
    pilot.type_into("Ons doel, in onze eigen woorden", "Sem is om 9 uur thuis")
    pilot.tap("Sem Bakker", role="checkbox")
    pilot.tap("Meer invullen (hoeft niet)")
    pilot.type_into("Wanneer klaar?", "volgend voorjaar")
    pilot.tap("Minder tonen")
    pilot.tap("Bewaren", exact=True)
    pilot.see("Nog niet bewaard: kijk bij ‘Wanneer klaar?’.")
    expect(pilot.page.get_by_text("Dit is geen datum.")).to_be_in_viewport()
    pilot.screenshot("06-goal-date-not-saved")
    pilot.replace_text("Wanneer klaar?", "1-9-2031")
    pilot.tap("Bewaren", exact=True)
    pilot.see("Sem is om 9 uur thuis")
    pilot.tap("Terug")
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
