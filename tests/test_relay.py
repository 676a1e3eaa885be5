"""Household sync through a relay folder on a real WebDAV server (family_app/relay/).

Two joined devices (the De Vries phone and a laptop, tests/helpers/household.py) connect to
a WsgiDAV server on 127.0.0.1 (tests/helpers/webdav.py) and sync through it in any order:
they end with the same plan and no edit lost. The faults (server down, a stalled upload,
507, 401, a deleted file, two syncs at once, a replayed file) each leave a clear message,
lose nothing, and the next sync recovers.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from family_app.backup import making, restoring
from family_app.domain import LogEntry
from family_app.household import household, household_sync, replica_store
from family_app.profiles.device import Device
from family_app.profiles.onboarding import (FAMILY_LABEL, create_with_tables, household_from_form,
                                            member_from_form)
from family_app.relay import connection, mailbox, relay_setup, relay_sync
from family_app.relay.errors import (
    RelayAddressWrong, RelayFolderMissing, RelayFull, RelayPasswordWrong, RelayTimeout,
    RelayUnreachable,
)
from family_app.relay.webdav_folder import WebDavFolder
from i18n import Translator
from tests.helpers.data import FAMILY_SECRET, SECOND_DEVICE_SECRET
from tests.helpers.household import (
    FakeTime, Household, join, joined_devices, make_empty_family, open_family, open_pair,
)
from tests.helpers.webdav import serving


@pytest.fixture(scope="module")
def joined(de_vries_device_template, tmp_path_factory):
    return joined_devices(de_vries_device_template, tmp_path_factory.mktemp("joined"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the module; each test gets a fresh folder on it (`pair`)."""
    yield from serving(tmp_path_factory.mktemp("dav"))


def _pair(joined, server, here) -> Household:
    pair = open_pair(joined, here)
    for book in (pair.phone, pair.laptop):
        relay_setup.connect(book, server.url, server.user, server.password)
    return pair


@pytest.fixture
def pair(joined, server, tmp_path):
    for path in server.folder.iterdir():  # a fresh, empty relay folder
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    server.fault = None
    made = _pair(joined, server, tmp_path)
    yield made
    made.phone.opened.lock()
    made.laptop.opened.lock()


def sync(book, time, **kwargs):
    time.tick()
    return relay_sync.sync_now(book, now=time.utc(), **kwargs)


def note(book, text: str) -> None:
    book.save("log", LogEntry(date=book.opened.today(), kind="note", text=text))


def notes(book) -> set[str]:
    return {entry.text for entry in book.plan().log}


def bundles(server) -> list[str]:
    return [f for f in server.files() if mailbox.counter_of(f.rsplit("/", 1)[-1]) is not None]


def assert_same(pair: Household) -> None:
    assert pair.phone.plan() == pair.laptop.plan()


# --- the relay as it should work --------------------------------------------------------

def test_an_edit_travels_through_the_folder_and_the_folder_is_cleaned(pair, server):
    note(pair.phone, "Daan sliep goed")
    sent = sync(pair.phone, pair.time)
    assert sent.sent == 1 and len(bundles(server)) == 1
    got = sync(pair.laptop, pair.time)
    assert got.received == 1 and got.changed >= 1
    assert "Daan sliep goed" in notes(pair.laptop)
    assert_same(pair)
    sync(pair.phone, pair.time)  # reads the laptop's read-up-to: its bundle may go
    assert bundles(server) == []
    # Names say nothing of the plan: node ids, counters, random letters, the marker.
    for path in server.files():
        node, name = path.split("/")
        assert mailbox.is_node(node) and (mailbox.counter_of(name) is not None
                                          or name == mailbox.MARKER)
        assert "Daan" not in (server.folder / path).read_bytes().decode("latin-1")


def test_nothing_new_writes_nothing(pair, server):
    note(pair.laptop, "Eerste")
    for _ in range(3):
        sync(pair.laptop, pair.time)
        sync(pair.phone, pair.time)
    before = server.files()
    assert sync(pair.phone, pair.time).sent == 0
    assert sync(pair.laptop, pair.time).sent == 0
    assert server.files() == before


def test_without_a_relay_nothing_changes(pair, server):
    relay_setup.disconnect(pair.phone)
    note(pair.phone, "Alleen hier")
    assert relay_sync.sync_now(pair.phone) is None
    assert bundles(server) == []


