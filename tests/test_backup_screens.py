"""The backup's words on the family's home, built without a browser: one quiet line with
the day of the last backup, a gentle question after 30 days without one."""

from __future__ import annotations

import datetime as dt

import flet as ft

from family_app.backup import backup_file, making
from family_app.clock import fixed
from family_app.profiles.device import Device
from family_app.profiles.onboarding import FAMILY_LABEL, create_with_tables, household_from_form
from family_app.screens.context import ScreenContext
from family_app.screens.router import route
from i18n import translator

from tests.helpers.screens import FakePage, find, run_alone


def _line(de_vries, moment: dt.datetime) -> str:
    de_vries.now = fixed(moment)
    ctx = ScreenContext(page=FakePage(), device=de_vries, tr=translator("en"), router=route,
                        opened=de_vries)
    home = route(ctx, "home")
    tile = find(home, "backup-reminder")
    tile.on_click()
    assert ctx.page.views[-1].route == "/backup_save"    # a tap opens "Save a backup"
    return tile.title.value


def test_home_says_when_the_last_backup_was_made_and_asks_gently_after_30_days(de_vries):
    started = dt.datetime.fromisoformat(de_vries.profile.created)
    assert _line(de_vries, started + dt.timedelta(days=2)) == "No backup made yet"
    assert _line(de_vries, started + dt.timedelta(days=31)) == \
        "Your plan has no backup yet. Save one now?"
    made = started + dt.timedelta(days=40)
    making.make_backup(de_vries, now=made)
    day = made.astimezone().date()
    assert _line(de_vries, made + dt.timedelta(days=29)) == \
        f"Last backup: {translator('en').format_date(day)}"
    assert _line(de_vries, made + dt.timedelta(days=30)) == \
        f"Your last backup is from {translator('en').format_date(day)}. Time for a new one?"


def test_a_young_person_saves_a_backup_of_their_own_plan_from_their_home(daan):
    ctx = ScreenContext(page=FakePage(), device=daan.opened, tr=translator("en"), router=route,
                        opened=daan.opened)
    find(route(ctx, "home"), "save-backup").on_click()
    saving = ctx.page.views[-1]
    assert saving.route == "/backup_save"
    find(saving.appbar.leading, "back").on_click()
    assert ctx.page.views[-1].route == "/youth_home"     # back to their own home


def _saving(opened, monkeypatch, tick: bool | None) -> tuple[ft.View, bytes | None]:
    """The backup screen, and the file it hands to the browser after "Save a backup" with
    the passphrase box ticked or not (``tick``; None: the screen only, nothing saved)."""
    saved: dict[str, bytes] = {}

    async def save_file(self, file_name=None, src_bytes=None, **_):
        saved["file"] = src_bytes
    monkeypatch.setattr(ft.FilePicker, "save_file", save_file)
    ctx = ScreenContext(page=FakePage(), device=opened, tr=translator("en"), router=route,
                        opened=opened)
    view = route(ctx, "backup_save")
    box = find(view, "also-passphrase")
    if box is not None and tick is not None:
        box.value = tick
    if tick is not None:
        run_alone(find(view, "save-backup").on_click())
    return view, saved.get("file")


def test_the_backup_screen_offers_the_passphrase_and_never_a_pin(de_vries, tmp_path, monkeypatch):
    view, blob = _saving(de_vries, monkeypatch, tick=True)
    assert find(view, "no-pin-for-backup") is None
    assert backup_file.read_header(blob)[0].passphrase is not None     # ticked: two slots
    _, blob = _saving(de_vries, monkeypatch, tick=False)
    assert backup_file.read_header(blob)[0].passphrase is None          # not ticked: one

    with_pin, _ = create_with_tables(Device(tmp_path), "family", FAMILY_LABEL, "492751",
                                     {"household": [household_from_form("Gezin Bakker").to_dict()]},
                                     "en")
    try:
        view, _ = _saving(with_pin, monkeypatch, tick=None)
        assert find(view, "also-passphrase") is None
        assert find(view, "no-pin-for-backup").value == \
            "A PIN is too short to protect a file; use the recovery code."
    finally:
        with_pin.lock()
