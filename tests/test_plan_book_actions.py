"""A save reads what it writes, not the whole plan: the rules that keep that safe.

PlanBook checks the ids one saved record names (domain.plan.references), finds the writer
in the members table and reads the whole plan through records parsed once per change
(Records.parsed). These tests hold the guarantees of a save while it no longer reads the
plan: a dangling id is refused with nothing written, and whatever reads the plan after any
kind of action (the home screen's counts, the writer) sees that action.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from family_app.domain import (Agreement, Evaluation, GoalReview, LogEntry, Member,
                               NetworkPerson, Plan, ShareRecord, ValidationError)
from family_app.plan import family_plan, goal_progress
from family_app.plan.plan_book import PlanBook
from family_app.sharing import returns

START = dt.datetime(2026, 11, 22, 10, 30).astimezone()


@pytest.fixture
def book(de_vries):
    """A clock a minute further at every reading: the history's newest line comes first."""
    moments = (START + dt.timedelta(minutes=n) for n in range(10_000))
    de_vries.now = lambda: next(moments)
    return PlanBook(de_vries)


def on_disk(book: PlanBook) -> bytes:
    return book.vault.path.read_bytes()


@pytest.mark.parametrize("table, make, field", [
    ("goals", lambda plan: replace(plan.goals[0], owners=[plan.members[0].id, "nobody"]),
     "owners[1]"),
    ("agreements", lambda plan: Agreement(goal_id="gone", what="Bellen"), "goal_id"),
    ("agreements", lambda plan: Agreement(goal_id=plan.goals[0].id, what="Bellen",
                                          who=[plan.network[0].id, "nobody"]), "who[1]"),
    ("evaluations", lambda plan: Evaluation(planned=dt.date(2026, 12, 1), reviews=[
        GoalReview(goal_id="gone", decision="keep")]), "reviews[0].goal_id"),
    ("shares", lambda plan: ShareRecord(created=dt.date(2026, 11, 1), recipient_name="K",
                                        recipient_kind="professional",
                                        professional_id=plan.members[0].id,
                                        expires=dt.date(2026, 12, 1)), "professional_id"),
])
def test_a_save_naming_a_missing_record_is_refused_and_writes_nothing(book, table, make, field):
    plan = book.plan()
    before = (on_disk(book), book.version, len(book.history()))
    with pytest.raises(ValidationError) as caught:
        book.save(table, make(plan))
    assert caught.value.field == field  # within the record, as the form's fields are named
    assert (on_disk(book), book.version, len(book.history())) == before
    assert book.plan() == plan


def test_a_save_checks_the_record_it_writes_not_the_rest_of_the_plan(book):
    """Removing someone a goal names leaves that goal pointing nowhere (the removal does
    not refuse). Before, every later save of anything failed on that goal; now only a save
    of the goal itself is refused, naming its owner."""
    plan = book.plan()
    goal = next(g for g in plan.goals if len(g.owners) == 1)
    book.remove("members", goal.owners[0])
    book.save("network", NetworkPerson(name="Juf Anna", circle="school"))
    with pytest.raises(ValidationError) as caught:
        book.save("goals", replace(book.get("goals", goal.id), text="Anders gezegd"))
    assert caught.value.field == "owners[0]"


def test_the_plan_read_is_a_copy_the_caller_may_change(book):
    plan = book.plan()
    plan.goals[0].scores.clear()
    plan.goals[0].text = "nooit bewaard"
    plan.members.pop()
    plan.household.name = "ander"
    again = book.plan()
    assert again.goals[0].text != "nooit bewaard" and again.goals[0].scores
    assert len(again.members) == len(plan.members) + 1 and again.household.name != "ander"
    assert again == Plan.from_tables(book.vault.read_all())  # as read from the file itself


def counts(book: PlanBook) -> dict[str, int]:
    return family_plan.summarize(book.plan()).counts


def test_what_reads_the_plan_sees_every_kind_of_action(book):
    """The home screen's counts and the plan itself, after each action, against a plan
    read straight from the vault's tables (no kept records)."""
    def same():
        plan = book.plan()
        assert plan == Plan.from_tables(book.vault.read_all())
        return plan

    plan = same()
    start = counts(book)
    goal, member = plan.goals[0], plan.members[0]
    book.save("log", LogEntry(date=dt.date(2026, 11, 20), text="Gebeld met school"))
    assert counts(book)["log"] == start["log"] + 1
    agreement = book.save("agreements", Agreement(goal_id=goal.id, what="Samen koken"))
    assert counts(book)["agreements"] == start["agreements"] + 1
    goal_progress.check_in(book, goal.id, 6, by=member.id, on=dt.date(2026, 11, 21))
    assert same().goal(goal.id).scores[-1].score == 6
    book.remove("agreements", agreement.id)
    assert counts(book)["agreements"] == start["agreements"]
    book.remove("goals", goal.id)
    plan = same()
    assert counts(book)["goals"] == start["goals"] - 1 and plan.goal(goal.id) is None
    assert not [a for a in plan.agreements if a.goal_id == goal.id]
    other = plan.goals[0]
    with book.vault.action():
        book.vault.records(returns.INBOX_TABLE).add({
            "bundle_id": "b", "item_id": "b-0", "kind": "agreement", "goal_id": other.id,
            "what": "Wij bellen de school", "from_name": plan.professionals[0].name,
            "professional_id": plan.professionals[0].id, "status": "pending"})
    returns.accept(book, "b-0")
    assert [a.what for a in same().agreements][-1] == "Wij bellen de school"
    assert book.history()[0].by == plan.professionals[0].name


def test_a_refused_save_leaves_what_reads_the_plan_as_it_was(book):
    plan = book.plan()
    goal = plan.goals[0]
    with pytest.raises(ValidationError):
        book.save("goals", replace(goal, text="Nieuw", owners=["nobody"]))
    assert book.plan() == plan and book.get("goals", goal.id).text == goal.text


def test_the_writer_follows_the_members(book):
    plan = book.plan()
    parents = [m for m in plan.members if m.role == "parent"]
    assert book.writer() == parents[0].name
    book.set_writer(parents[1].id)
    assert book.writer() == parents[1].name
    book.save("members", replace(parents[1], name="Emre Y."))
    assert book.writer() == "Emre Y."
    log = book.save("log", LogEntry(date=dt.date(2026, 11, 20), text="Notitie"))
    assert book.history()[0].by == "Emre Y." and log.id == book.history()[0].record_id
    book.remove("members", parents[1].id)  # the chosen writer is gone: the first parent again
    assert book.writer() == parents[0].name
    book.save("members", Member(name="Nieuwe ouder", role="parent"))
    assert book.writer() == parents[0].name
