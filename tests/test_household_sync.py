"""Sync bundles between two devices of the household, conflicts, and what never syncs."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

import pytest

from family_app.household import household, household_conflicts, household_sync, replica_store
from family_app.profiles.device import Device
from family_app.domain import Agreement, LogEntry
from family_app.plan.plan_book import HISTORY_TABLE, Change, PlanBook
from family_app.profiles.unlocking import unlock
from sync.bundle import open_bundle, seal
from sync.errors import SyncError
from sync.merge import changes_since
from sync.merge_delta import decode
from sync.merge_state import State
from sync.merge_views import conflicts

from tests.helpers.data import YOUTH_SECRET
from tests.helpers.household import FakeTime, join, make_empty_family, open_family


@pytest.fixture(scope="module")
def empty_family_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("empty-family")
    make_empty_family(folder)
    return folder


@pytest.fixture
def pair(de_vries, empty_family_template, tmp_path):
    """The De Vries phone and a laptop that joined it, after the first sync."""
    shutil.copytree(empty_family_template, tmp_path / "laptop")
    laptop = open_family(tmp_path / "laptop")
    time = FakeTime()
    yield join(time.book(de_vries), time.book(laptop), time)
    laptop.lock()


def edit(book: PlanBook, table: str, index: int, **changes):
    record = getattr(book.plan(), table)[index]
    return book.save(table, replace(record, **changes))


def state_of(book: PlanBook):
    return book.plan(), book.version, book.history()


def test_edits_made_apart_meet_with_one_conflict_holding_both_texts(pair):
    pair.time.tick()
    edit(pair.phone, "goals", 0, text="Daan maakt zijn huiswerk voor het eten")
    edit(pair.phone, "goals", 1, status="achieved")
    edit(pair.laptop, "goals", 0, text="Wij helpen zonder te schreeuwen")
    edit(pair.laptop, "goals", 2, how_we_know="Het is rustiger aan tafel")
    pair.laptop_to_phone()
    result = pair.phone_to_laptop()
    assert pair.phone.plan() == pair.laptop.plan()
    plan = pair.phone.plan()
    assert plan.goals[1].status == "achieved" and plan.goals[2].how_we_know.startswith("Het is")
    for book in (pair.phone, pair.laptop):
        [conflict] = household_conflicts.open_conflicts(book)
        assert (conflict.table, conflict.field, conflict.kind) == ("goals", "text", "edit")
        assert {v.value for v in conflict.values} == {"Daan maakt zijn huiswerk voor het eten",
                                                     "Wij helpen zonder te schreeuwen"}
        assert conflict.record_label == plan.goals[0].text
        assert {v.device for v in conflict.values if not v.this_device} <= {"Laptop", "Telefoon Sanne"}
    assert result.conflicts == 1


def test_only_records_with_several_writes_are_read_for_conflicts_and_none_is_missed(pair):
    pair.time.tick()
    edit(pair.phone, "goals", 0, text="Daan maakt zijn huiswerk voor het eten")
    edit(pair.laptop, "goals", 0, text="Wij helpen zonder te schreeuwen")
    pair.laptop_to_phone()
    candidates = replica_store.keys_with_several_writes(pair.phone.opened)
    everything = replica_store.open_replica(pair.phone.opened, lambda: 0)
    assert {(c["table"], c["id"]) for c in conflicts(everything.state)} <= set(candidates)
    assert len(candidates) < len(everything.state.records)  # the rest is not decoded
    [conflict] = household_conflicts.open_conflicts(pair.phone)
    assert (conflict.table, conflict.record_id) in candidates


def test_resolving_on_one_device_settles_it_on_both(pair):
    pair.time.tick()
    edit(pair.phone, "goals", 0, text="Daan maakt zijn huiswerk voor het eten")
    edit(pair.laptop, "goals", 0, text="Wij helpen zonder te schreeuwen")
    pair.laptop_to_phone()
    [conflict] = household_conflicts.open_conflicts(pair.phone)
    household_conflicts.resolve_conflict(pair.phone, conflict, "Daan maakt zijn huiswerk; wij helpen")
    assert household_conflicts.open_conflicts(pair.phone) == []
    result = pair.phone_to_laptop()
    assert result.conflicts == 0
    assert household_conflicts.open_conflicts(pair.laptop) == []
    assert pair.laptop.plan() == pair.phone.plan()
    assert pair.laptop.plan().goals[0].text == "Daan maakt zijn huiswerk; wij helpen"
    with pytest.raises(household_conflicts.ConflictGone):
        household_conflicts.resolve_conflict(pair.phone, conflict, "nog eens")


def test_a_chosen_value_is_checked_like_a_save(pair):
    from family_app.domain import ValidationError
    pair.time.tick()
    edit(pair.phone, "goals", 0, text="A")
    edit(pair.laptop, "goals", 0, text="B")
    pair.laptop_to_phone()
    [conflict] = household_conflicts.open_conflicts(pair.phone)
    with pytest.raises(ValidationError):
        household_conflicts.resolve_conflict(pair.phone, conflict, "")


def test_applying_a_bundle_twice_changes_nothing(pair):
    pair.time.tick()
    edit(pair.phone, "goals", 0, text="Minder ruzie over huiswerk")
    bundle = household_sync.make_sync(pair.phone, pair.laptop_on_phone(), now=pair.time.utc())
    first = household_sync.apply_sync(pair.laptop, bundle, now=pair.time.utc())
    before = state_of(pair.laptop)
    again = household_sync.apply_sync(pair.laptop, bundle, now=pair.time.utc())
    assert (first.changed, again.changed) == (1, 0)
    assert state_of(pair.laptop) == before


def test_a_deleted_record_edited_elsewhere_is_kept_with_the_edit(pair):
    pair.time.tick()
    goal = pair.phone.plan().goals[0]
    pair.phone.remove("goals", goal.id)
    edit(pair.laptop, "goals", 0, text="Toch nog: samen eten")
    pair.laptop_to_phone()
    pair.phone_to_laptop()
    assert pair.phone.plan() == pair.laptop.plan()
    kept = pair.phone.plan().goal(goal.id)
    assert kept.text == "Toch nog: samen eten"
    [conflict] = household_conflicts.open_conflicts(pair.laptop)
    assert (conflict.kind, conflict.field, conflict.record_id) == ("delete", None, goal.id)
    # The family decides to remove it after all, now knowing the edit.
    household_conflicts.resolve_conflict(pair.laptop, conflict, False)
    pair.laptop_to_phone()
    for book in (pair.phone, pair.laptop):
        assert book.plan().goal(goal.id) is None
        assert household_conflicts.open_conflicts(book) == []


def test_an_agreement_edited_elsewhere_keeps_its_removed_goal(pair):
    pair.time.tick()
    agreement = pair.phone.plan().agreements[0]
    pair.phone.remove("goals", agreement.goal_id)  # takes the agreement along
    pair.laptop.save("agreements", replace(agreement, what="Oma Ria haalt dinsdag en donderdag op"))
    pair.laptop.save("agreements", Agreement(goal_id=agreement.goal_id, what="Nieuw: samen koken"))
    pair.laptop_to_phone()
    pair.phone_to_laptop()
    plan = pair.phone.plan()
    assert plan == pair.laptop.plan()
    assert plan.goal(agreement.goal_id) is not None  # restored: the edits need it
    texts = {a.what for a in plan.agreements if a.goal_id == agreement.goal_id}
    assert {"Oma Ria haalt dinsdag en donderdag op", "Nieuw: samen koken"} <= texts
    plan.validate_references()
    edit(pair.phone, "goals", 0, text="Saving still works")


def test_scores_added_on_both_devices_are_both_kept(pair):
    from family_app.domain import Score
    pair.time.tick()
    for book, score in ((pair.phone, 4), (pair.laptop, 7)):
        goal = book.plan().goals[0]
        book.save("goals", replace(goal, scores=[*goal.scores, Score(date=dt.date(2026, 3, 2),
                                                                        score=score)]))
    pair.laptop_to_phone()
    pair.phone_to_laptop()
    scores = [s.score for s in pair.phone.plan().goals[0].scores]
    assert scores[-2:] in ([4, 7], [7, 4])
    assert pair.phone.plan() == pair.laptop.plan()
    assert household_conflicts.open_conflicts(pair.phone) == []


def test_history_says_which_device_changed_what(pair):
    pair.time.tick()
    edit(pair.laptop, "goals", 0, text="Minder ruzie")
    version = pair.phone.version
    pair.laptop_to_phone()
    latest = pair.phone.history()[0]
    assert (latest.by, latest.action, latest.label) == ("Laptop", "changed", "Minder ruzie")
    assert pair.phone.version == version + 1


# --- refused ------------------------------------------------------------------------------

def forged_sync(sender, to, household_id, delta=None) -> bytes:
    payload = {household.HOUSEHOLD: household_id, household.NODE: "x1",
               household_sync.DELTA: delta or changes_since(State(), {})}
    now = dt.datetime.now(dt.timezone.utc)
    return seal("sync", payload, sender, to=to, expires=now + dt.timedelta(days=1), now=now)


def test_a_bundle_from_an_unpaired_device_is_refused(pair, tmp_path):
    make_empty_family(tmp_path / "stranger")
    stranger = open_family(tmp_path / "stranger")
    try:
        phone_key = household.me(pair.phone).public()
        bundle = forged_sync(stranger.identity(), phone_key, household.household_id(pair.phone))
        with pytest.raises(household_sync.NotFromHouseholdDevice) as caught:
            household_sync.apply_sync(pair.phone, bundle)
        assert isinstance(caught.value, SyncError) and caught.value.problem
    finally:
        stranger.lock()


def test_a_forgotten_device_is_no_longer_exchanged_with_and_keeps_what_it_had(pair):
    edit(pair.laptop, "goals", 0, text="Samen koken op zondag")
    pair.laptop_to_phone()
    lost = pair.laptop_on_phone()
    household.forget_device(pair.phone, lost)
    assert household.paired_devices(pair.phone) == []
    # Its earlier changes stay in the plan; a bundle it sends now is refused.
    assert pair.phone.plan().goals[0].text == "Samen koken op zondag"
    edit(pair.laptop, "goals", 0, text="Van de verloren laptop")
    with pytest.raises(household_sync.NotFromHouseholdDevice):
        pair.laptop_to_phone()
    assert pair.phone.plan().goals[0].text == "Samen koken op zondag"
    # Nothing is taken back from the lost device: it still holds the whole plan.
    assert pair.laptop.plan().goals[1:] == pair.phone.plan().goals[1:]
    assert pair.laptop.plan().household == pair.phone.plan().household


def test_a_bundle_of_another_household_is_refused(pair):
    bundle = forged_sync(household.me(pair.laptop), household.me(pair.phone).public(),
                         "f" * 32)
    with pytest.raises(household_sync.OtherHousehold):
        household_sync.apply_sync(pair.phone, bundle)


def test_a_share_is_no_sync_bundle(pair):
    from family_app.sharing import sharing
    from sync.share_payload import Scope
    pro = sharing.pair(pair.phone, household.me(pair.laptop).public()).professional
    bundle = sharing.share(pair.phone, Scope.preset("current"), to=pro).bundle
    with pytest.raises(household_sync.NotASyncCode):
        household_sync.apply_sync(pair.laptop, bundle)


# --- what never syncs ---------------------------------------------------------------------

def test_sync_carries_only_the_family_plans_tables(pair):
    pair.time.tick()
    edit(pair.phone, "goals", 0, text="Minder ruzie")
    bundle = household_sync.make_sync(pair.phone, pair.laptop_on_phone(), now=pair.time.utc())
    opened = open_bundle(bundle, me=household.me(pair.laptop), now=pair.time.utc())
    _, _, records = decode(opened.payload[household_sync.DELTA])
    assert {table for table, _ in records} <= set(replica_store.SYNCED_TABLES)


def test_records_of_other_tables_are_never_written(pair):
    """Even a paired device cannot write settings, keys or a youth plan into this vault."""
    from sync.merge import Clock, Replica
    intruder = Replica(Clock("x1", lambda: 1_800_000_000_000))
    intruder.create("youth_plan", {"id": "y1", "owner_name": "Daan", "worries": ["geheim"]})
    intruder.create("settings", {"id": "s1", "language": "en"})
    intruder.create("identity", {"id": "i1", "format": "onsplan-identity/1"})
    vault = pair.phone.vault
    before = {t: vault.read_all().get(t) for t in ("settings", "identity", "youth_plan")}
    bundle = forged_sync(household.me(pair.laptop), household.me(pair.phone).public(),
                         household.household_id(pair.phone), intruder.changes_since({}))
    result = household_sync.apply_sync(pair.phone, bundle)
    assert result.changed == 0
    assert {t: vault.read_all().get(t) for t in before} == before
    assert {doc["t"] for doc in vault.table(replica_store.RECORDS_TABLE)} <= set(
        replica_store.SYNCED_TABLES)


def test_a_youth_profile_can_neither_make_nor_apply_sync_bundles(pair, de_vries):
    data_dir = de_vries.vault.path.parent.parent
    device = Device(data_dir)
    profile = next(p for p in device.profiles() if p.kind == "youth")
    youth = unlock(device, profile, YOUTH_SECRET)
    try:
        book = PlanBook(youth)
        bundle = household_sync.make_sync(pair.phone, pair.laptop_on_phone())
        with pytest.raises(household.NotAFamilyPlan):
            household_sync.make_sync(book, pair.laptop_on_phone())
        with pytest.raises(household.NotAFamilyPlan):
            household_sync.apply_sync(book, bundle)
        with pytest.raises(household.NotAFamilyPlan):
            household.join_offer(book, "Daan")
        assert household_conflicts.open_conflicts(pair.phone) == []
        with pytest.raises(household.NotAFamilyPlan):
            household_conflicts.open_conflicts(book)
    finally:
        youth.lock()


def test_keeping_a_record_settles_a_deletion_conflict(pair):
    pair.time.tick()
    agreement = pair.phone.plan().agreements[0]
    pair.phone.remove("agreements", agreement.id)
    pair.laptop.save("agreements", replace(agreement, what="Oma Ria haalt ook vrijdag op"))
    pair.laptop_to_phone()
    [conflict] = household_conflicts.open_conflicts(pair.phone)
    assert conflict.kind == "delete" and {v.value for v in conflict.values} == {True, False}
    household_conflicts.resolve_conflict(pair.phone, conflict, True)
    pair.phone_to_laptop()
    for book in (pair.phone, pair.laptop):
        assert household_conflicts.open_conflicts(book) == []
        kept = next(a for a in book.plan().agreements if a.id == agreement.id)
        assert kept.what == "Oma Ria haalt ook vrijdag op"


def test_a_score_removed_on_one_device_and_changed_on_the_other(pair):
    pair.time.tick()
    goal = pair.phone.plan().goals[0]
    assert goal.scores, "the De Vries plan has scores"
    score = goal.scores[0]
    pair.phone.save("goals", replace(goal, scores=goal.scores[1:]))
    changed = replace(score, note="Ging beter dan gedacht")
    pair.laptop.save("goals", replace(goal, scores=[changed, *goal.scores[1:]]))
    pair.laptop_to_phone()
    [conflict] = household_conflicts.open_conflicts(pair.phone)
    assert (conflict.kind, conflict.item) == ("remove", score.id)
    assert conflict.current.value["note"] == "Ging beter dan gedacht"
    household_conflicts.resolve_conflict(pair.phone, conflict, None)
    pair.phone_to_laptop()
    for book in (pair.phone, pair.laptop):
        assert household_conflicts.open_conflicts(book) == []
        assert score.id not in {s.id for s in book.plan().goals[0].scores}


def test_a_one_record_table_created_on_both_devices_stays_one_record(de_vries, empty_family_template,
                                                                    tmp_path):
    from family_app.domain import Trajectory
    with de_vries.vault.action():
        de_vries.vault.table("trajectory").truncate()  # a plan that has no trajectory yet
    shutil.copytree(empty_family_template, tmp_path / "laptop")
    laptop = open_family(tmp_path / "laptop")
    try:
        time = FakeTime()
        pair = join(time.book(de_vries), time.book(laptop), time)
        pair.phone.save("trajectory", Trajectory(referred=dt.date(2025, 10, 24), referred_by="huisarts"))
        pair.laptop.save("trajectory", Trajectory(referred=dt.date(2025, 10, 24),
                                                  first_visit=dt.date(2025, 11, 4)))
        pair.laptop_to_phone()
        pair.phone_to_laptop()
        assert pair.phone.plan() == pair.laptop.plan()
        trajectory = pair.phone.plan().trajectory
        assert trajectory.referred == dt.date(2025, 10, 24)
        [conflict] = [c for c in household_conflicts.open_conflicts(pair.phone)
                      if c.field == "referred_by"]
        assert {v.value for v in conflict.values} == {"huisarts", ""}
    finally:
        laptop.lock()




def test_a_sync_bundle_that_breaks_the_spec_changes_nothing(pair):
    """From the paired laptop's own keys, but a node id with spaces, or a join reply's
    token beside the changes (docs/bundle-format.md, "Sync payload")."""
    edit(pair.laptop, "goals", 0, text="Van de laptop")
    now = pair.time.utc()
    bundle = household_sync.make_sync(pair.laptop, pair.phone_on_laptop(), now=now)
    phone, laptop = household.me(pair.phone), household.me(pair.laptop)
    payload = open_bundle(bundle, me=phone, now=now).payload
    before = pair.phone.opened.vault.read_all()

    def resealed(changes: dict) -> bytes:
        return seal("sync", {**payload, **changes}, laptop, to=phone.public(),
                    expires=now + dt.timedelta(days=1), now=now)

    with pytest.raises(household.BadHouseholdCode) as refused:
        household_sync.apply_sync(pair.phone, resealed({household.NODE: "laptop van Emre"}),
                                  now=now)
    assert refused.value.outcome == "payload-failure" and refused.value.problem
    with pytest.raises(household_sync.NotASyncCode):  # key 2 makes it a join reply
        household_sync.apply_sync(pair.phone, resealed({household.TOKEN: bytes(16)}), now=now)
    assert pair.phone.opened.vault.read_all() == before
    household_sync.apply_sync(pair.phone, bundle, now=now)  # well formed, it is taken
    assert pair.phone.plan().goals[0].text == "Van de laptop"


def test_a_plan_with_five_busy_years_of_log_joins_a_new_device(de_vries, empty_family_template,
                                                                tmp_path):
    """10,000 log entries, each with its history line: the first sync used to hold 76 CBOR
    items per entry and was refused by the laptop's reader at about 1,300 entries."""
    time = FakeTime()
    phone = time.book(de_vries)
    start = dt.date(2021, 1, 4)
    logs = [LogEntry(date=start + dt.timedelta(days=i // 6), kind="note",
                     text=f"Gesprek {i} over huiswerk en school").to_dict() for i in range(10_000)]
    history = [Change(dt.datetime(2021, 1, 4, 9) + dt.timedelta(hours=i), "Sanne de Vries",
                      "log", doc["id"], "added", doc["text"]).to_dict()
               for i, doc in enumerate(logs)]
    with phone.vault.action():
        phone.vault.records("log").add(*logs)
        phone.vault.records(HISTORY_TABLE).add(*history)
    shutil.copytree(empty_family_template, tmp_path / "laptop")
    laptop = open_family(tmp_path / "laptop")
    try:
        pair = join(phone, time.book(laptop), time)
        assert len(pair.laptop.plan().log) == len(phone.plan().log) >= 10_000
    finally:
        laptop.lock()
