"""The record types of the gezinsplan (CJG4kracht template, see docs/domain.md).

Each field names its validator (helpers in base.py); Part/Record supply to_dict/from_dict.
Codes are stored in English; the UI translates their labels.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from family_app.domain.base import (
    Part, Record, day, email, language, languages, long, maybe_one_of, name, number, one_of,
    part, parts, ref, refs, short, some_of, texts, yes_no,
)
from family_app.domain.errors import N_, ONLY_WHEN_REFERRED, ValidationError

ROLES = ("parent", "youth", "child", "other")
CIRCLES = ("family", "friends", "neighbourhood", "school", "work", "leisure")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
GOAL_KINDS = ("wish", "must")  # what the family wants vs what must change (safety, law)
LIFE_DOMAINS = ("parenting", "school_work", "income_debts", "housing", "health", "daytime",
                "relations_network", "safety")
GOAL_STATUSES = ("open", "in_progress", "achieved", "let_go")
LOG_KINDS = ("phone", "home_visit", "meeting", "note")
DECISIONS = ("keep", "adjust", "reached", "let_go")
RESPONDENTS = ("parent", "youth")
GOAL_RESULTS = ("reached", "partly", "not")
RECIPIENT_KINDS = ("professional", "in_person", "family", "paper")  # paper: a print
# CBS codes for the reason the help ended, as the closure report needs them.
ENDINGS = {
    "01": N_("according to plan"),
    "02": N_("ended early by agreement"),
    "03": N_("stopped by the family"),
    "04": N_("stopped by the provider"),
    "05": N_("external circumstances"),
}


# --- who is in the plan -----------------------------------------------------------------

@dataclass(kw_only=True)
class Household(Record):
    name: str = name()
    language: str = language()  # the language the family writes in
    address: str = long()
    gp_name: str = short()  # huisarts
    gp_phone: str = short()


@dataclass(kw_only=True)
class Member(Record):
    name: str = name()
    role: str = one_of(ROLES, "other")
    birth_year: int | None = number(1900, 2100)
    birth_date: date | None = day()
    school_or_work: str = short()
    languages: list[str] = languages()
    phone: str = short()
    email: str = email()


@dataclass(kw_only=True)
class NetworkPerson(Record):
    name: str = name()
    relation: str = short()
    circle: str = one_of(CIRCLES, "family")
    may_think_along: bool = yes_no()
    attends_meetings: bool = yes_no()
    phone: str = short()
    email: str = email()
    can_help_with: str = long()
    beside_family: bool = yes_no()  # stands beside the family
    central_contact: bool = yes_no()  # the central point of contact


@dataclass(kw_only=True)
class Professional(Record):
    name: str = name()
    organisation: str = short()
    role: str = short()
    reachable_days: list[str] = some_of(DAYS)
    phone: str = short()
    email: str = email()
    coordination: str = long()  # how the professionals agree to work together
    signing_key: str | None = ref()  # public keys of a paired begeleider
    agreement_key: str | None = ref()


# --- goals and what we agree to do ------------------------------------------------------

@dataclass(kw_only=True)
class Score(Record):
    date: date = day(required=True)
    score: int = number(0, 10, required=True)
    by: str | None = ref()  # member id or a free name
    note: str = long()


@dataclass(kw_only=True)
class Goal(Record):
    owners: list[str] = refs(at_least_one=True)  # member ids
    text: str = long(required=True)  # as the family wrote it
    language: str = language()
    kind: str = one_of(GOAL_KINDS, "wish")
    domain: str | None = maybe_one_of(LIFE_DOMAINS)
    how_we_know: str = long()
    target_date: date | None = day()
    status: str = one_of(GOAL_STATUSES, "open")
    scores: list[Score] = parts(Score)


@dataclass(kw_only=True)
class Agreement(Record):
    goal_id: str = ref(required=True)
    what: str = long(required=True)
    how: str = long()
    who: list[str] = refs()  # member, network or professional ids
    due: date | None = day()
    done: bool = yes_no()
    what_worked: str = long()


@dataclass(kw_only=True)
class SafetySnapshot(Record):
    date: date = day(required=True)
    going_well: list[str] = texts()
    worries: list[str] = texts()
    needed: list[str] = texts()  # what is needed so the worries decrease
    scale: int | None = number(0, 10)


@dataclass(kw_only=True)
class LogEntry(Record):
    date: date = day(required=True)
    kind: str = one_of(LOG_KINDS, "note")
    text: str = long(required=True)
    author: str | None = ref()  # id or a free name
    language: str = language()


# --- evaluating and closing -------------------------------------------------------------

@dataclass(kw_only=True)
class GoalReview(Record):
    goal_id: str = ref(required=True)
    decision: str = one_of(DECISIONS)
    note: str = long()


@dataclass(kw_only=True)
class Evaluation(Record):
    planned: date = day(required=True)
    held: date | None = day()
    notes: str = long()
    reviews: list[GoalReview] = parts(GoalReview)
    changes: str = long()
    next_planned: date | None = day()


@dataclass(kw_only=True)
class Trajectory(Record):
    referred: date | None = day()
    referred_by: str = short()
    first_visit: date | None = day()
    plan_made: date | None = day()
    closed: date | None = day()

    def days_referral_to_first_visit(self) -> int | None:
        """Monitoring indicator: the norm is a first visit within 7-10 days."""
        if self.referred is None or self.first_visit is None:
            return None
        return (self.first_visit - self.referred).days


@dataclass(kw_only=True)
class GoalResult(Part):
    goal_id: str = ref(required=True)
    result: str = one_of(GOAL_RESULTS)


@dataclass(kw_only=True)
class Satisfaction(Part):
    """The five 0-10 items of the closure form; None means not applicable (not zero)."""

    help_overall: int | None = number(0, 10)
    contact_begeleider: int | None = number(0, 10)
    speed_of_start: int | None = number(0, 10)
    managing_again: int | None = number(0, 10)
    referral_support: int | None = number(0, 10)  # only when referred onward


@dataclass(kw_only=True)
class Closure(Record):
    closed_on: date = day(required=True)
    respondent: str = one_of(RESPONDENTS, "parent")
    goal_results: list[GoalResult] = parts(GoalResult)
    ending: str = one_of(tuple(ENDINGS))
    can_carry_on: bool = yes_no()
    referred_onward: bool = yes_no()
    warm_handover: str = long()
    finger_on_pulse_who: str = short()  # "vinger aan de pols": who keeps an eye
    finger_on_pulse_until: date | None = day()
    call_when_hard: str = long()
    satisfaction: Satisfaction = part(Satisfaction)
    helped_most: str = long()

    @classmethod
    def check(cls, values: dict[str, Any]) -> None:
        if not values["referred_onward"] and values["satisfaction"].referral_support is not None:
            raise ValidationError("satisfaction.referral_support", ONLY_WHEN_REFERRED)


# --- the young person's own plan --------------------------------------------------------

@dataclass(kw_only=True)
class YouthGoal(Record):
    text: str = long(required=True)
    how_we_know: str = long()
    scores: list[Score] = parts(Score)
    linked_family_goal_id: str | None = ref()


@dataclass(kw_only=True)
class TrustedPerson(Record):
    """The adult the young person chose to trust (JIM)."""

    name: str = name()
    phone: str = short()
    email: str = email()


@dataclass(kw_only=True)
class YouthPlan(Record):
    owner_name: str = name()
    going_well: list[str] = texts()
    worries: list[str] = texts()
    dreams: list[str] = texts()
    goals: list[YouthGoal] = parts(YouthGoal)
    trusted_person: TrustedPerson | None = part(TrustedPerson, optional=True)
    talk_to_when_hard: list[str] = texts()


# --- consent log ------------------------------------------------------------------------

@dataclass(kw_only=True)
class ShareRecord(Record):
    """One sharing the family agreed to: with whom, what, until when."""

    created: date = day(required=True)
    recipient_name: str = name()
    recipient_kind: str = one_of(RECIPIENT_KINDS)
    professional_id: str | None = ref()
    sections: list[str] = texts()  # plan table names shared
    goal_ids: list[str] = refs()
    expires: date = day(required=True)
    revoked: date | None = day()
    bundle_id: str = short()
