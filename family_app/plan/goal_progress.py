"""Check-ins, ticking off agreements and holding an evaluation: the plan in motion."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from family_app.domain import Evaluation, Goal, GoalReview, Score
from family_app.plan.plan_book import PlanBook

# What an evaluation's decision does to the goal's status.
STATUS_AFTER = {"reached": "achieved", "let_go": "let_go", "keep": None, "adjust": None}


def check_in(book: PlanBook, goal_id: str, score: int, *, by: str | None, note: str = "",
             on: dt.date | None = None) -> Goal:
    """'Where are we now, 0-10?' A first check-in means work on the goal has started."""
    goal = book.get("goals", goal_id)
    goal.scores.append(Score(date=on or book.opened.today(), score=score, by=by, note=note))
    if goal.status == "open":
        goal.status = "in_progress"
    return book.save("goals", goal)


def set_done(book: PlanBook, agreement_id: str, done: bool, what_worked: str | None = None):
    agreement = book.get("agreements", agreement_id)
    agreement.done = done
    if what_worked is not None:
        agreement.what_worked = what_worked
    return book.save("agreements", agreement)


def hold_evaluation(book: PlanBook, decisions: dict[str, tuple[str, str]], *, changes: str,
                    next_date: dt.date | None, evaluation_id: str | None = None,
                    today: dt.date | None = None) -> Evaluation:
    """Record an evaluation (the planned one, or a new one) in one save.

    decisions: goal id -> (keep|adjust|reached|let_go, note). Reached and let-go goals
    change status; a next date plans the next evaluation.
    """
    today = today or book.opened.today()
    reviews = [GoalReview(goal_id=goal_id, decision=decision, note=note)
               for goal_id, (decision, note) in decisions.items()]
    if evaluation_id:
        evaluation = replace(book.get("evaluations", evaluation_id), held=today, reviews=reviews,
                             changes=changes, next_planned=next_date)
    else:
        evaluation = Evaluation(planned=today, held=today, reviews=reviews, changes=changes,
                                next_planned=next_date)
    with book.vault.action():
        for review in reviews:
            status = STATUS_AFTER[review.decision]
            if status:
                book.save("goals", replace(book.get("goals", review.goal_id), status=status))
        saved = book.save("evaluations", evaluation)
        if next_date is not None:
            book.save("evaluations", Evaluation(planned=next_date))
    return saved
