"""The family sends its closure report: a "closure" bundle to the paired begeleider or CJG.

The family chooses whether names travel along. Without names the report holds no name and
none of the family's own words: only counts, the result per goal, the ending code, yes/no
answers, the satisfaction scores, the trajectory dates and the duration, plus the plan's
random id so that a report sent twice is counted once. With names it also holds the
household's and members' names, the goal texts and the open answers (who keeps a finger on
the pulse, whom to call, what helped most).

Every sending is a line in the consent log (a ShareRecord): sections ["closures"] without
names, ["closures", "names"] with names. A young person sends their own report from their
own profile (respondent "youth"), with the consent log and pairing kept in their own vault.
The payload format is described in docs/report.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sync.bundle import seal
from sync.identity import PublicIdentity

from family_app.bundles import lifetimes
from family_app.clock import Rng, now_or
from family_app.closure.closure import QUESTIONS
from family_app.domain import Closure, Plan, Professional, ShareRecord, YouthPlan
from family_app.plan.plan_book import PlanBook
from family_app.sharing.sharing import public_identity
from family_app.youth import youth_sharing
from family_app.youth.youth_book import YouthBook

CLOSURE_FORMAT = "onsplan-closure/1"
SECTIONS_WITHOUT_NAMES = ["closures"]
SECTIONS_WITH_NAMES = ["closures", "names"]  # "names": names and the family's own words


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def duration_start(referred: dt.date | None,
                   first_visit: dt.date | None) -> tuple[dt.date | None, str]:
    """Where the duration is counted from: the first visit, else the referral."""
    if first_visit is not None:
        return first_visit, "first_visit"
    if referred is not None:
        return referred, "referral"
    return None, ""


def _common(closure: Closure, *, respondent: str, plan_id: str, household_id: str,
            with_names: bool, goals: list[dict[str, Any]], goal_count: int) -> dict[str, Any]:
    s = closure.satisfaction
    payload: dict[str, Any] = {
        "format": CLOSURE_FORMAT,
        "respondent": respondent,
        "plan_id": plan_id,
        "household_id": household_id,
        "closure_id": closure.id,
        "closed_on": closure.closed_on.isoformat(),
        "ending": closure.ending,
        "can_carry_on": closure.can_carry_on,
        "referred_onward": closure.referred_onward,
        "warm_handover": bool(closure.warm_handover),
        "finger_on_pulse": bool(closure.finger_on_pulse_who or closure.finger_on_pulse_until),
        "finger_on_pulse_until": _iso(closure.finger_on_pulse_until),
        "call_when_hard": bool(closure.call_when_hard),
        "satisfaction": {key: getattr(s, key) for key in QUESTIONS},
        "goal_count": goal_count,
        "goals": goals,
        "with_names": with_names,
    }
    if with_names:
        payload["texts"] = {"warm_handover": closure.warm_handover,
                            "finger_on_pulse_who": closure.finger_on_pulse_who,
                            "call_when_hard": closure.call_when_hard,
                            "helped_most": closure.helped_most}
    return payload


def closure_payload(plan: Plan | YouthPlan, closure: Closure, *, with_names: bool) -> dict:
    """The CBOR-ready (and JSON-safe) content of a closure bundle; see docs/report.md."""
    if isinstance(plan, YouthPlan):
        return youth_closure_payload(plan, closure, with_names=with_names)
    household = plan.household
    household_id = household.id if household else ""
    goals = []
    for result in closure.goal_results:
        goal = plan.goal(result.goal_id)
        item: dict[str, Any] = {"result": result.result,
                                "kind": goal.kind if goal else None,
                                "domain": goal.domain if goal else None}
        if with_names:
            item["text"] = goal.text if goal else ""
        goals.append(item)
    payload = _common(closure, respondent=closure.respondent, plan_id=household_id,
                      household_id=household_id, with_names=with_names, goals=goals,
                      goal_count=len(plan.goals))
    t = plan.trajectory
    closed = closure.closed_on
    start, start_kind = duration_start(t.referred, t.first_visit)
    payload.update({
        "members": len(plan.members),
        "trajectory": {"referred": _iso(t.referred), "first_visit": _iso(t.first_visit),
                       "plan_made": _iso(t.plan_made), "closed": closed.isoformat()},
        "days_referral_to_first_visit": t.days_referral_to_first_visit(),
        "duration_days": (closed - start).days if start else None,
        "duration_from": start_kind,
    })
    if with_names:
        payload["names"] = {"household": household.name if household else "",
                            "members": [m.name for m in plan.members]}
    return payload


def youth_closure_payload(plan: YouthPlan, closure: Closure, *, with_names: bool) -> dict:
    """A young person's own report: their goals, their answers; no family data at all."""
    texts = {g.id: g.text for g in plan.goals}
    goals = []
    for result in closure.goal_results:
        item: dict[str, Any] = {"result": result.result, "kind": None, "domain": None}
        if with_names:
            item["text"] = texts.get(result.goal_id, "")
        goals.append(item)
    payload = _common(closure, respondent="youth", plan_id=plan.id, household_id="",
                      with_names=with_names, goals=goals, goal_count=len(plan.goals))
    payload.update({"members": 1,
                    "trajectory": {"referred": None, "first_visit": None, "plan_made": None,
                                   "closed": closure.closed_on.isoformat()},
                    "days_referral_to_first_visit": None, "duration_days": None,
                    "duration_from": ""})
    if with_names:
        payload["names"] = {"household": "", "members": [plan.owner_name]}
    return payload


