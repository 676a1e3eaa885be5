"""One clock and one source of randomness, injected at the Device (family_app/clock.py):
the same clock and seed give the same bundles, and the screens' "today" is that clock's."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time as system_time

import pytest

from family_app import clock
from family_app.closure import closure, closure_report
from family_app.sharing import sharing
from family_app.profiles.device import Device
from family_app.plan.plan_book import HISTORY_TABLE, Change, PlanBook
from family_app.screens.context import ScreenContext
from family_app.screens.router import route
from family_app.profiles.unlocking import unlock
from i18n import translator
from sync.bundle import open_bundle
from sync.identity import Identity
from sync.randomness import seeded
from sync.share_payload import Scope

from tests.helpers.data import FAMILY_SECRET
from tests.helpers.household import FakeTime
from tests.helpers.screens import FakePage, find

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)
FATIMA = Identity.generate("Fatima El Amrani", "Wijkteam Apeldoorn-Zuid", rng=seeded("fatima"))
# POSIX rule for Amsterdam: needs no tz database.
AMSTERDAM = "CET-1CEST,M3.5.0,M10.5.0/3"


@pytest.fixture
def in_amsterdam():
    before = os.environ.get("TZ")
    os.environ["TZ"] = AMSTERDAM
    system_time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    system_time.tzset()


def test_the_familys_day_is_the_local_date_of_the_clock(in_amsterdam):
    late_evening_utc = clock.fixed(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.timezone.utc))
    assert clock.today(late_evening_utc) == dt.date(2026, 3, 2)  # 00:30 in Amsterdam
    assert late_evening_utc() == dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.timezone.utc)
    with pytest.raises(ValueError):
        clock.fixed(dt.datetime(2026, 3, 2, 9, 30))


def test_the_history_still_stores_local_wall_time(de_vries, in_amsterdam):
    de_vries.now = clock.fixed(NOW)
    book = PlanBook(de_vries)
    goal = book.plan().goals[0]
    book.save("goals", goal)
    stored = de_vries.vault.table(HISTORY_TABLE).all()[-1]
    assert stored["at"] == "2026-03-02T10:30:00"  # no zone, as every existing vault has
    assert Change.from_dict(dict(stored)).at == dt.datetime(2026, 3, 2, 10, 30)


@pytest.fixture(scope="module")
def closed_family(de_vries_device_template, tmp_path_factory):
    """The De Vries device, paired with Fatima and closed, made once: both runs start from
    the same vault (record ids are uuid4, not from the injected rng)."""
    folder = tmp_path_factory.mktemp("clock") / "device"
    shutil.copytree(de_vries_device_template, folder)
    device = Device(folder, now=clock.fixed(NOW), rng=seeded("setup"))
    opened = unlock(device, device.profile("family"), FAMILY_SECRET)
    try:
        book = PlanBook(opened)
        sharing.pair(book, FATIMA.public())
        goals = book.plan().goals
        made = closure.close_plan(book, closure.ClosureAnswers(
            goal_results={goals[0].id: "reached"}, ending="01", can_carry_on=True,
            satisfaction={"help_overall": 9}))
        assert made.closed_on == clock.today(device.now)
    finally:
        opened.lock()
    return folder


def bundles_of_one_run(template, folder) -> list[bytes]:
    shutil.copytree(template, folder)
    device = Device(folder, now=clock.fixed(NOW), rng=seeded("one run"))
    opened = unlock(device, device.profile("family"), FAMILY_SECRET)
    try:
        book = PlanBook(opened)
        fatima = sharing.paired(book.plan())[0]
        to_fatima = sharing.share(book, Scope.preset("goals"), to=fatima)
        in_person = sharing.share(book, Scope.preset("goals"))  # passcode and salt: the rng's
        report = closure_report.send_closure(book, closure.latest_closure(book.plan()),
                                             to=fatima, with_names=False)
        assert to_fatima.record.created == NOW.date()
        return [to_fatima.bundle, in_person.bundle, in_person.passcode.encode(), report]
    finally:
        opened.lock()


def test_a_fixed_clock_and_seed_make_the_same_share_and_closure_report(closed_family, tmp_path):
    first = bundles_of_one_run(closed_family, tmp_path / "first")
    second = bundles_of_one_run(closed_family, tmp_path / "second")
    assert first == second
    for data in (first[0], first[3]):
        opened = open_bundle(data, me=FATIMA, now=NOW)
        assert opened.created == NOW


def test_the_home_screen_shows_the_days_of_the_injected_clock(de_vries_device_template, tmp_path):
    shutil.copytree(de_vries_device_template, tmp_path / "device")
    time = FakeTime()
    device = Device(tmp_path / "device", now=time.utc)
    opened = unlock(device, device.profile("family"), FAMILY_SECRET)
    try:
        ctx = ScreenContext(page=FakePage(), device=device, tr=translator("en"), router=route,
                            opened=opened)
        talk = next(a for a in PlanBook(opened).plan().agreements
                    if a.what.startswith("Daan praat met tante Ayse"))

        def due_line(day: dt.date):
            # Noon, local: the same day wherever the test runs.
            time.moment = dt.datetime.combine(day, dt.time(12)).astimezone(dt.timezone.utc)
            assert ctx.today() == day
            tile = find(route(ctx, "home"), f"due-{talk.id}")
            return tile.subtitle.value if tile is not None else None

        assert due_line(talk.due - dt.timedelta(days=10)) is None  # not due this week yet
        assert "Too late" not in due_line(talk.due - dt.timedelta(days=3))
        assert "Too late" in due_line(talk.due + dt.timedelta(days=1))
    finally:
        opened.lock()