def test_connecting_checks_the_address_and_the_password(pair, server, tmp_path):
    with pytest.raises(RelayAddressWrong):
        relay_setup.connect(pair.phone, "ftp://example.nl/x", "a", "b")
    with pytest.raises(RelayAddressWrong):  # a password never goes over plain http
        relay_setup.connect(pair.phone, "http://cloud.example.nl/dav/", "a", "b")
    with pytest.raises(RelayPasswordWrong):
        relay_setup.connect(pair.phone, server.url, server.user, "oud")
    with pytest.raises(RelayFolderMissing):
        relay_setup.connect(pair.phone, server.url + "bestaat-niet/", server.user, server.password)
    assert connection.stored(pair.phone.opened).password == server.password  # kept as it was
    # A device without a household connects too (for its begeleider), under an id of its
    # own; it makes no device subfolder, so the household's devices find nothing of it.
    make_empty_family(tmp_path / "alone")
    alone = open_family(tmp_path / "alone")
    before = server.files()
    relay_setup.connect(FakeTime().book(alone), server.url, server.user, server.password)
    assert mailbox.is_node(mailbox.own_name(alone)) and server.files() == before
    assert relay_sync.sync_now(FakeTime().book(alone)).household is False
    alone.lock()


def test_the_app_password_is_kept_only_inside_the_vault(pair, server, tmp_path):
    note(pair.phone, "Wachtwoord veilig")
    sync(pair.phone, pair.time)
    secret = server.password.encode()
    for path in tmp_path.rglob("*"):
        if path.is_file() and "dav" not in path.parts:
            assert secret not in path.read_bytes(), path
    assert connection.stored(pair.phone.opened).password == server.password


def test_a_damaged_or_made_up_file_is_passed_by(pair, server):
    note(pair.phone, "Echt")
    sync(pair.phone, pair.time)
    [path] = bundles(server)
    node = path.split("/")[0]
    real = (server.folder / path).read_bytes()
    damaged = real[:-40] + bytes(40)
    (server.folder / node / mailbox.bundle_name(900, "0badf00d")).write_bytes(damaged)
    (server.folder / node / mailbox.bundle_name(901, "0badf00e")).write_bytes(b"OP" + bytes(300))
    before = pair.laptop.plan()
    result = sync(pair.laptop, pair.time)
    assert result.skipped == 2 and result.received == 1
    assert "Echt" in notes(pair.laptop) and len(pair.laptop.plan().log) == len(before.log) + 1
    assert sync(pair.laptop, pair.time).skipped == 0  # read once, never again


def test_a_file_larger_than_any_bundle_is_not_read_whole(pair, server, monkeypatch):
    """What is in the folder is anyone's with the password: a file past the size a bundle
    can have is never read whole, and is passed by as a damaged one."""
    from family_app.relay import webdav_folder
    note(pair.phone, "Klein genoeg")
    sync(pair.phone, pair.time)
    [path] = bundles(server)
    size = (server.folder / path).stat().st_size
    node = path.split("/")[0]
    (server.folder / node / mailbox.bundle_name(900, "0b160b16")).write_bytes(bytes(size * 4))
    monkeypatch.setattr(webdav_folder, "MAX_FILE", size * 2)  # a real bundle fits, 4x does not
    held = held_while_downloading(monkeypatch)
    result = sync(pair.laptop, pair.time)
    assert result.skipped == 1 and result.received == 1 and "Klein genoeg" in notes(pair.laptop)
    assert max(held) <= size * 2  # the download stopped at the cap


def held_while_downloading(monkeypatch) -> list[int]:
    """How many bytes a download buffer held after each piece it took."""
    from family_app.relay import webdav_folder
    held, real_write = [], webdav_folder._Capped.write

    def write(buffer, data):
        written = real_write(buffer, data)
        held.append(buffer.tell())
        return written
    monkeypatch.setattr(webdav_folder._Capped, "write", write)
    return held


# --- two devices apart, in any order: the same plan, no edit lost ------------------------

STEPS = st.lists(st.tuples(st.sampled_from(["note", "edit goal", "sync"]), st.booleans(),
                           st.integers(0, 3)), min_size=1, max_size=10)


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_any_order_of_edits_and_syncs_converges(joined, server, tmp_path_factory, steps):
    for path in server.folder.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    pair = _pair(joined, server, tmp_path_factory.mktemp("run"))
    written = set()
    try:
        for n, (step, on_phone, k) in enumerate(steps):
            book = pair.phone if on_phone else pair.laptop
            if step == "note":
                written.add(f"Notitie {n}")
                note(book, f"Notitie {n}")
            elif step == "edit goal":
                goals = book.plan().goals
                book.save("goals", replace(goals[k % len(goals)], text=f"Doel {n}"))
                pair.time.tick()
            else:
                sync(book, pair.time)
        for _ in range(2):  # both sync, then both once more: everything has travelled
            sync(pair.phone, pair.time)
            sync(pair.laptop, pair.time)
        assert_same(pair)
        assert written <= notes(pair.phone)
    finally:
        pair.phone.opened.lock()
        pair.laptop.opened.lock()


