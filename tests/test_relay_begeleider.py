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

from family_app.closure import closure, closure_report
from family_app.household import replica_store
from family_app.relay import (begeleider_area, begeleider_relay, mailbox, relay_setup, relay_sync,
                              to_begeleider)
from family_app.relay.errors import RelayFull, RelayPasswordWrong, RelayUnreachable
from family_app.closure.closure_report import CLOSURE_FORMAT
from family_app.report import closure_inbox
from family_app.sharing import returns, sharing, viewer
from sync.bundle import seal
from sync.errors import SyncError
from sync.identity import Identity
from sync.share_payload import Scope
from tests.helpers.webdav import serving
from tests.helpers.household import FakeTime, join, make_empty_family, open_family
from tests.test_closure import answers
from tests.test_relay import _pair, held_while_downloading, note


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


def _pair_with(book, begeleider, time):
    """`book`'s family pairs with Fatima (her code, scanned); returns her as its professional."""
    me = begeleider.workspace()
    code = seal("identity", {}, begeleider.identity(me.name, me.organisation),
                now=time.utc(), expires=time.utc() + dt.timedelta(days=365))
    return sharing.pair(book, sharing.read_identity(code, now=time.utc())).professional


def paired_family(joined, server, tmp_path, begeleider):
    """A fixture's body: (the joined pair, Fatima unlocked on the pair's clock, Fatima as
    the phone's professional), on an empty folder."""
    for path in server.folder.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    server.fault = None
    pair = _pair(joined, server, tmp_path)
    pair.time.book(begeleider)  # her app reads the same clock
    fatima = _pair_with(pair.phone, begeleider, pair.time)
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


def test_a_file_larger_than_any_bundle_is_refused_unread(family, server, monkeypatch):
    from family_app.relay import webdav_folder
    pair, begeleider, fatima = family
    result = share(pair, fatima)
    [path] = area_files(server)
    (server.folder / path).with_name(mailbox.bundle_name(900, "0b160b16")).write_bytes(
        bytes(len(result.bundle) * 4))
    monkeypatch.setattr(webdav_folder, "MAX_FILE", len(result.bundle) * 2)
    folder_id = connect(begeleider, server)
    held = held_while_downloading(monkeypatch)
    found = check(begeleider, folder_id, pair)
    assert found.newest is not None  # the real share still opens
    assert len(found.problems) == 1 and isinstance(found.problems[0], SyncError)
    assert max(held) <= len(result.bundle) * 2  # the large one was not read whole


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


def _empty(server) -> None:
    for path in server.folder.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    server.fault = None


def test_a_family_with_one_phone_uses_the_folder_for_its_begeleider(de_vries, begeleider, server):
    _empty(server)
    time = FakeTime()
    phone = time.book(de_vries)
    time.book(begeleider)
    fatima = _pair_with(phone, begeleider, time)
    assert replica_store.node_id(de_vries) is None  # no household
    relay_setup.connect(phone, server.url, server.user, server.password)
    me = mailbox.own_name(de_vries)
    assert mailbox.is_node(me) and to_begeleider.can_put(phone)

    # A share goes in under the phone's own random id; no device subfolder is made.
    time.tick()
    result = sharing.share(phone, Scope.preset("current"), to=fatima, now=time.utc())
    to_begeleider.put_share(phone, result, fatima, now=time.utc())
    assert [p.split("/")[:2] for p in server.files()] == [[begeleider_area.AREA, me]]
    folder_id = connect(begeleider, server)
    time.tick()
    found = begeleider_relay.check_for_new(begeleider, folder_id, now=time.utc())
    assert found.newest.bundle_id == result.record.bundle_id

    # Her notes come back with "Sync now", which does only the begeleider's part.
    returns.add_item(begeleider, found.newest.household_id, "log", text="Via de map")
    begeleider_relay.send_return(begeleider, folder_id, found.newest, now=time.utc())
    time.tick()
    got = relay_sync.sync_now(phone, now=time.utc())
    assert (got.returns, got.household, got.sent, got.received) == (1, False, 0, 0)
    assert [i["text"] for i in returns.inbox(phone)] == ["Via de map"]

    # A withdrawn share leaves the folder at the next sync, as in a household.
    sharing.revoke(phone, result.record.id, now=time.utc())
    time.tick()
    relay_sync.sync_now(phone, now=time.utc())
    time.tick()
    found = begeleider_relay.check_for_new(begeleider, folder_id, now=time.utc())
    assert [type(p) for p in found.problems] == [viewer.ShareRevoked]
    assert mailbox.own_name(de_vries) == me  # the same id, kept in the vault


def test_a_phone_that_joins_a_household_later_goes_on_under_its_node_id(
        de_vries, begeleider, server, tmp_path):
    _empty(server)
    time = FakeTime()
    phone = time.book(de_vries)
    fatima = _pair_with(phone, begeleider, time)
    relay_setup.connect(phone, server.url, server.user, server.password)
    first_id = mailbox.own_name(de_vries)
    to_begeleider.put_share(phone, sharing.share(phone, Scope.preset("current"), to=fatima,
                                                 now=time.utc()), fatima, now=time.utc())
    make_empty_family(tmp_path / "laptop")
    laptop = open_family(tmp_path / "laptop")
    try:
        join(phone, time.book(laptop), time)  # a laptop joins: the phone has a node id now
        node = replica_store.node_id(de_vries)
        assert mailbox.own_name(de_vries) == node != first_id
        time.tick()
        to_begeleider.put_share(phone, sharing.share(phone, Scope.preset("current"), to=fatima,
                                                     now=time.utc()), fatima, now=time.utc())
        # The newer share took the place of the one under the earlier id.
        assert [p.split("/")[1] for p in area_files(server)] == [node]
    finally:
        laptop.lock()


def test_a_closure_report_goes_into_the_folder_and_the_begeleider_finds_it(family, server):
    pair, begeleider, fatima = family
    shared = share(pair, fatima)
    pair.time.tick()
    closed = closure.close_plan(pair.phone, answers(pair.phone), today=pair.time.utc().date())
    bundle = closure_report.send_closure(pair.phone, closed, to=fatima, with_names=False,
                                         now=pair.time.utc())
    record = pair.phone.plan().shares[-1]
    to_begeleider.put_closure(pair.phone, bundle, record, fatima, now=pair.time.utc())
    files = area_files(server)
    assert len(files) == 2  # beside the share, not in its place
    assert bundle in [(server.folder / f).read_bytes() for f in files]
    folder_id = connect(begeleider, server)
    found = check(begeleider, folder_id, pair)
    assert found.closures == 1 and found.newest.bundle_id == shared.record.bundle_id
    assert len(begeleider.vault.records(closure_inbox.RECEIVED_TABLE).all()) == 1
    # A later share takes only the earlier share's place; the report stays for her.
    share(pair, fatima)
    assert bundle in [(server.folder / f).read_bytes() for f in area_files(server)]
