""""Someone may know my PIN" on a young person's profile, without a browser: the stronger
secret is asked for, and after the new recovery code "Continue" leads to their own home.
(tests/e2e/test_new_keys.py walks the family's way in the browser.)"""

from __future__ import annotations

import shutil

import pytest

from family_app.profiles import unlocking
from family_app.profiles.device import Device
from family_app.screens.context import ScreenContext
from family_app.screens.router import route
from family_app.vault.atomic import backup_path
from i18n import translator

from tests.helpers.data import YOUTH_SECRET
from tests.helpers.screens import FakePage, find, run_alone

NEW_YOUTH_SECRET = "drie-kleine-groene-kikkers"


@pytest.fixture
def daan(de_vries_device_template, tmp_path):
    shutil.copytree(de_vries_device_template, tmp_path / "device")
    device = Device(tmp_path / "device")
    opened = unlocking.unlock(device, device.profile("Daan"), YOUTH_SECRET)
    ctx = ScreenContext(page=FakePage(), device=device, tr=translator("nl"), router=route,
                        opened=opened)
    yield ctx
    if ctx.opened is not None:
        ctx.opened.lock()


def shown(ctx):
    return ctx.page.views[-1]


def renew(ctx, first: str, second: str, keep_old: bool = False):
    ctx.go("new_keys")
    view = shown(ctx)
    find(view, "new-secret").value = first
    find(view, "new-secret-repeat").value = second
    find(view, "keep-old-copy").value = keep_old
    run_alone(find(view, "renew").on_click())
    return view


def test_a_young_person_needs_the_stronger_secret_and_nothing_changes_before(daan):
    path = daan.device.store.vault_path(daan.opened.profile)
    before = path.read_bytes(), backup_path(path).read_bytes()
    assert find(route(daan, "home"), "new-keys") is not None   # offered on their home
    view = renew(daan, "735184", "735184")                     # a family PIN
    assert shown(daan) is view
    assert find(view, "message").value.startswith("Kies voor je eigen plan minstens 4 woorden")
    assert find(view, "new-secret").value == find(view, "new-secret-repeat").value == ""
    view = renew(daan, NEW_YOUTH_SECRET, NEW_YOUTH_SECRET + "!")
    assert find(view, "message").value == "Je typte twee keer iets anders. Typ het nog eens."
    assert (path.read_bytes(), backup_path(path).read_bytes()) == before


def test_after_the_new_code_a_young_person_comes_back_to_their_own_home(daan):
    renew(daan, NEW_YOUTH_SECRET, NEW_YOUTH_SECRET)
    code_screen = shown(daan)
    assert code_screen.route == "/recovery_code"
    assert find(code_screen, "old-code-gone") is not None
    find(code_screen, "wrote-it-down").value = True
    find(code_screen, "wrote-it-down").on_change()
    find(code_screen, "continue").on_click()
    assert shown(daan).route == "/youth_home"
    profile = daan.opened.profile
    daan.opened.lock()
    daan.opened = None
    again = unlocking.unlock(daan.device, profile, NEW_YOUTH_SECRET)
    again.lock()