def _recipient(to: Professional) -> PublicIdentity:
    if not (to.signing_key and to.agreement_key):
        raise ValueError(f"{to.name} is not paired: pair with the begeleider first")
    return public_identity(to)


def _seal(payload: dict, sender, to: Professional, days: int | None, moment: dt.datetime,
          rng: Rng, with_names: bool) -> tuple[bytes, ShareRecord]:
    if days is not None and not lifetimes.allowed_days("closure", days):
        raise ValueError(f"days must be from 1 to {lifetimes.longest_days('closure')}")
    recipient = _recipient(to)
    if not with_names:  # the bundle's sender name would otherwise carry the family's name
        sender = sender.renamed("", "")
    expires = lifetimes.expiry("closure", moment, days)
    bundle_id = rng(16)
    bundle = seal("closure", payload, sender, to=recipient, expires=expires, now=moment,
                  rng=rng, bundle_id=bundle_id)
    record = ShareRecord(
        created=moment.date(), recipient_name=to.name, recipient_kind="professional",
        professional_id=to.id,
        sections=list(SECTIONS_WITH_NAMES if with_names else SECTIONS_WITHOUT_NAMES),
        expires=expires.date(), bundle_id=bundle_id.hex())
    return bundle, record


def send_closure(book: PlanBook, closure: Closure, *, to: Professional, with_names: bool,
                 days: int | None = None, now: dt.datetime | None = None) -> bytes:
    """Seal the closure report to a paired professional and record it in the consent log
    (for `days`, or else as long as lifetimes.py says)."""
    plan = book.plan()
    if not any(p.id == to.id for p in plan.professionals):
        raise ValueError(f"{to.name} is not one of this plan's professionals")
    household = plan.household
    name = household.name if (household and with_names) else ""
    sender = book.opened.identity(name) if name else book.opened.identity()
    payload = closure_payload(plan, closure, with_names=with_names)
    bundle, record = _seal(payload, sender, to, days, now_or(now, book.opened.now),
                           book.opened.rng, with_names)
    book.save("shares", record)
    return bundle


# --- a young person's own report ------------------------------------------------------------

def send_youth_closure(youth_book: YouthBook, closure: Closure, *, to: Professional,
                       with_names: bool, days: int | None = None,
                       now: dt.datetime | None = None) -> bytes:
    """The young person's closure report, sealed from their own profile and logged there."""
    plan = youth_book.plan()
    name = plan.owner_name if with_names else ""
    sender = youth_book.opened.identity(name) if name else youth_book.opened.identity()
    payload = youth_closure_payload(plan, replace(closure, respondent="youth"),
                                    with_names=with_names)
    bundle, record = _seal(payload, sender, to, days, now_or(now, youth_book.opened.now),
                           youth_book.opened.rng, with_names)
    youth_sharing.record_share(youth_book, record)
    return bundle
