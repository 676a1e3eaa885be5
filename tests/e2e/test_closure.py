"""Afronding through the real UI: the family closes its plan one question at a time, sends
the report to its begeleider, and the begeleider sees it in the report screen."""

from __future__ import annotations

import datetime as dt

from family_app.profiles import unlocking
from family_app.sharing import sharing, viewer
from family_app.profiles.device import Device
from family_app.plan.plan_book import PlanBook
from sync.bundle import seal

from tests.helpers.browser import (frames_as_pictures, open_demo_family_in_english, open_section,
                                   unlock)
from tests.helpers.data import BEGELEIDER_SECRET, FAMILY_SECRET, YOUTH_SECRET


def pair_in_the_background(family_dir, begeleider_dir):
    """Pair the demo family with the begeleider through the use cases (tested elsewhere
    through the UI), so this test can spend its time on the closure."""
    begeleider_device = Device(begeleider_dir)
    begeleider = unlocking.unlock(begeleider_device, begeleider_device.profiles()[0], BEGELEIDER_SECRET)
    identity = seal("identity", {}, viewer._me(begeleider),
                    expires=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=30))
    begeleider.lock()
    family_device = Device(family_dir)
    family = unlocking.unlock(family_device, family_device.profile("family"), FAMILY_SECRET)
    sharing.pair(PlanBook(family), sharing.read_identity(identity))
    family.lock()


def answer_goals(pilot, answers=("Yes, reached", "Partly", "Not reached")):
    """One screen per goal until the questions about goals are done; returns how many."""
    n = 0
    while True:
        pilot.see(f"question {n + 1} of")
        if not pilot.shown("Did you reach this goal?").count():
            return n
        pilot.choose(answers[n % len(answers)])
        if n == 0:
            pilot.screenshot("50-closure-1-goal")
        pilot.tap("Next")
        n += 1


def test_family_closes_the_plan_and_the_begeleider_counts_it(phones, demo_server,
                                                              begeleider_server, tmp_path):
    from .test_returns import share_in_the_background  # (imports this module)
    pair_in_the_background(demo_server.data_dir, begeleider_server.data_dir)
    # The family shared its plan during the help, so the begeleider's app knows its key:
    # only then does its closure report count (tests/test_begeleider_trust.py).
    share_in_the_background(demo_server.data_dir, begeleider_server.data_dir)
    pilot = phones.open(demo_server)
    open_demo_family_in_english(pilot)
    pilot.not_see("Closing the plan")  # not on home while goals are still open
    open_section(pilot, "Closing the plan")
    answer_goals(pilot)
    pilot.see("How did the help end?")
    pilot.choose("As planned: we did what we set out to do")
    pilot.screenshot("50-closure-2-ending")
    pilot.tap("Next")
    pilot.see("Can you carry on without help now?")
    pilot.tap("No", role="radio", exact=True)
    pilot.screenshot("50-closure-3-carry-on")
    pilot.tap("Next")
    pilot.see("Were you referred to other help?")
    pilot.tap("Yes", role="radio", exact=True)
    pilot.screenshot("50-closure-4-referred")
    pilot.tap("Next")
    pilot.type_into("How were you handed over to the new help?", "Samen kennisgemaakt met Fatima")
    pilot.screenshot("50-closure-5-handover")
    pilot.tap("Next")
    pilot.type_into("Who keeps an eye on how things go?", "Oma Ria")
    pilot.type_into("Until when?", "2027-06-01")
    pilot.screenshot("50-closure-6-pulse")
    pilot.tap("Next")
    pilot.type_into("Whom do you call if things get hard again?", "Het CJG, 055-5800000")
    pilot.screenshot("50-closure-7-call")
    pilot.tap("Next")
    for n, score in enumerate(("9", "8", "7", "9", "8"), start=1):
        pilot.see("0 is very bad, 10 is excellent.")
        pilot.tap(score, exact=True)
        pilot.screenshot(f"50-closure-8-item-{n}")
        pilot.tap("Next")
    pilot.type_into("What helped you most?", "Dat we zelf het tempo bepaalden")
    pilot.screenshot("50-closure-9-helped-most")
    pilot.tap("Next")
    pilot.see("Ready to close your plan?")
    pilot.screenshot("50-closure-10-finish")
    pilot.tap("Close our plan")
    pilot.see("Your plan is closed")
    pilot.screenshot("50-closure-11-done")
    pilot.tap("Send the report")
    pilot.see("Let the begeleider scan these codes")
    pictures = frames_as_pictures(pilot, tmp_path, "closure")
    pilot.tap("Done")

    begeleider = phones.open(begeleider_server)
    unlock(begeleider, "Pincode of wachtwoord", BEGELEIDER_SECRET, "Karin Mulder")
    begeleider.tap("Scan a family's code")
    begeleider.pick_pictures(pictures)
    begeleider.see("Families: n = 1", timeout=20_000)
    begeleider.see("mean 9 · median 9 · 1 answered")
    begeleider.find("5. Support with the referral")
    begeleider.screenshot("57-closure-report")

    open_section(pilot, "Shared with")
    pilot.see("Closure report")
    pilot.tap("Back")
    pilot.see("Our plan was closed on")
    pilot.see("Gezin De Vries - Yilmaz")
    pilot.screenshot("55-home-closed")
    pilot.tap("Open our plan again")
    pilot.not_see("Our plan was closed on")


def test_young_person_closes_their_own_plan(demo_pilot):
    pilot = demo_pilot
    pilot.open()
    pilot.tap("Daan")
    pilot.open_with(YOUTH_SECRET, "Daan Yilmaz")
    pilot.tap("Taal")
    pilot.tap("English")
    pilot.tap("Close my plan")
    answer_goals(pilot, ("Partly",))
    for score in ("8", "9", "7", "8"):
        pilot.see("0 is very bad, 10 is excellent.")
        pilot.tap(score, exact=True)
        pilot.tap("Next")
    pilot.not_see("support with the referral")
    pilot.type_into("What helped you most?", "Praten met tante Ayse")
    pilot.tap("Next")
    pilot.tap("Close my plan")
    pilot.see("Your plan is closed")
    pilot.screenshot("56-youth-closure-done")
