"""A family and its begeleider through the family's shared folder (relay/begeleider_*.py,
relay/to_begeleider.py), against the real WsgiDAV server of tests/helpers/webdav.py.

The De Vries phone (joined with a laptop, both connected, as in test_relay.py) is paired
with Fatima's begeleider workspace. A share goes into the folder with the same bytes a file
share holds; Fatima's "Check for new" opens it through the viewer, exactly as a scanned
code; her returns come back with the family's "Sync now".
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from family_app.relay import begeleider_area, begeleider_relay, mailbox, relay_sync, to_begeleider
from family_app.relay.errors import RelayFull, RelayPasswordWrong, RelayUnreachable
from family_app.closure.closure_report import CLOSURE_FORMAT
from family_app.report import closure_inbox
from family_app.sharing import returns, sharing, viewer
from sync.bundle import seal
from sync.identity import Identity
from sync.share_payload import Scope
from tests.helpers.webdav import serving
from tests.test_relay import _pair, note


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serving(tmp_path_factory.mktemp("dav"))


@pytest.fixture(scope="module")
def joined(de_vries_device_template, tmp_path_factory):
    from tests.helpers.household import joined_devices
    return joined_devices(de_vries_device_template, tmp_path_factory.mktemp("joined"))


@pytest.fixture
def family(joined, server, tmp_path, begeleider):
    yield from paired_family(joined, server, tmp_path, begeleider)


def paired_family(joined, server, tmp_path, begeleider):
    """A fixture's body: (the joined pair, Fatima unlocked on the pair's clock, Fatima as
    the phone's professional), on an empty folder."""
    for path in server.folder.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    server.fault = None
    pair = _pair(joined, server, tmp_path)
    pair.time.book(begeleider)  # her app reads the same clock
    me = begeleider.workspace()
    code = seal("identity", {}, begeleider.identity(me.name, me.organisation),
                now=pair.time.utc(), expires=pair.time.utc() + dt.timedelta(days=365))
    fatima = sharing.pair(pair.phone, sharing.read_identity(code, now=pair.time.utc())).professional
    yield pair, begeleider, fatima
    pair.phone.opened.lock()
    pair.laptop.opened.lock()


def share(pair, to):
    pair.time.tick()
    result = sharing.share(pair.phone, Scope.preset("current"), to=to, now=pair.time.utc())
    to_begeleider.put_share(pair.phone, result, to, now=pair.time.utc())
    return result


def connect(begeleider, server) -> str:
    return begeleider_relay.connect(begeleider, server.url, server.user, server.password).id


def area_files(server) -> list[str]:
    return [f for f in server.files() if f.startswith(begeleider_area.AREA + "/")]


def check(begeleider, folder_id, pair):
    pair.time.tick()
    return begeleider_relay.check_for_new(begeleider, folder_id, now=pair.time.utc())


def test_a_share_through_the_folder_is_what_a_file_share_holds(family, server):
    pair, begeleider, fatima = family
    result = share(pair, fatima)
    [path] = area_files(server)
    assert (server.folder / path).read_bytes() == result.bundle  # the same bytes, sealed
    assert "Daan" not in path and "Vries" not in path  # names carry no plan content
    # The consent log has its line, as for codes or a file.
    assert [s.bundle_id for s in pair.phone.plan().shares] == [result.record.bundle_id]

    folder_id = connect(begeleider, server)
    found = check(begeleider, folder_id, pair)
    household = pair.phone.plan().household
    assert found.newest.household_id == household.id and found.newest.status == "new"
    assert viewer.received(begeleider, household.id).bundle_id == result.record.bundle_id
    assert begeleider_relay.folder_of(begeleider, folder_id).household_id == household.id
    assert check(begeleider, folder_id, pair).newest is None  # read once, never again

    # A newer share takes the place of the one before in the folder.
    share(pair, fatima)
    [newer] = area_files(server)
    assert newer != path
    assert check(begeleider, folder_id, pair).newest.status == "new"

    # The household's syncs pass the area by.
    for book in (pair.phone, pair.laptop):
        pair.time.tick()
        assert relay_sync.sync_now(book, now=pair.time.utc()).skipped == 0


def test_a_file_for_someone_else_is_passed_by(family, server):
    pair, begeleider, _ = family
    piet = Identity.generate("Piet Jansen", "Jeugdzorg Gelderland").public()
    other = sharing.pair(pair.phone, piet).professional
    share(pair, other)
    folder_id = connect(begeleider, server)
    found = check(begeleider, folder_id, pair)
    assert found.newest is None and found.problems == [] and found.other_device == []
    assert viewer.received_shares(begeleider) == []


def test_an_older_or_withdrawn_share_behaves_as_with_codes(family, server):
    pair, begeleider, fatima = family
    first = share(pair, fatima)
    folder_id = connect(begeleider, server)
    check(begeleider, folder_id, pair)
    note(pair.phone, "Nieuwer plan")
    second = share(pair, fatima)
    assert check(begeleider, folder_id, pair).newest.status == "new"

    # Someone puts the first share back under a new name: shown as older, the newer kept.
    node = next(p for p in area_files(server)).split("/")[1]
    replay = server.folder / begeleider_area.AREA / node
    (replay / mailbox.bundle_name(900, "01dc0de1")).write_bytes(first.bundle)
    found = check(begeleider, folder_id, pair)
    assert found.newest.status == "older"
    assert viewer.received(begeleider, found.newest.household_id).bundle_id == second.record.bundle_id

    # The family withdraws the second; its next share names it, and the viewer purges it.
    sharing.revoke(pair.phone, second.record.id, now=pair.time.utc())
    share(pair, fatima)
    check(begeleider, folder_id, pair)
    (replay / mailbox.bundle_name(950, "01dc0de2")).write_bytes(second.bundle)
    found = check(begeleider, folder_id, pair)
    assert found.newest is None
    assert [type(p) for p in found.problems] == [viewer.ShareRevoked]


