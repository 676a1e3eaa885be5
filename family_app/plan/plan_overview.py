"""What the family needs to see at a glance, computed from the plan and today's date.

Plain functions without Flet, so the home screen stays a thin renderer of these answers:
how our goals are going, what is due this week, when the next evaluation is. When a goal
was first saved comes from the plan's history, which the caller reads and passes in
(first_saved), so these stay pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from family_app.domain import (Agreement, Evaluation, Goal, NetworkPerson, Plan, SafetySnapshot,
                               Score)
from family_app.domain.records import CIRCLES

CHECK_IN_EVERY = dt.timedelta(weeks=4)
WEEK = dt.timedelta(days=7)
FINISHED = ("achieved", "let_go")


@dataclass
class GoalStatus:
    goal: Goal
    last_score: Score | None
    # The one thing to do about this goal, or None. A family sees at most one warning per
    # goal, the most useful first (ATTENTION_ORDER).
    attention: str | None = None
    open_agreements: int = 0
    overdue_agreements: int = 0


# "past_date": the target date has passed: reached, let go, or a new date? Settling that
# comes before a check-in, which could not make the warning go away.
# "no_check_in": no check-in for 4 weeks, or none yet in the goal's first 4 weeks.
ATTENTION_ORDER = ("past_date", "no_check_in")


@dataclass
class Overview:
    goals: list[GoalStatus]
    due_this_week: list[Agreement]
    next_evaluation: Evaluation | None

    @property
    def needing_attention(self) -> list[GoalStatus]:
        return [status for status in self.goals if status.attention]


def last_score(goal: Goal) -> Score | None:
    return max(goal.scores, key=lambda s: s.date) if goal.scores else None


def is_overdue(agreement: Agreement, today: dt.date) -> bool:
    return not agreement.done and agreement.due is not None and agreement.due < today


def first_saved(changes: Iterable) -> dict[str, dt.date]:
    """The day each goal was first saved, from the plan's history (PlanBook.history(): lines
    with .at, .table and .record_id). A goal with no line predates the history (a scenario,
    an import) and is left out."""
    days: dict[str, dt.date] = {}
    for change in changes:
        if change.table == "goals":
            day = change.at.date()
            if change.record_id not in days or day < days[change.record_id]:
                days[change.record_id] = day
    return days


def needs_check_in(goal: Goal, today: dt.date, saved_on: dt.date | None) -> bool:
    """Four weeks since the last check-in; a goal never measured counts from the day it
    was first saved (unknown: it is older than the history, so it counts as long ago)."""
    latest = last_score(goal)
    since = latest.date if latest else saved_on
    return since is None or today - since > CHECK_IN_EVERY


def goal_status(plan: Plan, goal: Goal, today: dt.date,
                saved_on: dt.date | None = None) -> GoalStatus:
    """How one goal is going; `saved_on` is the day it was first saved (first_saved)."""
    found = set()
    if goal.status not in FINISHED:
        if goal.target_date is not None and goal.target_date < today:
            found.add("past_date")
        if needs_check_in(goal, today, saved_on):
            found.add("no_check_in")
    attention = next((kind for kind in ATTENTION_ORDER if kind in found), None)
    agreements = [a for a in plan.agreements if a.goal_id == goal.id and not a.done]
    return GoalStatus(goal, last_score(goal), attention, len(agreements),
                      sum(is_overdue(a, today) for a in agreements))


def next_evaluation(plan: Plan) -> Evaluation | None:
    """The earliest evaluation not yet held (it may already be late)."""
    waiting = [e for e in plan.evaluations if e.held is None]
    return min(waiting, key=lambda e: e.planned) if waiting else None


def overview(plan: Plan, today: dt.date, saved: dict[str, dt.date] | None = None) -> Overview:
    """`saved`: the day each goal was first saved (first_saved of the plan's history)."""
    saved = saved or {}
    statuses = [goal_status(plan, goal, today, saved.get(goal.id)) for goal in plan.goals]
    # Unfinished goals first, those needing attention at the top.
    statuses.sort(key=lambda s: (s.goal.status in FINISHED, s.attention is None))
    due = sorted((a for a in plan.agreements
                  if not a.done and a.due is not None and a.due <= today + WEEK),
                 key=lambda a: a.due)
    return Overview(statuses, due, next_evaluation(plan))


def agreements_of(plan: Plan, goal_id: str) -> list[Agreement]:
    return sorted((a for a in plan.agreements if a.goal_id == goal_id),
                  key=lambda a: (a.done, a.due or dt.date.max))


def evaluation_overdue(evaluation: Evaluation, today: dt.date) -> bool:
    """Its date has passed and it has not been held yet."""
    return evaluation.held is None and evaluation.planned < today


def last_held_evaluation(plan: Plan) -> Evaluation | None:
    held = [e for e in plan.evaluations if e.held is not None]
    return max(held, key=lambda e: e.held) if held else None


def people_by_circle(plan: Plan) -> dict[str, list[NetworkPerson]]:
    """The network as a flower: one petal per circle, in a fixed order."""
    return {circle: [p for p in plan.network if p.circle == circle] for circle in CIRCLES}


@dataclass
class SafetyComparison:
    earlier: SafetySnapshot
    later: SafetySnapshot

    def rows(self) -> list[tuple[str, list[str], list[str]]]:
        return [(name, getattr(self.earlier, name), getattr(self.later, name))
                for name in ("going_well", "worries", "needed")]


def compare_safety(a: SafetySnapshot, b: SafetySnapshot) -> SafetyComparison:
    earlier, later = sorted((a, b), key=lambda s: s.date)
    return SafetyComparison(earlier, later)
