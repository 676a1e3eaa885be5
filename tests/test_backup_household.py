"""A household device restored from an older backup keeps its place: the next exchanges
with the other device lose no edit and duplicate none (docs/sync.md, "A device restored
from a backup")."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from family_app.backup import making, restoring
from family_app.domain import LogEntry
from family_app.household import household_conflicts, household_sync, replica_store
from family_app.profiles.device import Device
from family_app.profiles.onboarding import (FAMILY_LABEL, create_with_tables, household_from_form,
                                            member_from_form)
from tests.helpers.data import FAMILY_SECRET, SECOND_DEVICE_SECRET
from tests.helpers.household import FakeTime, Household, join


@pytest.fixture(scope="module")
def laptop_template(tmp_path_factory):
    """An empty family device, with the recovery code it was given."""
    folder = tmp_path_factory.mktemp("laptop")
    tables = {"household": [household_from_form("Gezin Yilmaz").to_dict()],
              "members": [member_from_form("Emre Yilmaz", "parent").to_dict()]}
    opened, code = create_with_tables(Device(folder), "family", FAMILY_LABEL, FAMILY_SECRET,
                                      tables, "nl")
    opened.identity()
    opened.lock()
    return folder, code


@pytest.fixture(scope="module")
def phone_template(de_vries_device_template):
    return de_vries_device_template


def _open(folder):
    from family_app.profiles.unlocking import unlock
    device = Device(folder)
    return unlock(device, device.profile("family"), FAMILY_SECRET)


def _joined(de_vries, laptop_template, folder) -> Household:
    """The De Vries phone and a copy of the laptop template, joined."""
    shutil.copytree(laptop_template[0], folder / "laptop")
    time = FakeTime()
    return join(time.book(de_vries), time.book(_open(folder / "laptop")), time)


def _add_note(book, text: str) -> None:
    book.save("log", LogEntry(date=dt.date(2026, 3, 2), kind="note", text=text))


def _notes(book) -> set[str]:
    return {entry.text for entry in book.plan().log}


def _exchange(pair: Household, direction: str) -> None:
    if direction == "to_laptop":
        pair.phone_to_laptop()
    else:
        pair.laptop_to_phone()


def _restored(pair: Household, blob: bytes, code: str, folder) -> Household:
    """The laptop is lost; its backup is restored on a new laptop, which goes on."""
    pair.laptop.opened.lock()
    opened, _ = restoring.restore(Device(folder), blob, code, SECOND_DEVICE_SECRET)
    return Household(pair.phone, pair.time.book(opened), pair.time)


# One step: a note written on a device, or an exchange in one direction.
STEP = st.one_of(st.tuples(st.just("note"), st.sampled_from(["phone", "laptop"])),
                 st.tuples(st.just("sync"), st.sampled_from(["to_laptop", "to_phone"])))


def _run(pair: Household, steps, kept: set[str], only_here: set[str], tag: str) -> None:
    """``kept``: notes that must survive; ``only_here``: the laptop's notes that the phone
    has not received yet (lost with the laptop, unless they were in the backup)."""
    sent = False   # whether the laptop has sent a bundle in these steps
    for n, (what, where) in enumerate(steps):
        pair.time.tick()
        if what == "note":
            text = f"{tag}-{n}-{where}"
            _add_note(pair.phone if where == "phone" else pair.laptop, text)
            kept.add(text)
            if where == "laptop":
                only_here.add(text)
        elif where == "to_phone":
            pair.laptop_to_phone()
            only_here.clear()
            sent = True
        else:
            try:
                pair.phone_to_laptop()
            except household_sync.SyncOutOfStep:
                # Only a restored laptop that has sent nothing yet: the phone's bundle builds
                # on what the lost laptop had; the message says to send from here first.
                assert tag == "after" and not sent


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(before=st.lists(STEP, max_size=5), lost=st.lists(STEP, max_size=5),
       after=st.lists(STEP, max_size=5))
def test_a_restored_device_exchanging_with_the_other_loses_no_note(
        phone_template, laptop_template, tmp_path_factory, before, lost, after):
    folder = tmp_path_factory.mktemp("household")
    shutil.copytree(phone_template, folder / "phone")
    shutil.copytree(laptop_template[0], folder / "laptop")
    time = FakeTime()
    phone = _open(folder / "phone")
    laptop = _open(folder / "laptop")
    try:
        pair = join(time.book(phone), time.book(laptop), time)
        kept: set[str] = set()
        unsent: set[str] = set()
        _run(pair, before, kept, unsent, "before")
        blob = making.make_backup(pair.laptop.opened, now=time.utc())
        in_backup = set(unsent)
        _run(pair, lost, kept, unsent, "lost")
        # What only the lost laptop had, and its backup did not, is gone: nothing else is.
        kept -= unsent - in_backup
        pair = _restored(pair, blob, laptop_template[1], folder / "new-laptop")
        laptop = pair.laptop.opened
        _run(pair, after, kept, set(), "after")
        pair.laptop_to_phone()
        pair.phone_to_laptop()
        assert pair.phone.plan() == pair.laptop.plan()   # the same plan on both, once
        assert _notes(pair.phone) >= kept
        texts = [entry.text for entry in pair.phone.plan().log]
        assert len(texts) == len(set(texts))            # nothing came back twice
        assert household_conflicts.open_conflicts(pair.phone) == []
    finally:
        phone.lock()
        laptop.lock()


def test_a_restored_device_stamps_its_new_changes_under_a_new_node(
        de_vries, laptop_template, tmp_path):
    pair = _joined(de_vries, laptop_template, tmp_path)
    time = pair.time
    old_node = replica_store.node_id(pair.laptop.opened)
    blob = making.make_backup(pair.laptop.opened, now=time.utc())
    pair = _restored(pair, blob, laptop_template[1], tmp_path / "new-laptop")
    try:
        assert replica_store.node_id(pair.laptop.opened) not in (None, old_node)
        # Its place in the household stays: the phone still knows it by its keys.
        pair.laptop_to_phone()
        pair.phone_to_laptop()
    finally:
        pair.laptop.opened.lock()


def test_edits_made_apart_after_a_restore_meet_as_a_conflict_holding_both(
        de_vries, laptop_template, tmp_path):
    pair = _joined(de_vries, laptop_template, tmp_path)
    time = pair.time
    blob = making.make_backup(pair.laptop.opened, now=time.utc())
    goal = pair.laptop.plan().goals[0]
    pair.laptop.save("goals", replace(goal, text="Na de back-up, op de oude laptop"))
    pair.laptop_to_phone()      # the phone has it; then the laptop is lost
    pair = _restored(pair, blob, laptop_template[1], tmp_path / "new-laptop")
    try:
        time.tick()
        pair.phone.save("goals", replace(pair.phone.plan().goals[0], text="Op de telefoon"))
        pair.laptop.save("goals", replace(pair.laptop.plan().goals[0], text="Op de nieuwe laptop"))
        with pytest.raises(household_sync.SyncOutOfStep):
            pair.phone_to_laptop()   # builds on the lost laptop's changes: send from here first
        pair.laptop_to_phone()
        pair.phone_to_laptop()
        assert pair.phone.plan() == pair.laptop.plan()
        [conflict] = household_conflicts.open_conflicts(pair.phone)
        assert {v.value for v in conflict.values} == {"Op de telefoon", "Op de nieuwe laptop"}
        # Each device names the other as before the restore, and itself as "this device".
        assert _who(pair.phone) == {"Op de telefoon": "this device", "Op de nieuwe laptop": "Laptop"}
        assert _who(pair.laptop) == {"Op de telefoon": "Telefoon Sanne",
                                     "Op de nieuwe laptop": "this device"}
    finally:
        pair.laptop.opened.lock()


def test_a_restored_device_is_named_as_before_for_its_old_and_new_changes(
        de_vries, laptop_template, tmp_path):
    """Its changes from before the backup carry its old node id, those after a new one:
    the phone names both "Laptop" (as "Our devices" lists it), and the restored laptop
    calls both its own, never "another device"."""
    pair = _joined(de_vries, laptop_template, tmp_path)
    time = pair.time
    old_node = replica_store.node_id(pair.laptop.opened)
    time.tick()
    pair.laptop.save("goals", replace(pair.laptop.plan().goals[0], text="Op de oude laptop"))
    pair.phone.save("goals", replace(pair.phone.plan().goals[0], text="Op de telefoon"))
    blob = making.make_backup(pair.laptop.opened, now=time.utc())
    pair = _restored(pair, blob, laptop_template[1], tmp_path / "new-laptop")
    try:
        time.tick()
        pair.laptop.save("agreements", replace(pair.laptop.plan().agreements[0],
                                               what="Afspraak van de nieuwe laptop"))
        pair.phone.save("agreements", replace(pair.phone.plan().agreements[0],
                                              what="Afspraak van de telefoon"))
        pair.laptop_to_phone()
        pair.phone_to_laptop()
        laptop = pair.laptop_on_phone()
        assert laptop.name == "Laptop" and laptop.earlier_nodes == (old_node,)
        assert laptop.node == replica_store.node_id(pair.laptop.opened) != old_node
        assert _who(pair.phone) == {"Op de oude laptop": "Laptop", "Op de telefoon": "this device",
                                    "Afspraak van de nieuwe laptop": "Laptop",
                                    "Afspraak van de telefoon": "this device"}
        assert _who(pair.laptop) == {"Op de oude laptop": "this device",
                                     "Op de telefoon": "Telefoon Sanne",
                                     "Afspraak van de nieuwe laptop": "this device",
                                     "Afspraak van de telefoon": "Telefoon Sanne"}
    finally:
        pair.laptop.opened.lock()


def _who(book) -> dict[str, str]:
    """Each conflicting value and who the conflict screen says wrote it."""
    return {v.value: "this device" if v.this_device else v.device
            for conflict in household_conflicts.open_conflicts(book) for v in conflict.values}