def test_returns_come_back_with_sync_now(family, server):
    pair, begeleider, fatima = family
    share(pair, fatima)
    folder_id = connect(begeleider, server)
    received = check(begeleider, folder_id, pair).newest
    returns.add_item(begeleider, received.household_id, "log", text="Huisbezoek ging goed")
    begeleider_relay.send_return(begeleider, folder_id, received, now=pair.time.utc())
    assert returns.drafts(begeleider, received.household_id) == []

    pair.time.tick()
    laptop = relay_sync.sync_now(pair.laptop, now=pair.time.utc())  # sealed to the phone
    assert laptop.returns == 0 and laptop.skipped == 0
    pair.time.tick()
    got = relay_sync.sync_now(pair.phone, now=pair.time.utc())
    assert got.returns == 1
    assert [i["text"] for i in returns.inbox(pair.phone)] == ["Huisbezoek ging goed"]
    pair.time.tick()
    assert relay_sync.sync_now(pair.phone, now=pair.time.utc()).returns == 0  # read once

    # Her return is removed from the folder once nobody can open it any more.
    later = pair.time.utc() + dt.timedelta(days=31)
    begeleider_relay.check_for_new(begeleider, folder_id, now=later)
    mine = begeleider_relay.folder_of(begeleider, folder_id).mailbox
    assert not [f for f in area_files(server) if f.split("/")[1] == mine]


def test_a_failing_server_gives_the_same_message_and_keeps_the_notes(family, server):
    pair, begeleider, fatima = family
    share(pair, fatima)
    folder_id = connect(begeleider, server)
    received = check(begeleider, folder_id, pair).newest
    returns.add_item(begeleider, received.household_id, "log", text="Bewaard")

    server.fault = "full"
    with pytest.raises(RelayFull):
        begeleider_relay.send_return(begeleider, folder_id, received, now=pair.time.utc())
    assert [d["text"] for d in returns.drafts(begeleider, received.household_id)] == ["Bewaard"]
    with pytest.raises(RelayFull):
        share(pair, fatima)

    server.fault = "password"
    with pytest.raises(RelayPasswordWrong):
        check(begeleider, folder_id, pair)
    server.fault = None
    linked = begeleider_relay.connect(begeleider, server.url, server.user, server.password,
                                      folder_id=folder_id)
    assert linked.id == folder_id and len(begeleider_relay.folders(begeleider)) == 1

    server.stop()
    try:
        with pytest.raises(RelayUnreachable):
            check(begeleider, folder_id, pair)
    finally:
        server.start()
    # Back: everything goes on from where it was.
    share(pair, fatima)
    assert check(begeleider, folder_id, pair).newest.status == "new"
    begeleider_relay.send_return(begeleider, folder_id, received, now=pair.time.utc())
    pair.time.tick()
    assert relay_sync.sync_now(pair.phone, now=pair.time.utc()).returns == 1
    assert "Bewaard" in {i["text"] for i in returns.inbox(pair.phone)}


def test_a_closure_report_in_the_folder_goes_where_a_scanned_one_goes(family, server):
    pair, begeleider, _ = family
    folder_id = connect(begeleider, server)
    now = pair.time.utc()
    report = {"format": CLOSURE_FORMAT, "respondent": "parent", "plan_id": "p1",
              "household_id": "h1", "closure_id": "c1", "closed_on": "2026-03-01",
              "ending": "01", "can_carry_on": True, "referred_onward": False,
              "satisfaction": {"help_overall": 4}, "goals": [{"result": "reached"}],
              "trajectory": {}, "with_names": False}
    data = seal("closure", report, Identity.generate("", ""), to=viewer._me(begeleider).public(),
                now=now, expires=now + dt.timedelta(days=9))
    sender = server.folder / begeleider_area.AREA / "0123abcd"
    sender.mkdir(parents=True)
    (sender / mailbox.bundle_name(1, "00c105ed")).write_bytes(data)
    found = check(begeleider, folder_id, pair)
    assert found.closures == 1 and found.newest is None
    assert len(begeleider.vault.records(closure_inbox.RECEIVED_TABLE).all()) == 1


def test_a_revoked_share_leaves_the_folder_and_her_app_purges_it(family, server):
    pair, begeleider, fatima = family
    result = share(pair, fatima)
    folder_id = connect(begeleider, server)
    household_id = check(begeleider, folder_id, pair).newest.household_id
    sharing.revoke(pair.phone, result.record.id, now=pair.time.utc())
    pair.time.tick()
    relay_sync.sync_now(pair.phone, now=pair.time.utc())
    [path] = area_files(server)
    assert (server.folder / path).read_bytes() != result.bundle  # the share is out
    found = check(begeleider, folder_id, pair)
    assert [type(p) for p in found.problems] == [viewer.ShareRevoked] and found.newest is None
    assert viewer.received(begeleider, household_id) is None
    pair.time.tick()
    relay_sync.sync_now(pair.phone, now=pair.time.utc())  # once: nothing more to take out
    assert area_files(server) == [path]
