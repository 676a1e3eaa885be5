"""A save the domain refuses never fails in silence (the goal form without a browser;
tests/e2e/test_gezinsplan.py taps the same in the browser)."""

from __future__ import annotations

import flet as ft

from family_app.plan.plan_book import PlanBook
from family_app.profiles.device import Device
from family_app.screens.context import ScreenContext
from family_app.screens.router import route
from i18n import translator

from tests.helpers.screens import FakePage, find


class RecordingPage(FakePage):
    """Remembers what a screen asked to run later (here: scrolling to a field)."""

    def __init__(self):
        super().__init__()
        self.tasks = []

    def run_task(self, handler, *args, **kwargs):
        self.tasks.append((handler, kwargs))


def form_of(de_vries, tmp_path, lang: str) -> ScreenContext:
    """The family's new-goal form (de_vries is unlocked on the device in tmp_path/device)."""
    ctx = ScreenContext(page=RecordingPage(), device=Device(tmp_path / "device"),
                        tr=translator(lang), router=route, opened=de_vries)
    ctx.go("record_form", table="goals")
    return ctx


def test_a_goal_without_an_owner_names_the_field_and_brings_it_into_view(de_vries, tmp_path):
    ctx = form_of(de_vries, tmp_path, "nl")
    goals_before = len(PlanBook(de_vries).plan().goals)
    view = ctx.page.views[-1]
    find(view, "field-text").value = "We laten samen de hond uit"
    find(view, "save").on_click(None)

    assert ctx.page.views[-1] is view                        # still on the form
    assert find(view, "message").value == "Nog niet bewaard: kijk bij ‘Van wie is dit doel?’."
    assert find(view, "message").visible
    assert ctx.page.tasks == [(view.scroll_to, {"scroll_key": "attention-owners", "duration": 300})]
    assert find(view, ft.ScrollKey("attention-owners")) is not None  # what the view scrolls to
    assert len(PlanBook(de_vries).plan().goals) == goals_before


def test_a_date_that_is_no_date_is_named_beside_the_button_too(de_vries, tmp_path):
    """The date waits behind "More details" on a new goal: the refused save opens them."""
    ctx = form_of(de_vries, tmp_path, "en")
    view = ctx.page.views[-1]
    details = find(view, "details")
    assert not details.visible
    find(view, "more-details").on_click(None)       # the person opens them and writes
    find(view, "field-text").value = "We walk the dog together"
    find(view, "field-target_date").value = "next spring"
    find(view, "more-details").on_click(None)       # and closes them again before saving
    assert not details.visible
    find(view, "save").on_click(None)
    assert details.visible
    assert find(view, "more-details").content == "Fewer details"
    assert find(view, "message").value == "Not saved yet: look at “By when?”."
    assert find(view, "field-target_date").error.startswith("This is not a date.")
    assert ctx.page.tasks == []                      # not yet: the details are not drawn yet
    details.on_size_change(None)                     # the browser has drawn them
    assert [kwargs["scroll_key"] for _, kwargs in ctx.page.tasks] == ["attention-target_date"]
    assert find(details, ft.ScrollKey("attention-target_date")) is not None
    details.on_size_change(None)                     # they grow or shrink later: no scrolling
    assert len(ctx.page.tasks) == 1
