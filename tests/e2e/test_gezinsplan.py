"""The whole gezinsplan on a phone: every section can be read, added, changed and removed."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.helpers.browser import open_demo_family_in_english, open_section
from tests.helpers.data import DE_VRIES


def test_demo_scenario_is_shown_whole(demo_pilot):
    pilot = demo_pilot
    scenario = json.loads(DE_VRIES.read_text("utf-8"))
    open_demo_family_in_english(pilot)
    pilot.screenshot("11-home-demo")
    pilot.tap("Our whole plan")
    pilot.see("Logbook")
    pilot.screenshot("11-plan-parts-demo")
    for section, texts in [("Our goals", [g["text"] for g in scenario["goals"]]),
                           ("Agreements", [a["what"] for a in scenario["agreements"]]),
                           ("People around us", [n["name"] for n in scenario["network"]]),
                           ("Professionals", [p["name"] for p in scenario["professionals"]])]:
        pilot.tap(section)
        pilot.see(texts[0])
        for text in texts:
            expect(pilot.shown(text).first).to_be_attached()
        pilot.screenshot(f"12-section-{section.lower().replace(' ', '-')}")
        pilot.tap("Back")  # to the whole plan, where it was opened
        pilot.see("Logbook")
    pilot.tap("Back")
    pilot.see("How our goals are going")


def onboard_in_english(pilot, members=(("Marieke Bakker", "Parent or carer"),
                                       ("Sem Bakker", "Child"), ("Joris Bakker", "Parent or carer"))):
    pilot.open()
    pilot.tap("English")
    pilot.tap("For our family")
    pilot.type_into("Name of your family", "Family Bakker")
    for name, role in members:
        pilot.type_into("Name", name)
        pilot.tap(role, role="radio")
        pilot.tap("Add this person")
        pilot.see(name)
    pilot.tap("Next")
    pilot.type_into("PIN or passphrase", "kerstboom-lampje")
    pilot.type_into("The same again", "kerstboom-lampje")
    pilot.tap("Lock my plan")
    pilot.see("Write this code down", timeout=30_000)
    pilot.tap("I have written down my recovery code", role="checkbox")
    pilot.tap("Continue")
    pilot.see("How our goals are going")


def add_goal(pilot, text: str, owner: str):
    pilot.tap("Add a goal")
    pilot.type_into("Our goal, in our own words", text)
    pilot.tap(owner, role="checkbox")
    pilot.tap("Save")
    pilot.see(text)


def test_first_month(pilot):
    onboard_in_english(pilot)
    pilot.tap("Our goals")
    pilot.see("Write your first goal in your own words")
    # A goal without an owner is not saved, and the parent is not left guessing: the
    # owners' question comes into view with what is wrong, and the button says so too.
    pilot.tap("Add a goal")
    pilot.type_into("Our goal, in our own words", "Sem is in bed at 8 in the evening")
    pilot.tap("Save")
    pilot.see("Not saved yet: look at “Whose goal is this?”.")
    expect(pilot.page.get_by_text("This still needs an answer.")).to_be_in_viewport()
    pilot.screenshot("12-goal-not-saved")
    pilot.tap("Marieke Bakker", role="checkbox")
    pilot.tap("Save")
    pilot.see("Sem is in bed at 8 in the evening")
    pilot.screenshot("13-goals")
    add_goal(pilot, "We eat together at the table five days a week", "Joris Bakker")
    add_goal(pilot, "Our letters are opened every Monday", "Marieke Bakker")
    pilot.tap("Back")

    open_section(pilot, "People around us")
    pilot.tap("Add a person")
    pilot.type_into("Name", "Oma Ria")
    pilot.tap("More details (optional)")  # where they know her from, what she may do
    pilot.tap("Family", role="radio", exact=True)
    pilot.tap("May think along with us", role="checkbox")
    pilot.screenshot("14-network-person")
    pilot.tap("Save")
    pilot.see("Oma Ria")
    pilot.screenshot("15-network-flower")
    pilot.tap("Back")  # to the whole plan

    pilot.tap("Our goals")
    pilot.tap("Sem is in bed at 8 in the evening")
    pilot.tap("Add an agreement")
    pilot.type_into("What will be done?", "Oma reads a story on Tuesday")
    pilot.tap("Oma Ria", role="checkbox")
    pilot.type_into("By when?", "2030-12-01")
    pilot.screenshot("16-agreement")
    pilot.tap("Save")
    pilot.see("Oma reads a story on Tuesday")

    for score in ("4", "6"):
        pilot.tap("Where are we now?")
        pilot.tap(score, exact=True)
        pilot.tap("Save")
        pilot.find(f"{score} of 10 · ")
    pilot.find("Progress over time")
    pilot.screenshot("17-goal-with-chart")
    pilot.tap("Back")
    pilot.tap("Back")

    pilot.tap("Evaluations")
    pilot.tap("Hold an evaluation now")
    for answer in ("Keep going like this", "Reached!", "Change the goal or the approach"):
        pilot.see("Is this enough?")
        pilot.tap(answer, role="radio")
        pilot.screenshot("18-evaluation-step")
        pilot.tap("Next")
    pilot.type_into("What has changed since last time?", "Sem sleeps better")
    pilot.type_into("When do we look back together again?", "2031-01-15")
    pilot.screenshot("19-evaluation-end")
    pilot.tap("Save the evaluation")
    pilot.see("Held on")
    pilot.tap("Back")  # to the whole plan
    pilot.tap("Back")
    pilot.find("Next evaluation: Jan 15, 2031")

    open_section(pilot, "What changed")
    pilot.see("Marieke Bakker added this")
    pilot.see("Sem is in bed at 8 in the evening")
    pilot.screenshot("20-history")
    assert pilot.outside_requests() == []


def add_edit_remove(pilot, section: str, add: str, fields: dict[str, str], shown: str,
                    change: tuple[str, str], changed: str, screenshot: str = "",
                    choose: tuple[str, ...] = ()):
    """Create a record through its form, change it, and remove it after confirming."""
    pilot.tap(section)
    pilot.tap(add)
    for answer in choose:
        pilot.choose(answer)
    for label, text in fields.items():
        pilot.type_into(label, text)
    if screenshot:
        pilot.screenshot(screenshot)
    pilot.tap("Save")
    pilot.tap(shown)
    pilot.type_into(*change)
    pilot.tap("Save")
    pilot.tap(changed)
    pilot.tap("Remove")
    pilot.tap("No, keep it")
    pilot.tap("Remove")
    pilot.tap("Remove", exact=True)  # the dialog's button
    pilot.see(add)
    pilot.not_see(changed)
    pilot.tap("Back")


def test_sections_add_change_remove(demo_pilot):
    pilot = demo_pilot
    open_demo_family_in_english(pilot)
    pilot.tap("Our whole plan")  # each part is opened from there, and back leads there
    add_edit_remove(pilot, "Our family", "Add a person", {"Name": "Baby Yilmaz"}, "Baby Yilmaz",
                    ("Year of birth", "2026"), "2026", screenshot="21-member-form")
    add_edit_remove(pilot, "Professionals", "Add a professional",
                    {"Name": "Petra Smit", "Organisation": "Wijkteam Zuid", "Phone": "055-1234567"},
                    "Petra Smit", ("Organisation", " Oost"), "Wijkteam Zuid Oost",
                    screenshot="24-professional-form")
    add_edit_remove(pilot, "People around us", "Add a person",
                    {"Name": "Juf Sandra", "Who is this for you?": "juf van Lina"}, "Juf Sandra",
                    ("Who is this for you?", " en Noor"), "juf van Lina en Noor")
    add_edit_remove(pilot, "Logbook", "Add a note",
                    {"Date": "2026-11-20", "What happened?": "Gebeld met de school van Daan"},
                    "Gebeld met de school van Daan", ("What happened?", " over zijn rooster"),
                    "Gebeld met de school van Daan over zijn rooster", screenshot="25-log-form")
    add_edit_remove(pilot, "Safety", "Add a safety check",
                    {"Date": "2026-11-21", "What goes well?": "Geen ruzie meer aan tafel"},
                    "Nov 21, 2026", ("What are we worried about?", "Daan slaapt slecht"),
                    "Nov 21, 2026", screenshot="26-safety-form")
    add_edit_remove(pilot, "Agreements", "Add an agreement",
                    {"What will be done?": "Samen koken op zondag"}, "Samen koken op zondag",
                    ("How?", "Daan kiest het recept"), "Samen koken op zondag",
                    choose=("Ik wil vaker iets leuks doen met Daan, alleen wij twee.",))
    add_edit_remove(pilot, "Evaluations", "Plan an evaluation", {"When do we look back together?": "2031-02-01"},
                    "Feb 1, 2031", ("How, and who will be there?", "Bij ons thuis, met Karin"),
                    "Feb 1, 2031")


def test_safety_comparison_and_our_route(demo_pilot):
    pilot = demo_pilot
    open_demo_family_in_english(pilot)
    open_section(pilot, "Safety")
    pilot.tap("Compare the last two")
    pilot.see("Then and now")
    pilot.see("How safe:")
    pilot.screenshot("27-safety-compare")
    pilot.tap("Back")
    pilot.tap("Back")
    pilot.tap("Our route")
    pilot.see("11 days from referral to the first visit")
    pilot.replace_text("Date of the first visit", "2025-10-31")
    pilot.screenshot("28-our-route")
    pilot.tap("Save")
    pilot.tap("Our route")
    pilot.see("7 days from referral to the first visit")
    pilot.tap("Back")
    pilot.tap("Our family")
    pilot.tap("Address and GP")
    pilot.type_into("Our GP (huisarts)", "Dr. Bos")
    pilot.tap("Save")
    pilot.see("Dr. Bos")


def test_goal_and_agreement_lifecycle(demo_pilot):
    pilot = demo_pilot
    open_demo_family_in_english(pilot)
    pilot.tap("Our goals")
    pilot.tap("Ik wil vaker iets leuks doen met Daan, alleen wij twee.")
    pilot.tap("Change this goal")
    pilot.type_into("How will we know we reached it?", "Twee keer per maand samen weg")
    pilot.tap("Save")
    pilot.see("Twee keer per maand samen weg")
    pilot.find("Samen naar een wedstrijd van Go Ahead Eagles")
    done = pilot.page.get_by_role("checkbox", name="Done: Samen naar een wedstrijd van Go Ahead Eagles")
    expect(done).not_to_be_checked()
    pilot.tap("Done: Samen naar een wedstrijd van Go Ahead Eagles", role="checkbox")
    expect(pilot.page.get_by_role(
        "checkbox", name="Done: Samen naar een wedstrijd van Go Ahead Eagles")).to_be_checked()
    pilot.screenshot("22-goal-agreements")
    pilot.find("Change this goal")
    pilot.tap("Change this goal")
    pilot.tap("Remove")
    pilot.see("Its 1 agreement is removed too.")
    pilot.screenshot("23-confirm-remove")
    pilot.tap("Remove", exact=True)
    pilot.see("Add a goal")
    pilot.not_see("Ik wil vaker iets leuks doen met Daan, alleen wij twee.")
