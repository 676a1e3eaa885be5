"""The relay's screens without a browser (the e2e journeys in tests/e2e/test_relay*.py show
them in Chromium): the sync on opening the app, behind home; the share screen's way into
the folder; the begeleider's folder screen and her home's cards."""

from __future__ import annotations

import shutil

import pytest

from family_app.closure import closure
from family_app.relay import begeleider_relay, mailbox, relay_sync
from family_app.screens.context import ScreenContext
from family_app.screens.router import route
from i18n import translator
from tests.helpers.screens import FakePage, find, run_alone
from tests.helpers.webdav import serving
from tests.helpers.household import FakeTime
from tests.test_closure import answers
from tests.test_home_screen import texts
from tests.test_relay import _pair, note, notes
from tests.test_relay_begeleider import _pair_with, area_files, check, connect, paired_family


class TaskPage(FakePage):
    """A page that keeps the background tasks a screen starts, for the test to run."""

    def __init__(self):
        super().__init__()
        self.tasks = []

    def run_task(self, handler, *args, **kwargs):
        self.tasks.append(handler)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serving(tmp_path_factory.mktemp("dav"))


@pytest.fixture(scope="module")
def joined(de_vries_device_template, tmp_path_factory):
    from tests.helpers.household import joined_devices
    return joined_devices(de_vries_device_template, tmp_path_factory.mktemp("joined"))


@pytest.fixture
def pair(joined, server, tmp_path):
    for path in server.folder.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    server.fault = None
    made = _pair(joined, server, tmp_path)
    yield made
    made.phone.opened.lock()
    made.laptop.opened.lock()


@pytest.fixture
def family(joined, server, tmp_path, begeleider):
    yield from paired_family(joined, server, tmp_path, begeleider)


def unlocked_home(opened, lang: str = "en") -> ScreenContext:
    """The laptop's tab as the lock screen leaves it: the flag set, home shown."""
    ctx = ScreenContext(page=TaskPage(), device=None, tr=translator(lang), router=route,
                        opened=opened, draft={"sync_on_open": True})
    ctx.go("home")
    return ctx


def test_opening_the_app_syncs_once_behind_home(pair):
    note(pair.phone, "Van de telefoon")
    pair.time.tick()
    from family_app.relay import relay_sync
    relay_sync.sync_now(pair.phone)
    ctx = unlocked_home(pair.laptop.opened)
    first = ctx.page.views[-1]
    [task] = ctx.page.tasks  # home is shown first; the sync waits behind it
    assert "Van de telefoon" not in notes(pair.laptop)
    run_alone(task())
    assert "Van de telefoon" in notes(pair.laptop)
    assert ctx.page.views[-1] is not first  # home built again, with what came in
    ctx.go("home")  # only once: going home again syncs nothing more
    assert len(ctx.page.tasks) == 1


def test_a_failed_sync_on_opening_says_so_quietly_and_loses_nothing(pair, server):
    note(pair.laptop, "Blijft hier")
    server.fault = "password"
    ctx = unlocked_home(pair.laptop.opened, "nl")
    home = ctx.page.views[-1]
    run_alone(ctx.page.tasks[0]())
    assert ctx.page.views[-1] is home  # still the same home, not taken away
    said = find(home, "home-sync-message")
    assert "wachtwoord" in said.value and find(home, "sync-now") is not None
    assert "Blijft hier" in notes(pair.laptop)
    server.fault = None


def test_without_a_folder_opening_the_app_syncs_nothing(de_vries):
    ctx = unlocked_home(de_vries)
    assert ctx.page.tasks == [] and find(ctx.page.views[-1], "sync-now") is None


def test_the_share_screen_puts_a_share_in_the_folder(family, server):
    pair, _, fatima = family
    ctx = ScreenContext(page=TaskPage(), device=None, tr=translator("en"), router=route,
                        opened=pair.phone.opened)
    view = route(ctx, "share")
    run_alone(find(view, "put-in-folder").on_click())
    assert len(area_files(server)) == 1
    assert fatima.name in find(view, "message").value
    assert len(pair.phone.plan().shares) == 1  # its line in the consent log
    # The laptop has a folder but no begeleider paired: nothing to put there.
    ctx.opened = pair.laptop.opened
    assert find(route(ctx, "share"), "put-in-folder") is None


