"""Closing or reloading the tab locks the plan. Flet keeps a closed tab's session on the
server for a while and gives it back to a tab that brings its id (the web client keeps it in
sessionStorage); coming back that way shows the profile chooser, never the plan."""

from __future__ import annotations

from tests.helpers.data import FAMILY_SECRET

PLAN = "Gezin De Vries - Yilmaz"
CHOOSER = "Wie gebruikt Ons Plan?"
SESSION_ID = "sessionStorage.getItem('_flet_session_id')"


def open_the_plan(pilot) -> str:
    """Unlock the family's plan; returns the Flet session id the tab uses."""
    pilot.open()
    pilot.see(CHOOSER)
    pilot.tap("Ons gezin")
    pilot.open_with(FAMILY_SECRET, PLAN)
    pilot.see("Onze doelen")
    session_id = pilot.page.evaluate(SESSION_ID)
    assert session_id, "the Flet client no longer keeps its session id in sessionStorage"
    return session_id


def show_semantics(pilot):
    placeholder = pilot.page.locator("flt-semantics-placeholder")
    placeholder.wait_for(state="attached", timeout=60_000)
    placeholder.dispatch_event("click")
    pilot.page.locator("flt-semantics").first.wait_for(state="attached")


def test_reloading_the_tab_locks_the_plan(demo_pilot):
    pilot = demo_pilot
    session_id = open_the_plan(pilot)
    pilot.page.reload()
    show_semantics(pilot)
    pilot.see(CHOOSER, timeout=30_000)
    assert pilot.page.evaluate(SESSION_ID) == session_id  # the same session came back...
    pilot.not_see(PLAN)                                   # ...locked
    pilot.not_see("Onze doelen")
    pilot.tap("Ons gezin")
    pilot.see("Ons Plan is op slot")
    pilot.open_with(FAMILY_SECRET, PLAN)  # and the PIN opens it again


def test_a_closed_tab_does_not_come_back_unlocked_with_its_session_id(phones, demo_server):
    first = phones.open(demo_server)
    session_id = open_the_plan(first)
    first.page.context.close()
    # A new tab that brings the old session id, as the closed tab's client would.
    again = phones.open(demo_server)
    again.page.add_init_script(
        f"sessionStorage.setItem('_flet_session_id', {session_id!r});")
    again.open()
    again.see(CHOOSER, timeout=30_000)
    assert again.page.evaluate(SESSION_ID) == session_id
    again.not_see(PLAN)
    again.not_see("Onze doelen")
    assert again.outside_requests() == []