def test_two_big_syncs_keep_every_record(pair, server):
    for round_ in range(2):
        for n in range(60):  # more than merged_plan._FEW: the plan is written whole
            note(pair.phone, f"Ronde {round_}, notitie {n}")
        sync(pair.phone, pair.time)
        sync(pair.laptop, pair.time)
        assert_same(pair)


# --- faults: a clear message, nothing lost, the next sync recovers -----------------------

def message(error) -> str:
    return Translator("nl").gettext(error.problem)


def test_server_down_then_back(pair, server):
    note(pair.phone, "Tijdens storing")
    server.stop()
    try:
        with pytest.raises(RelayUnreachable) as caught:
            sync(pair.phone, pair.time)
    finally:
        server.start()
    assert message(caught.value) != caught.value.problem  # translated
    assert "Tijdens storing" in notes(pair.phone)
    sync(pair.phone, pair.time)
    sync(pair.laptop, pair.time)
    assert "Tijdens storing" in notes(pair.laptop)


def test_a_stalled_upload_leaves_no_half_file_under_a_final_name(pair, server):
    note(pair.phone, "Half verstuurd")
    server.fault = "stall"
    linked = connection.stored(pair.phone.opened)
    try:
        with pytest.raises(RelayTimeout):
            sync(pair.phone, pair.time, folder=WebDavFolder(linked, timeout=1.5))
    finally:
        server.fault = None
        server.release.set()
    assert bundles(server) == []  # only the upload's own (hidden) name may hold a half file
    sync(pair.phone, pair.time)
    assert not [f for f in server.files() if mailbox.is_part(f.rsplit("/", 1)[-1])]
    sync(pair.laptop, pair.time)
    assert "Half verstuurd" in notes(pair.laptop)


def test_storage_full_then_room_again(pair, server):
    note(pair.phone, "Map vol")
    server.fault = "full"
    with pytest.raises(RelayFull):
        sync(pair.phone, pair.time)
    server.fault = None
    sync(pair.phone, pair.time)
    sync(pair.laptop, pair.time)
    assert "Map vol" in notes(pair.laptop)


def test_password_changed_then_connected_again(pair, server):
    note(pair.laptop, "Nieuw wachtwoord")
    server.fault = "password"
    with pytest.raises(RelayPasswordWrong) as caught:
        sync(pair.laptop, pair.time)
    assert "wachtwoord" in message(caught.value)
    server.fault = None
    relay_setup.connect(pair.laptop, server.url, server.user, server.password)
    sync(pair.laptop, pair.time)
    sync(pair.phone, pair.time)
    assert "Nieuw wachtwoord" in notes(pair.phone)


def test_the_whole_folder_deleted_by_someone(pair, server):
    note(pair.phone, "Map weg")
    sync(pair.phone, pair.time)
    for path in server.folder.iterdir():  # someone deleted everything in it
        shutil.rmtree(path)
    sync(pair.phone, pair.time)  # its subfolder is made again and the bundle written again
    sync(pair.laptop, pair.time)
    assert "Map weg" in notes(pair.laptop)


def test_a_bundle_deleted_by_someone_is_written_again(pair, server):
    note(pair.phone, "Weggegooid")
    sync(pair.phone, pair.time)
    [path] = bundles(server)
    (server.folder / path).unlink()  # someone tidied the folder in Nextcloud
    assert sync(pair.laptop, pair.time).received == 0
    assert sync(pair.phone, pair.time).sent == 1  # gone unread: sent again
    sync(pair.laptop, pair.time)
    assert "Weggegooid" in notes(pair.laptop)


def test_two_devices_syncing_at_the_same_moment(pair, server):
    note(pair.phone, "Tegelijk A")
    note(pair.laptop, "Tegelijk B")
    errors = []

    def run(book):
        try:
            relay_sync.sync_now(book, now=pair.time.utc())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(b,)) for b in (pair.phone, pair.laptop)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    for _ in range(2):
        sync(pair.phone, pair.time)
        sync(pair.laptop, pair.time)
    assert {"Tegelijk A", "Tegelijk B"} <= notes(pair.phone)
    assert_same(pair)


def test_a_replayed_old_file_changes_nothing(pair, server):
    note(pair.phone, "Oud")
    sync(pair.phone, pair.time)
    [path] = bundles(server)
    old = (server.folder / path).read_bytes()
    sync(pair.laptop, pair.time)
    goal = pair.laptop.plan().goals[0]
    pair.laptop.save("goals", replace(goal, text="Nieuwer dan het oude bestand"))
    sync(pair.laptop, pair.time)
    sync(pair.phone, pair.time)
    before = pair.laptop.plan()
    # The server (or anyone with the folder) puts the old bundle back under a new name.
    node = path.split("/")[0]
    (server.folder / node / mailbox.bundle_name(999, "00c0ffee")).write_bytes(old)
    result = sync(pair.laptop, pair.time)
    assert result.changed == 0 and pair.laptop.plan() == before
    assert pair.laptop.plan().goals[0].text == "Nieuwer dan het oude bestand"
    sync(pair.phone, pair.time)
    sync(pair.laptop, pair.time)
    assert_same(pair)