def test_the_begeleiders_folder_screen_and_her_home(begeleider, server):
    for path in server.folder.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    ctx = ScreenContext(page=TaskPage(), device=None, tr=translator("ar"), router=route,
                        opened=begeleider)
    form = route(ctx, "family_folder")
    assert find(form, "folder-connect") is not None and find(form, "folder-check") is None
    home = route(ctx, "home")
    assert find(home, "connect-folder") is not None
    folder_id = connect(begeleider, server)
    home = route(ctx, "home")
    card = find(home, f"folder-{folder_id}")
    card.on_click()
    assert ctx.page.views[-1].route == "/family_folder" and len(ctx.page.tasks) == 1
    run_alone(ctx.page.tasks[0]())  # nothing there yet: said so, on the same screen
    assert find(ctx.page.views[-1], "folder-message").value
    begeleider_relay.disconnect(begeleider, folder_id)
    assert find(route(ctx, "home"), f"folder-{folder_id}") is None


def test_a_family_with_one_phone_finds_the_folder_from_the_share_screen(de_vries, begeleider,
                                                                         server):
    for path in server.folder.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    time = FakeTime()
    _pair_with(time.book(de_vries), begeleider, time)
    ctx = ScreenContext(page=TaskPage(), device=None, tr=translator("en"), router=route,
                        opened=de_vries)
    share = route(ctx, "share")
    assert find(share, "put-in-folder") is None
    find(share, "use-folder").on_click()  # a quiet link: no folder connected yet
    form = ctx.page.views[-1]
    assert form.route == "/relay" and find(form, "relay-connect") is not None
    find(form, "relay-url").value = server.url
    find(form, "relay-user").value = server.user
    find(form, "relay-password").value = server.password
    run_alone(find(form, "relay-connect").on_click())
    connected = ctx.page.views[-1]
    assert find(connected, "relay-connected") is not None and len(ctx.page.tasks) == 1
    run_alone(ctx.page.tasks[0]())  # the first sync: only the begeleider's part
    assert find(connected, "relay-message").value == "Up to date: nothing new in the shared folder."
    assert mailbox.own_name(de_vries) is not None
    find(connected.appbar.leading, "back").on_click()  # back where the family came from
    share = ctx.page.views[-1]
    assert share.route == "/share" and find(share, "put-in-folder") is not None
    assert find(share, "use-folder") is None


def test_the_closure_report_goes_into_the_folder_from_the_afronding(family, server):
    pair, fatima_opened, _ = family
    closed = closure.close_plan(pair.phone, answers(pair.phone), today=pair.time.utc().date())
    ctx = ScreenContext(page=TaskPage(), device=None, tr=translator("en"), router=route,
                        opened=pair.phone.opened, draft={"closed": closed})
    view = route(ctx, "closure_done")
    run_alone(find(view, "report-in-folder").on_click())
    assert "Check for new" in find(view, "report-message").value
    assert len(area_files(server)) == 1
    assert check(fatima_opened, connect(fatima_opened, server), pair).closures == 1
    # Without a folder: codes or a file only, as before.
    relay_sync.connection.store(pair.phone.opened, None)
    assert find(route(ctx, "closure_done"), "report-in-folder") is None


def test_the_result_line_of_a_family_with_one_device_speaks_of_the_folder(de_vries):
    from family_app.screens.household.relay import result_line
    ctx = ScreenContext(page=TaskPage(), device=None, tr=translator("en"), router=route,
                        opened=de_vries)
    alone = relay_sync.RelayResult(0, 0, 0, 0, None, household=False)
    assert result_line(ctx, alone) == "Up to date: nothing new in the shared folder."
    # Notes came in: said alone, never beside "nothing new".
    assert result_line(ctx, relay_sync.RelayResult(0, 0, 0, 0, None, returns=1, household=False)
                       ) == "1 note from your begeleider is waiting for you."
    assert "other devices" in result_line(ctx, relay_sync.RelayResult(0, 0, 0, 0, None))


def test_our_devices_shows_the_folder_to_a_family_with_one_phone_too(de_vries):
    """One phone, no household: the shared folder is still there, for the begeleider."""
    ctx = ScreenContext(page=TaskPage(), device=None, tr=translator("en"), router=route,
                        opened=de_vries)
    card = find(route(ctx, "devices"), "relay")
    assert card is not None and "Share with your begeleider without a visit" in texts(card)
    card.on_click()
    assert ctx.page.views[-1].route == "/relay"
