"""A young person shares on their own: with their own begeleider, and the news that a goal
of theirs goes with a family goal, which the family sees without its content."""

from __future__ import annotations

from tests.helpers.browser import (begeleider_code_picture, frames_as_pictures,
                                   open_demo_family_in_english, open_section, unlock)
from tests.helpers.data import BEGELEIDER_SECRET, FAMILY_SECRET, YOUTH_SECRET
from .test_sharing import read_the_passcode

DAAN_GOAL = "Wiskunde omhoog naar een 6"
FAMILY_GOAL = "We willen minder ruzie over huiswerk"


def open_profile(pilot, name: str, secret: str, then: str):
    """From the lock screen of another profile: back to the list, choose, unlock."""
    pilot.tap("Back")
    pilot.tap(name)
    pilot.open_with(secret, then)


def open_daan_in_english(pilot):
    open_profile(pilot, "Daan", YOUTH_SECRET, "Hoi Daan")
    pilot.tap("Taal")
    pilot.tap("English")
    pilot.see("Hi Daan")


def test_daan_links_a_goal_and_the_family_sees_only_that(demo_pilot, tmp_path):
    pilot = demo_pilot
    open_demo_family_in_english(pilot)

    # The parents share their goals with Daan, as with anyone at the kitchen table.
    pilot.tap("Share with a begeleider")
    pilot.tap("Only goals and agreements", role="radio")
    pilot.tap("Someone here with me (with a passcode)", role="radio")
    pilot.tap("Make the code")
    pilot.see("Let the begeleider scan these codes")
    goals_code = frames_as_pictures(pilot, tmp_path, "family-goals")
    passcode = read_the_passcode(pilot)
    pilot.tap("Done")
    pilot.tap("Lock")

    # Daan reads them in his own profile and links his maths goal to the homework goal.
    open_daan_in_english(pilot)
    pilot.tap("Share")
    pilot.see("Your plan is yours")
    pilot.tap("Scan my family's goals")
    pilot.pick_pictures(goals_code)
    pilot.type_into("Passcode", passcode)
    pilot.tap("Open", exact=True)
    pilot.see("Your plan is yours", timeout=20_000)
    pilot.find("goals of your family")
    pilot.tap("Back")
    pilot.tap(DAAN_GOAL)
    pilot.see("Does this goal go with a family goal?")
    pilot.choose(FAMILY_GOAL)
    pilot.screenshot("34-youth-link")
    pilot.tap("Save")
    pilot.see("Hi Daan")
    pilot.tap("Share")
    pilot.tap("Tell my family about my links")
    pilot.see("Let the family scan these codes")
    link_code = frames_as_pictures(pilot, tmp_path, "link")
    pilot.tap("Done")
    pilot.tap("Lock")

    # The parents scan it: the goal says a link exists, and nothing of what Daan wrote.
    open_profile(pilot, "Our family", FAMILY_SECRET, "Gezin De Vries - Yilmaz")
    open_section(pilot, "From the begeleider")
    pilot.tap("Scan your child's code")
    pilot.pick_pictures(link_code)
    pilot.tap(FAMILY_GOAL)
    pilot.see("Daan Yilmaz linked one of their own goals to this goal")
    pilot.not_see(DAAN_GOAL)
    pilot.screenshot("35-family-goal-linked")
    assert pilot.outside_requests() == []


def test_daan_shares_with_his_own_begeleider(phones, demo_server, begeleider_server, tmp_path):
    daan = phones.open(demo_server)
    begeleider = phones.open(begeleider_server)
    unlock(begeleider, "Pincode of wachtwoord", BEGELEIDER_SECRET, "Karin Mulder")
    identity_png = begeleider_code_picture(begeleider, tmp_path)

    daan.open()
    daan.tap("Daan")
    daan.open_with(YOUTH_SECRET, "Hoi Daan")
    daan.tap("Taal")
    daan.tap("English")
    daan.tap("Share")
    daan.tap("Pair with a begeleider")
    daan.pick_pictures(str(identity_png))
    daan.see("Is this your begeleider?", timeout=20_000)
    daan.tap("Yes, the codes are the same")
    daan.see("Karin Mulder")
    daan.tap("My trusted person", role="checkbox")
    daan.screenshot("36-youth-share")
    daan.tap("Make the code")
    daan.see("Let the begeleider scan these codes")
    code = frames_as_pictures(daan, tmp_path, "daan")
    daan.tap("Done")
    daan.tap("Share")
    daan.tap("Shared with")
    daan.see("Karin Mulder")

    begeleider.tap("Back")
    begeleider.tap("Scan a family's code")
    begeleider.pick_pictures(code)
    begeleider.see("Shared plan", timeout=20_000)
    begeleider.see("Daan Yilmaz")
    begeleider.not_see("Written in")  # Daan's share does not claim a language
    begeleider.see(DAAN_GOAL)
    begeleider.find("Tante Ayse")
    begeleider.not_see("Monteur worden")  # his dreams were not chosen
    begeleider.screenshot("47-viewer-youth")
    assert daan.outside_requests() == [] and begeleider.outside_requests() == []
