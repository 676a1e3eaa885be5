"""What the family needs to see at a glance, computed from the plan and today's date.

Plain functions without Flet, so the home screen stays a thin renderer of these answers:
how our goals are going, what is due this week, when the next evaluation is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
    # "past_date": the target date has passed; "no_check_in": none for 4 weeks or ever.
    attention: list[str] = field(default_factory=list)
    open_agreements: int = 0
    overdue_agreements: int = 0


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


def goal_status(plan: Plan, goal: Goal, today: dt.date) -> GoalStatus:
    latest = last_score(goal)
    attention = []
    if goal.status not in FINISHED:
        if goal.target_date is not None and goal.target_date < today:
            attention.append("past_date")
        if latest is None or today - latest.date > CHECK_IN_EVERY:
            attention.append("no_check_in")
    agreements = [a for a in plan.agreements if a.goal_id == goal.id and not a.done]
    return GoalStatus(goal, latest, attention, len(agreements),
                      sum(is_overdue(a, today) for a in agreements))


def next_evaluation(plan: Plan) -> Evaluation | None:
    """The earliest evaluation not yet held (it may already be late)."""
    waiting = [e for e in plan.evaluations if e.held is None]
    return min(waiting, key=lambda e: e.planned) if waiting else None


def overview(plan: Plan, today: dt.date) -> Overview:
    statuses = [goal_status(plan, goal, today) for goal in plan.goals]
    # Unfinished goals first, those needing attention at the top.
    statuses.sort(key=lambda s: (s.goal.status in FINISHED, not s.attention))
    due = sorted((a for a in plan.agreements
                  if not a.done and a.due is not None and a.due <= today + WEEK),
                 key=lambda a: a.due)
    return Overview(statuses, due, next_evaluation(plan))


def agreements_of(plan: Plan, goal_id: str) -> list[Agreement]:
    return sorted((a for a in plan.agreements if a.goal_id == goal_id),
                  key=lambda a: (a.done, a.due or dt.date.max))


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
