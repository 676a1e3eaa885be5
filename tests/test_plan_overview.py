"""What home shows at a glance (plan_overview): which goal needs what, and no false alarms.

The rules: a goal needs a check-in once 4 weeks passed since its last one, or, never
measured, since it was first saved (the plan's history says when); a goal past its date
needs a decision first; a family sees at most one warning per goal.
"""

from __future__ import annotations

import datetime as dt

import pytest

from family_app.clock import fixed
from family_app.domain import Agreement, Evaluation, Goal, Plan, Score
from family_app.plan import goal_progress, plan_overview
from family_app.plan.plan_book import Change, PlanBook

TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 10, 30).astimezone()  # the family's own clock
DAY = dt.timedelta(days=1)


def goal(**fields) -> Goal:
    return Goal(owners=["m1"], text="Samen eten", **fields)


def status(g: Goal, saved_on: dt.date | None = None, today: dt.date = TODAY):
    return plan_overview.goal_status(Plan(goals=[g]), g, today, saved_on)


@pytest.fixture
def book(de_vries):
    de_vries.now = fixed(NOW)
    return PlanBook(de_vries)


# --- the rules, on plain records ----------------------------------------------------------


def test_a_goal_saved_today_and_never_measured_needs_nothing():
    assert status(goal(), saved_on=TODAY).attention is None


def test_a_goal_never_measured_needs_a_check_in_only_after_four_weeks():
    assert status(goal(), saved_on=TODAY - dt.timedelta(weeks=4)).attention is None
    assert status(goal(), saved_on=TODAY - dt.timedelta(weeks=4) - DAY).attention == "no_check_in"


def test_a_goal_older_than_the_history_and_never_measured_needs_a_check_in():
    """No history line (a scenario, an import): it is not new, so it is not spared."""
    assert status(goal(), saved_on=None).attention == "no_check_in"


def test_the_last_check_in_counts_not_the_day_it_was_saved():
    measured = goal(scores=[Score(date=TODAY - dt.timedelta(weeks=2), score=5)])
    assert status(measured, saved_on=TODAY - dt.timedelta(weeks=10)).attention is None
    stale = goal(scores=[Score(date=TODAY - dt.timedelta(weeks=5), score=5)])
    assert status(stale, saved_on=TODAY).attention == "no_check_in"


def test_a_goal_past_its_date_gets_one_warning_the_date_first():
    """Both apply: the date is settled first (reached? a new date?); a check-in alone would
    leave the goal past its date."""
    late = goal(target_date=TODAY - DAY)
    assert status(late, saved_on=None).attention == "past_date"
    measured = goal(target_date=TODAY - DAY, scores=[Score(date=TODAY, score=7)])
    assert status(measured, saved_on=None).attention == "past_date"


@pytest.mark.parametrize("finished", plan_overview.FINISHED)
def test_a_finished_goal_needs_nothing(finished):
    done = goal(status=finished, target_date=TODAY - dt.timedelta(weeks=8))
    assert status(done, saved_on=None).attention is None


def test_first_saved_is_the_earliest_history_line_of_each_goal():
    def line(day: int, table: str, record_id: str, action: str = "changed") -> Change:
        return Change(dt.datetime(2026, 11, day, 9, 0), "Sanne", table, record_id, action, "")

    history = [line(20, "goals", "g1"), line(3, "goals", "g1", "added"), line(9, "goals", "g2"),
               line(1, "agreements", "g3", "added")]
    assert plan_overview.first_saved(history) == {"g1": dt.date(2026, 11, 3),
                                                  "g2": dt.date(2026, 11, 9)}


def test_an_evaluation_is_overdue_once_its_date_passed_unheld():
    waiting = Evaluation(planned=TODAY - DAY)
    assert plan_overview.evaluation_overdue(waiting, TODAY)
    assert not plan_overview.evaluation_overdue(Evaluation(planned=TODAY), TODAY)
    held = Evaluation(planned=TODAY - DAY, held=TODAY)
    assert not plan_overview.evaluation_overdue(held, TODAY)


# --- through the plan book, as home reads it -----------------------------------------------


def overview(book: PlanBook, today: dt.date = TODAY) -> dict[str, plan_overview.GoalStatus]:
    view = plan_overview.overview(book.plan(), today, plan_overview.first_saved(book.history()))
    return {s.goal.id: s for s in view.goals}


def test_a_goal_saved_seconds_ago_is_not_flagged(book):
    owner = book.plan().members[0].id
    fresh = book.save("goals", Goal(owners=[owner], text="Elke avond samen eten"))
    assert overview(book)[fresh.id].attention is None
    assert overview(book, TODAY + dt.timedelta(weeks=5))[fresh.id].attention == "no_check_in"


def test_overview_highlights_goals_and_due_agreements(book):
    plan = book.plan()
    owner = plan.members[0].id
    late = book.save("goals", Goal(owners=[owner], text="Te laat", target_date=TODAY - DAY))
    fresh = book.save("goals", Goal(owners=[owner], text="Net gemeten"))
    goal_progress.check_in(book, fresh.id, 5, by=owner, on=TODAY)
    due = book.save("agreements", Agreement(goal_id=fresh.id, what="Bellen met school",
                                            due=TODAY + dt.timedelta(days=3)))
    later = book.save("agreements", Agreement(goal_id=fresh.id, what="Later",
                                              due=TODAY + dt.timedelta(days=30)))
    view = plan_overview.overview(book.plan(), TODAY, plan_overview.first_saved(book.history()))
    statuses = {s.goal.id: s for s in view.goals}
    assert statuses[late.id].attention == "past_date"
    assert statuses[fresh.id].attention is None
    assert due.id in {a.id for a in view.due_this_week}
    assert later.id not in {a.id for a in view.due_this_week}
    assert view.goals[0].attention  # those needing attention come first


def test_no_check_in_for_four_weeks_needs_attention(book):
    owner = book.plan().members[0].id
    old = book.save("goals", Goal(owners=[owner], text="Oud"))
    goal_progress.check_in(book, old.id, 4, by=owner, on=TODAY - dt.timedelta(weeks=5))
    assert overview(book)[old.id].attention == "no_check_in"


def test_the_demo_goals_carry_one_warning_each(book):
    """The scenario's goals are all past their dates: one warning each, the date."""
    later = dt.date(2026, 12, 1)
    statuses = overview(book, later).values()
    open_ones = [s for s in statuses if s.goal.status not in plan_overview.FINISHED]
    assert open_ones and all(s.attention == "past_date" for s in open_ones)
