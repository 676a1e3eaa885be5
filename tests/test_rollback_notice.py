"""An older plan file put back is said on the home screen once after unlocking, until the
family says they read it; the vault's notice reaches the screen through OpenProfile."""

from __future__ import annotations

import shutil

from family_app.profiles import unlocking
from family_app.profiles.device import Device
from family_app.screens.context import ScreenContext
from family_app.screens.router import route
from family_app.vault import RolledBack
from family_app.vault.atomic import backup_path
from i18n import translator

from tests.helpers.data import FAMILY_SECRET
from tests.helpers.screens import FakePage, find

DUTCH = ("Dit plan is ouder dan de laatste versie die op dit apparaat is geopend. "
         "Wijzigingen van daarna ontbreken.")


def home(device, opened):
    ctx = ScreenContext(page=FakePage(), device=device, tr=translator("nl"), router=route,
                        opened=opened)
    return route(ctx, "home")


def test_an_older_file_is_said_once_on_the_home_screen(de_vries_device_template, tmp_path):
    shutil.copytree(de_vries_device_template, tmp_path / "device")
    device = Device(tmp_path / "device")
    profile = device.profile("family")
    path = device.store.vault_path(profile)
    aside = tmp_path / "aside"
    aside.mkdir()
    for file in (path, backup_path(path)):
        shutil.copy2(file, aside / file.name)

    opened = unlocking.unlock(device, profile, FAMILY_SECRET)
    assert opened.rollback_notice() is None
    assert find(home(device, opened), "rollback-banner") is None
    opened.put_setting("language", "nl")      # two saves this device has seen
    opened.put_setting("language", "en")
    opened.lock()
    for file in aside.iterdir():              # someone puts the older files back
        shutil.copy2(file, path.parent / file.name)

    opened = unlocking.unlock(device, profile, FAMILY_SECRET)
    notice = opened.rollback_notice()
    assert isinstance(notice, RolledBack) and notice is opened.vault.rollback
    view = home(device, opened)
    assert find(view, "rollback-notice").value == DUTCH
    assert find(home(device, opened), "rollback-banner") is not None   # still there on return
    banner = find(view, "rollback-banner")
    find(view, "rollback-seen").on_click()    # "Ik begrijp het"
    assert banner.visible is False
    assert opened.rollback_notice() is None
    assert find(home(device, opened), "rollback-banner") is None
    opened.put_setting("language", "nl")      # the family carries on from the older plan
    opened.lock()

    # That save counted on above the newest seen, so the next unlock has nothing to say.
    again = unlocking.unlock(device, profile, FAMILY_SECRET)
    assert again.rollback_notice() is None
    again.lock()
