"""The use cases behind the gezinsplan screens, without Flet."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from family_app.plan import goal_progress, plan_overview
from family_app.clock import fixed
from family_app.domain import Goal, LogEntry, NetworkPerson, ValidationError
from family_app.plan.plan_book import PlanBook

TODAY = dt.date(2026, 11, 22)


# 10:30 on the family's own (local) clock: the history keeps local wall time.
NOW = dt.datetime(2026, 11, 22, 10, 30).astimezone()


@pytest.fixture
def book(de_vries):
    de_vries.now = fixed(NOW)
    return PlanBook(de_vries)


def test_adding_a_goal_is_one_save_with_history(book):
    plan = book.plan()
    owner = plan.members[0]
    version = book.version
    goal = book.save("goals", Goal(owners=[owner.id], text="Elke avond samen eten", kind="wish",
                                   domain="parenting"))
    assert book.get("goals", goal.id).text == "Elke avond samen eten"
    assert book.version == version + 1
    latest = book.history()[0]
    assert (latest.action, latest.table, latest.label) == ("added", "goals", "Elke avond samen eten")
    assert latest.by == "Sanne de Vries"  # the first parent writes unless another is chosen


def test_changing_and_the_writer_is_remembered(book):
    plan = book.plan()
    book.set_writer(plan.members[1].id)
    goal = plan.goals[0]
    goal.how_we_know = "We tellen de ruzies op de kalender"
    book.save("goals", goal)
    change = book.history()[0]
    assert (change.action, change.by) == ("changed", "Emre Yilmaz")
    assert book.get("goals", goal.id).how_we_know == "We tellen de ruzies op de kalender"


def test_a_bad_field_is_named_and_nothing_is_saved(book):
    before = book.plan()
    with pytest.raises(ValidationError) as caught:
        book.save("goals", Goal(owners=[before.members[0].id], text="   "))
    assert caught.value.field == "text"
    assert book.plan() == before


def test_an_unknown_owner_is_refused_and_undone(book):
    before = book.plan()
    with pytest.raises(ValidationError):
        book.save("goals", Goal(owners=["nobody"], text="Iets"))
    assert book.plan() == before
    assert len(book.history()) == 0


def test_removing_a_goal_takes_its_agreements(book):
    plan = book.plan()
    goal = plan.goals[0]
    agreements = [a for a in plan.agreements if a.goal_id == goal.id]
    assert agreements
    removed = book.remove("goals", goal.id)
    assert len(removed) == 1 + len(agreements)
    after = book.plan()
    assert goal.id not in {g.id for g in after.goals}
    assert not [a for a in after.agreements if a.goal_id == goal.id]
    assert {c.action for c in book.history()} == {"removed"}


def test_check_in_adds_a_score_and_starts_the_goal(book):
    plan = book.plan()
    goal = next(g for g in plan.goals if g.status == "open") if any(
        g.status == "open" for g in plan.goals) else plan.goals[0]
    count = len(goal.scores)
    saved = goal_progress.check_in(book, goal.id, 7, by=plan.members[0].id, note="Beter",
                                   on=TODAY)
    assert len(saved.scores) == count + 1
    assert saved.scores[-1].score == 7 and saved.status in ("in_progress", "achieved", "let_go")
    with pytest.raises(ValidationError):
        goal_progress.check_in(book, goal.id, 11, by=None)


def test_ticking_off_an_agreement(book):
    agreement = next(a for a in book.plan().agreements if not a.done)
    goal_progress.set_done(book, agreement.id, True, what_worked="Samen plannen")
    saved = book.get("agreements", agreement.id)
    assert saved.done and saved.what_worked == "Samen plannen"


def test_holding_an_evaluation(book):
    plan = book.plan()
    first, second = plan.goals[0], plan.goals[1]
    waiting = plan_overview.next_evaluation(plan)
    evaluation = goal_progress.hold_evaluation(
        book, {first.id: ("reached", "Gelukt!"), second.id: ("adjust", "Kleiner maken")},
        changes="Daan gaat weer naar school", next_date=TODAY + dt.timedelta(days=42),
        evaluation_id=waiting.id if waiting else None, today=TODAY)
    after = book.plan()
    assert after.goal(first.id).status == "achieved"
    assert after.goal(second.id).status == second.status
    held = next(e for e in after.evaluations if e.id == evaluation.id)
    assert held.held == TODAY and len(held.reviews) == 2
    assert plan_overview.next_evaluation(after).planned == TODAY + dt.timedelta(days=42)


def test_network_as_a_flower_and_trajectory_days(book):
    book.save("network", NetworkPerson(name="Juf Anna", circle="school", may_think_along=True))
    flower = plan_overview.people_by_circle(book.plan())
    assert list(flower) == ["family", "friends", "neighbourhood", "school", "work", "leisure"]
    assert "Juf Anna" in [p.name for p in flower["school"]]
    trajectory = book.plan().trajectory
    assert trajectory.days_referral_to_first_visit() == (trajectory.first_visit - trajectory.referred).days


def test_safety_comparison_puts_the_earlier_first(book):
    a, b = book.plan().safety[:2]
    comparison = plan_overview.compare_safety(b, a)
    assert comparison.earlier.date <= comparison.later.date
    assert [row[0] for row in comparison.rows()] == ["going_well", "worries", "needed"]


def test_history_since_the_last_evaluation(book):
    book.save("log", LogEntry(date=TODAY, kind="phone", text="Gebeld met school"))
    since = dt.datetime.combine(TODAY, dt.time())
    assert [c.label for c in book.history(since)] == ["Gebeld met school"]
    assert book.history(since + dt.timedelta(days=1)) == []


def test_home_reads_only_its_parts_and_the_history_it_shows(book):
    """The home screen's reads (screens/plan/home.py): the plan without its log, the newest
    history line and the goals' lines give what the whole reads give, in the same order."""
    goal = book.plan().goals[0]
    book.save("log", LogEntry(date=TODAY, kind="note", text="Gebeld met school"))
    later = dt.datetime(2026, 11, 22, 11, 0).astimezone()
    book.opened.now = fixed(later)
    book.save("goals", replace(goal, text="Samen ontbijten"))  # the newest line
    book.opened.now = fixed(NOW)
    book.save("log", LogEntry(date=TODAY, kind="note", text="Stored last, not newest"))

    whole, home = book.plan(), book.plan(parts=("household", "members", "goals"))
    assert home.goals == whole.goals and home.members == whole.members
    assert home.log == [] and whole.log  # the log is not read
    assert book.latest_change() == book.history()[0]
    assert book.latest_change().label == "Samen ontbijten"
    assert book.history(table="goals") == [c for c in book.history() if c.table == "goals"]
    assert plan_overview.first_saved(book.history(table="goals")) == \
        plan_overview.first_saved(book.history())


def test_a_plan_without_history_has_no_latest_change(book):
    with book.vault.action():
        book.vault.records("history").replace([])
    assert book.latest_change() is None and book.history(table="goals") == []
