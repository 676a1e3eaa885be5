"""Afronding: the family (or a young person of 12 and up) closes its plan.

The closure wizard asks one question per screen and calls `close_plan` (or
`close_youth_plan`) once at the end with every answer. Closing is one atomic save: the
Closure record, the trajectory's closing date and the goals the family reached. The plan
stays the family's: readable, exportable, and `reopen` starts it again when something new
happens (earlier closures stay in the record).

Satisfaction item 5 (support with the referral) is only asked when the family was referred
onward; otherwise it is None, "not applicable", never 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from family_app.domain.errors import N_
from family_app.domain import ENDINGS, GOAL_RESULTS, Closure, Plan, ValidationError
from family_app.domain.errors import NOT_A_CHOICE, UNKNOWN_GOAL
from family_app.profiles.open_profile import SETTINGS_TABLE
from family_app.plan.plan_book import PlanBook
from family_app.youth.youth_book import YouthBook

# The five 0-10 satisfaction items of the closure form (docs/domain.md), in order.
QUESTIONS = ("help_overall", "contact_begeleider", "speed_of_start", "managing_again",
             "referral_support")
REFERRAL_ITEM = "referral_support"  # asked only when the family was referred onward
ENDING_CODES = tuple(ENDINGS)  # CBS reason-for-ending codes "01".."05"; ENDINGS has the words
DROPOUT_CODES = ("03", "04")  # stopped by the family / by the provider
RESULTS = GOAL_RESULTS  # "reached", "partly", "not"

YOUTH_CLOSURES_TABLE = "closures"  # in the youth vault (never in the family vault)
YOUTH_CLOSED_SETTING = "closed"  # ISO date while the young person's plan is closed


class PlanAlreadyClosed(ValueError):
    """close_plan on a plan that is closed: reopen it first (the screens offer that)."""

    problem = N_("This plan is already closed. Open it again first.")

    def __init__(self) -> None:
        super().__init__(self.problem)


@dataclass
class ClosureAnswers:
    """Everything the closure wizard asked, as the family answered it."""

    goal_results: dict[str, str] = field(default_factory=dict)  # goal id -> reached|partly|not
    ending: str = ""  # "01".."05" (ENDING_CODES)
    can_carry_on: bool = False
    referred_onward: bool = False
    warm_handover: str = ""
    finger_on_pulse_who: str = ""  # "vinger aan de pols"
    finger_on_pulse_until: dt.date | None = None
    call_when_hard: str = ""
    satisfaction: dict[str, int | None] = field(default_factory=dict)  # QUESTIONS -> 0-10|None
    helped_most: str = ""


def build_closure(answers: ClosureAnswers, goal_ids: set[str] | list[str], *, respondent: str,
                  today: dt.date) -> Closure:
    """The validated Closure record for these answers; errors name the answer's field.

    `goal_ids` are the goals the answers may refer to (the plan's, or the young person's)."""
    known = set(goal_ids)
    results = []
    for goal_id, result in (answers.goal_results or {}).items():
        where = f"goal_results[{goal_id}]"
        if goal_id not in known:
            raise ValidationError(where, UNKNOWN_GOAL)
        if result not in RESULTS:
            raise ValidationError(where, NOT_A_CHOICE, choices=", ".join(RESULTS))
        results.append({"goal_id": goal_id, "result": result})
    satisfaction = dict(answers.satisfaction or {})
    for key in satisfaction:
        if key not in QUESTIONS:
            raise ValidationError(f"satisfaction.{key}", NOT_A_CHOICE, choices=", ".join(QUESTIONS))
    # Closure.from_dict checks the rest: the ending code, 0-10 scores (bool is not a score),
    # yes/no answers, text lengths, and referral_support only when referred onward.
    return Closure.from_dict({
        "closed_on": today, "respondent": respondent, "goal_results": results,
        "ending": answers.ending, "can_carry_on": answers.can_carry_on,
        "referred_onward": answers.referred_onward, "warm_handover": answers.warm_handover,
        "finger_on_pulse_who": answers.finger_on_pulse_who,
        "finger_on_pulse_until": answers.finger_on_pulse_until,
        "call_when_hard": answers.call_when_hard,
        "satisfaction": {key: satisfaction.get(key) for key in QUESTIONS},
        "helped_most": answers.helped_most,
    })


# --- the family's plan --------------------------------------------------------------------

def is_closed(plan: Plan) -> bool:
    return plan.trajectory is not None and plan.trajectory.closed is not None


def latest_closure(plan: Plan) -> Closure | None:
    """The most recent closure (a reopened plan may have been closed more than once)."""
    if not plan.closures:
        return None
    # Stored order breaks ties: a later closure on the same day was written later.
    return max(enumerate(plan.closures), key=lambda pair: (pair[1].closed_on, pair[0]))[1]


def close_plan(book: PlanBook, answers: ClosureAnswers, *,
               today: dt.date | None = None) -> Closure:
    """Close the family's plan: one atomic save of the closure, the closing date and the
    goals reached (status "achieved"; other goals keep their status)."""
    day = today or book.opened.today()
    plan = book.plan()
    if is_closed(plan):
        raise PlanAlreadyClosed()
    closure = build_closure(answers, {g.id for g in plan.goals}, respondent="parent", today=day)
    reached = {r.goal_id for r in closure.goal_results if r.result == "reached"}
    with book.vault.action():  # PlanBook.save calls join this one write
        for goal in plan.goals:
            if goal.id in reached and goal.status != "achieved":
                book.save("goals", replace(goal, status="achieved"))
        book.save("trajectory", replace(plan.trajectory, closed=day))
        closure = book.save("closures", closure)
    return closure


def reopen(book: PlanBook, today: dt.date | None = None) -> Plan:
    """Open a closed plan again (something new happened); its closures stay in the record.

    `today` is accepted for symmetry with close_plan; the history line carries the time."""
    plan = book.plan()
    if is_closed(plan):
        book.save("trajectory", replace(plan.trajectory, closed=None))
    return book.plan()


# --- a young person's own plan ------------------------------------------------------------

def youth_closures(youth_book: YouthBook) -> list[Closure]:
    docs = youth_book.vault.records(YOUTH_CLOSURES_TABLE).all()
    return [Closure.from_dict(dict(doc)) for doc in docs]


def latest_youth_closure(youth_book: YouthBook) -> Closure | None:
    closures = youth_closures(youth_book)
    if not closures:
        return None
    return max(enumerate(closures), key=lambda pair: (pair[1].closed_on, pair[0]))[1]


def youth_is_closed(youth_book: YouthBook) -> bool:
    return youth_book.opened.setting(YOUTH_CLOSED_SETTING) is not None


def close_youth_plan(youth_book: YouthBook, answers: ClosureAnswers, *,
                     today: dt.date | None = None) -> Closure:
    """The young person's own closure (respondent "youth"), kept in their own vault only;
    goal results refer to their own goals."""
    day = today or youth_book.opened.today()
    if youth_is_closed(youth_book):
        raise PlanAlreadyClosed()
    plan = youth_book.plan()
    closure = build_closure(answers, {g.id for g in plan.goals}, respondent="youth", today=day)
    with youth_book.vault.action():
        youth_book.vault.records(YOUTH_CLOSURES_TABLE).add(closure.to_dict())
        youth_book.opened.put_setting(YOUTH_CLOSED_SETTING, day.isoformat())
    return closure


def reopen_youth(youth_book: YouthBook) -> None:
    if youth_is_closed(youth_book):
        settings = youth_book.vault.records(SETTINGS_TABLE)
        with youth_book.vault.action():
            doc = dict(settings.all()[0])
            doc.pop(YOUTH_CLOSED_SETTING, None)
            settings.replace([doc])


def youth_closure(youth_book: YouthBook, closure_id: str) -> Closure:
    doc = youth_book.vault.records(YOUTH_CLOSURES_TABLE).first(id=closure_id)
    if doc is None:
        raise KeyError(closure_id)
    return Closure.from_dict(dict(doc))
