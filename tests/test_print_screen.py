"""The print screen without a browser: a young person prints their own plan from their own
profile (the family's journey is in tests/e2e/test_print.py)."""

from __future__ import annotations

import pytest

from family_app.printing import handover
from family_app.profiles import unlocking
from family_app.screens.context import ScreenContext
from family_app.screens.router import route
from i18n import translator

from tests.helpers.data import YOUTH_SECRET
from tests.helpers.screens import FakePage, find
from tests.test_print import YOUTH


@pytest.fixture
def youth_ctx(device):
    opened = unlocking.unlock(device, device.profile("Daan"), YOUTH_SECRET)
    yield ScreenContext(page=FakePage(), device=device, tr=translator("nl"), router=route,
                        opened=opened, draft={})
    opened.lock()


def test_a_young_person_prints_from_their_own_home(youth_ctx):
    home = route(youth_ctx, "home")
    assert find(home, "print-plan") is not None
    view = route(youth_ctx, "print_plan")
    assert find(view, "print-goals").value and find(view, "print-lists").value
    find(view, "print-lists").value = False  # only goals, trusted person, who I talk to
    find(view, "make-print").on_click(None)
    opened = find(view, "open-print")
    address = opened.url.url
    page = handover.page(address.removeprefix(handover.PATH))
    assert YOUTH["goals"][0]["text"] in page and YOUTH["trusted_person"]["name"] in page
    assert not any(dream in page for dream in YOUTH["dreams"])
    assert "Mijn plan" in page and 'lang="nl"' in page


def test_nothing_chosen_is_said_and_nothing_printed(youth_ctx):
    view = route(youth_ctx, "print_plan")
    for part in ("goals", "lists", "trusted_person", "talk_to"):
        find(view, f"print-{part}").value = False
    find(view, "make-print").on_click(None)
    assert find(view, "open-print") is None
    assert find(view, "message").value == "Kies minstens één deel om te printen."