def test_an_out_of_step_bundle_asks_for_a_fresh_one(pair, server, monkeypatch):
    refused = []
    real = household_sync.apply_sync

    def spied(book, data, **kwargs):
        try:
            return real(book, data, **kwargs)
        except household_sync.SyncOutOfStep as error:
            refused.append(error)
            raise
    monkeypatch.setattr(household_sync, "apply_sync", spied)
    note(pair.phone, "Stap 1")
    sync(pair.phone, pair.time)
    sync(pair.laptop, pair.time)
    # The phone believes the laptop has seen more than it has (as after a restore there).
    laptop = household.paired_devices(pair.phone)[0]
    phone_node = household.paired_devices(pair.laptop)[0].node
    ahead = {**laptop.seen}
    stamp = ahead[phone_node]
    ahead[phone_node] = stamp._replace(millis=stamp.millis + 10**9)
    household.save_device(pair.phone, replace(laptop, seen=ahead))
    note(pair.phone, "Stap 2")
    sync(pair.phone, pair.time)
    assert sync(pair.laptop, pair.time).sent == 1  # asks: here is what I really have
    assert len(refused) == 1 and "Stap 2" not in notes(pair.laptop)
    sync(pair.phone, pair.time)
    sync(pair.laptop, pair.time)
    assert "Stap 2" in notes(pair.laptop)
    assert_same(pair)


# --- a household device restored from a backup --------------------------------------------

def test_a_restored_device_is_found_in_the_folder(de_vries_device_template, server, tmp_path):
    """After a restore the laptop writes under a new node id (docs/sync.md): the phone finds
    its new subfolder, takes its bundle by its key, and both go on normally."""
    for path in server.folder.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    shutil.copytree(de_vries_device_template, tmp_path / "phone")
    tables = {"household": [household_from_form("Gezin Yilmaz").to_dict()],
              "members": [member_from_form("Emre Yilmaz", "parent").to_dict()]}
    laptop, code = create_with_tables(Device(tmp_path / "laptop"), "family", FAMILY_LABEL,
                                      FAMILY_SECRET, tables, "nl")
    time = FakeTime()
    pair = join(time.book(open_family(tmp_path / "phone")), time.book(laptop), time)
    for book in (pair.phone, pair.laptop):
        relay_setup.connect(book, server.url, server.user, server.password)
    note(pair.laptop, "Voor de backup")
    sync(pair.laptop, time)
    sync(pair.phone, time)
    old_node = replica_store.node_id(laptop)
    blob = making.make_backup(laptop, now=time.utc())
    laptop.lock()  # lost; its backup is restored on a new laptop
    restored, _ = restoring.restore(Device(tmp_path / "new-laptop"), blob, code,
                                    SECOND_DEVICE_SECRET)
    pair = Household(pair.phone, time.book(restored), time)
    try:
        new_node = replica_store.node_id(restored)
        assert new_node != old_node
        # Someone else's subfolder (a device removed long ago) is passed by quietly.
        (server.folder / "0badc0de0badc0de").mkdir()
        (server.folder / "0badc0de0badc0de" / mailbox.bundle_name(1, "0badf00d")).write_bytes(
            b"OP" + bytes(300))

        note(pair.laptop, "Na het herstel")
        assert sync(pair.laptop, time).sent == 1
        assert any(f.startswith(new_node + "/") for f in bundles(server))
        got = sync(pair.phone, time)
        assert "Na het herstel" in notes(pair.phone) and got.skipped == 0
        assert pair.laptop_on_phone().node == new_node  # known by its new id from now on

        # The next syncs go on normally, both ways.
        note(pair.phone, "Daarna op de telefoon")
        sync(pair.phone, time)
        sync(pair.laptop, time)
        assert "Daarna op de telefoon" in notes(pair.laptop)
        note(pair.laptop, "Daarna op de laptop")
        sync(pair.laptop, time)
        sync(pair.phone, time)
        assert "Daarna op de laptop" in notes(pair.phone)
        for _ in range(2):
            sync(pair.phone, time)
            sync(pair.laptop, time)
        assert_same(pair)
        assert sync(pair.phone, time).received == 0  # nothing read twice, the old subfolder neither
    finally:
        pair.phone.opened.lock()
        restored.lock()
