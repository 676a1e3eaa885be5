"""An exchange writes only the records it changed when it can, and the whole plan when it
must (family_app/household/merged_plan.py): either way each device ends with exactly the
plan its replica shows, in the same order, and both devices with the same plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from family_app.domain import Agreement, LogEntry
from family_app.household import merged_plan, replica_store
from family_app.household.household_sync import apply_sync, make_sync
from family_app.plan.plan_book import PlanBook
from family_app.household import household
from tests.helpers.household import Household, joined_devices, open_pair

OPS = st.lists(st.tuples(
    st.sampled_from(["edit goal", "add log", "add agreement", "edit agreement",
                     "remove agreement", "remove goal", "exchange"]),
    st.booleans(),              # on the phone (True) or the laptop
    st.integers(0, 5)), min_size=1, max_size=14)


@pytest.fixture(scope="module")
def joined(de_vries_device_template, tmp_path_factory):
    return joined_devices(de_vries_device_template, tmp_path_factory.mktemp("joined"))


def _apply(book: PlanBook, op: str, n: int, other: PlanBook, pair: Household) -> None:
    plan = book.plan()
    goals, agreements = plan.goals, plan.agreements
    if op == "exchange":
        to = household.paired_devices(book)[0]
        apply_sync(other, make_sync(book, to, now=pair.time.utc()), now=pair.time.utc())
    elif op == "edit goal" and goals:
        book.save("goals", replace(goals[n % len(goals)], text=f"Doel {n} van {book.writer()}"))
    elif op == "add log":
        book.save("log", LogEntry(date=dt.date(2026, 3, 2), kind="note", text=f"Notitie {n}"))
    elif op == "add agreement" and goals:
        book.save("agreements", Agreement(goal_id=goals[n % len(goals)].id, what=f"Afspraak {n}",
                                          who=[plan.members[0].id]))
    elif op == "edit agreement" and agreements:
        book.save("agreements", replace(agreements[n % len(agreements)], what=f"Anders {n}"))
    elif op == "remove agreement" and agreements:
        book.remove("agreements", agreements[n % len(agreements)].id)
    elif op == "remove goal" and goals:
        book.remove("goals", goals[n % len(goals)].id)


def _tables(book: PlanBook) -> dict:
    stored = book.vault.read_all()
    return {table: [dict(doc) for doc in stored.get(table, [])]
            for table in replica_store.SYNCED_TABLES if stored.get(table)}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_every_exchange_leaves_the_plan_its_replica_shows(joined, tmp_path_factory, ops):
    pair = open_pair(joined, tmp_path_factory.mktemp("run"))
    time = pair.time
    try:
        for op, on_phone, n in ops:
            time.tick()
            book, other = (pair.phone, pair.laptop) if on_phone else (pair.laptop, pair.phone)
            _apply(book, op, n, other, pair)
        for send in (pair.phone_to_laptop, pair.laptop_to_phone, pair.phone_to_laptop):
            time.tick()
            send()
        for book in (pair.phone, pair.laptop):
            replica = replica_store.open_replica(book.opened, lambda: 0)
            assert _tables(book) == {t: rows for t, rows in merged_plan.plan_tables(replica).items()
                                     if rows}
        assert _tables(pair.phone) == _tables(pair.laptop)
    finally:
        pair.phone.opened.lock()
        pair.laptop.opened.lock()


def test_exchanges_of_many_records_keep_every_record(joined, tmp_path):
    """More changed records than merged_plan writes one by one (and than the replica store
    writes one by one): the plan goes whole, and nothing is lost, twice over."""
    pair = open_pair(joined, tmp_path)
    time = pair.time
    try:
        for round_ in range(2):
            for n in range(60):
                time.tick()
                pair.phone.save("log", LogEntry(date=dt.date(2026, 3, 2), kind="note",
                                                text=f"Ronde {round_}, notitie {n}"))
            pair.phone_to_laptop()
            assert _tables(pair.laptop) == _tables(pair.phone)
    finally:
        pair.phone.opened.lock()
        pair.laptop.opened.lock()
