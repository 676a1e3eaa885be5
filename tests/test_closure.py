"""Afronding (family_app.closure.closure, family_app.closure.closure_report): closing, reopening, the young
person's own closure, and the closure report the family sends."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from family_app.closure import closure, closure_report
from family_app.sharing import sharing, viewer
from family_app.youth import youth_sharing
from family_app.report.cjg_report import BadClosure, open_closure
from family_app.report.closure_inbox import (import_closure, me_of, received_closure_reports,
                                             received_closures)
from family_app.domain import Closure, ValidationError
from family_app.profiles.export import export_profile
from family_app.plan.plan_book import PlanBook
from i18n import translator
from sync.bundle import open_bundle, seal
from sync.share_payload import Scope


TODAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)




@pytest.fixture
def book(de_vries):
    return PlanBook(de_vries)


def answers(book, **changes) -> closure.ClosureAnswers:
    goals = book.plan().goals
    values = dict(
        goal_results={goals[0].id: "reached", goals[1].id: "partly", goals[2].id: "not"},
        ending="01", can_carry_on=True, referred_onward=False,
        finger_on_pulse_who="Oma Ria", finger_on_pulse_until=dt.date(2026, 9, 1),
        call_when_hard="Het CJG, 055-5800000",
        satisfaction={"help_overall": 9, "contact_begeleider": 10, "speed_of_start": 8,
                      "managing_again": 8, "referral_support": None},
        helped_most="Dat we zelf het tempo bepaalden")
    values.update(changes)
    return closure.ClosureAnswers(**values)


# --- closing and reopening ----------------------------------------------------------------

def test_close_records_the_closure_the_date_and_the_goals_reached(book):
    before = {g.id: g.status for g in book.plan().goals}
    given = answers(book)
    made = closure.close_plan(book, given, today=TODAY)
    plan = book.plan()
    assert closure.is_closed(plan) and plan.trajectory.closed == TODAY
    assert closure.latest_closure(plan) == made
    assert made.respondent == "parent" and made.closed_on == TODAY and made.ending == "01"
    assert made.finger_on_pulse_who == "Oma Ria" and made.call_when_hard.startswith("Het CJG")
    assert made.satisfaction.referral_support is None  # not applicable, not 0
    statuses = {g.id: g.status for g in plan.goals}
    reached, partly, not_reached = list(given.goal_results)
    assert statuses[reached] == "achieved"
    assert statuses[partly] == before[partly] and statuses[not_reached] == before[not_reached]
    assert {r.goal_id: r.result for r in made.goal_results} == given.goal_results


def test_closing_is_one_atomic_save(book, monkeypatch):
    before = book.plan()
    version = book.version
    real_save = book.save

    def failing_save(table, record):
        if table == "closures":
            raise OSError("disk full")
        return real_save(table, record)

    monkeypatch.setattr(book, "save", failing_save)
    with pytest.raises(OSError):
        closure.close_plan(book, answers(book), today=TODAY)
    after = book.plan()
    assert not closure.is_closed(after) and after.closures == []
    assert [g.status for g in after.goals] == [g.status for g in before.goals]
    assert book.version == version


def test_reopen_keeps_the_closure_and_a_second_closure_is_the_latest(book):
    first = closure.close_plan(book, answers(book), today=TODAY)
    with pytest.raises(closure.PlanAlreadyClosed):
        closure.close_plan(book, answers(book), today=TODAY)
    plan = closure.reopen(book)
    assert not closure.is_closed(plan) and plan.closures == [first]
    second = closure.close_plan(book, answers(book, ending="02"),
                                today=TODAY + dt.timedelta(days=60))
    plan = book.plan()
    assert [c.id for c in plan.closures] == [first.id, second.id]
    assert closure.latest_closure(plan).id == second.id
    assert plan.trajectory.closed == TODAY + dt.timedelta(days=60)


def test_a_closed_plan_stays_readable_and_exportable(book):
    closure.close_plan(book, answers(book), today=TODAY)
    plan = book.plan()
    assert plan.household.name and plan.goals and plan.members
    exported = json.loads(json.dumps(export_profile(book.opened)))
    assert exported["tables"]["trajectory"][0]["closed"] == TODAY.isoformat()
    assert exported["tables"]["closures"][0]["satisfaction"]["help_overall"] == 9
    assert exported["tables"]["closures"][0]["satisfaction"]["referral_support"] is None


def test_wizard_lists_the_questions_and_codes():
    assert closure.QUESTIONS == ("help_overall", "contact_begeleider", "speed_of_start",
                                 "managing_again", "referral_support")
    assert closure.ENDING_CODES == ("01", "02", "03", "04", "05")


# --- validation names the field ------------------------------------------------------------

def field_of(book, **changes) -> str:
    with pytest.raises(ValidationError) as caught:
        closure.close_plan(book, answers(book, **changes), today=TODAY)
    assert not closure.is_closed(book.plan()) and book.plan().closures == []
    return caught.value.field


def scores(**changes):
    base = {"help_overall": 9, "contact_begeleider": 10, "speed_of_start": 8,
            "managing_again": 8, "referral_support": None}
    return {**base, **changes}


def test_referral_support_only_when_referred_onward(book):
    for given in (0, 7):
        wrong = field_of(book, satisfaction=scores(referral_support=given))
        assert wrong == "satisfaction.referral_support"
    made = closure.close_plan(book, answers(book, referred_onward=True, can_carry_on=False,
                                            warm_handover="Samen kennisgemaakt",
                                            satisfaction=scores(referral_support=7)), today=TODAY)
    assert made.satisfaction.referral_support == 7


@pytest.mark.parametrize("bad", [11, -1, True, "9", 8.5])
def test_scores_are_whole_numbers_from_0_to_10(book, bad):
    assert field_of(book, satisfaction=scores(speed_of_start=bad)) == "satisfaction.speed_of_start"


def test_a_score_of_0_is_a_real_answer(book):
    made = closure.close_plan(book, answers(book, satisfaction=scores(help_overall=0)), today=TODAY)
    assert made.satisfaction.help_overall == 0


def test_unknown_question_goal_result_and_ending_are_refused(book):
    assert field_of(book, satisfaction=scores(speed=7)) == "satisfaction.speed"
    assert field_of(book, goal_results={"no-such-goal": "reached"}) == "goal_results[no-such-goal]"
    goal = book.plan().goals[0].id
    assert field_of(book, goal_results={goal: "half"}) == f"goal_results[{goal}]"
    assert field_of(book, ending="06") == "ending"
    assert field_of(book, ending="") == "ending"
    assert field_of(book, can_carry_on="yes") == "can_carry_on"


# --- the young person's own closure --------------------------------------------------------

def youth_answers(youth_book, **changes):
    goal = youth_book.plan().goals[0].id
    values = dict(goal_results={goal: "partly"}, ending="01", can_carry_on=True,
                  satisfaction={"help_overall": 8, "contact_begeleider": 9, "speed_of_start": 7,
                                "managing_again": 8},
                  helped_most="Praten met tante Ayse")
    values.update(changes)
    return closure.ClosureAnswers(**values)


def test_youth_closure_goes_to_the_youth_vault_only(daan, family):
    family_before = family.opened.vault.read_all()
    made = closure.close_youth_plan(daan, youth_answers(daan), today=TODAY)
    assert made.respondent == "youth"
    assert closure.youth_closures(daan) == [made]
    assert closure.latest_youth_closure(daan) == made and closure.youth_is_closed(daan)
    stored = daan.vault.table(closure.YOUTH_CLOSURES_TABLE).all()
    assert [Closure.from_dict(dict(d)).id for d in stored] == [made.id]
    assert family.opened.vault.read_all() == family_before  # nothing in the family's vault
    assert family.plan().closures == [] and not closure.is_closed(family.plan())
    assert daan.plan().goals  # the young person's plan stays readable
    with pytest.raises(closure.PlanAlreadyClosed):
        closure.close_youth_plan(daan, youth_answers(daan), today=TODAY)
    closure.reopen_youth(daan)
    assert not closure.youth_is_closed(daan) and closure.youth_closures(daan) == [made]


def test_youth_goal_results_refer_to_the_young_persons_own_goals(daan, family):
    family_goal = family.plan().goals[0].id
    with pytest.raises(ValidationError) as caught:
        closure.close_youth_plan(daan, youth_answers(daan, goal_results={family_goal: "reached"}),
                                 today=TODAY)
    assert caught.value.field == f"goal_results[{family_goal}]"
    with pytest.raises(ValidationError) as caught:
        closure.close_youth_plan(daan, youth_answers(daan, satisfaction={"help_overall": 12}),
                                 today=TODAY)
    assert caught.value.field == "satisfaction.help_overall"
    assert closure.youth_closures(daan) == []


# --- the closure report the family sends -----------------------------------------------------

def strings(value) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(set(), *(strings(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(set(), *(strings(v) for v in value))
    return set()


def family_words(plan, made) -> set[str]:
    words = {plan.household.name, *(m.name for m in plan.members), *(g.text for g in plan.goals),
             made.finger_on_pulse_who, made.call_when_hard, made.helped_most}
    return {w for w in words if w}


def test_payload_without_names_holds_no_names_and_no_words_of_the_family(book):
    made = closure.close_plan(book, answers(book), today=TODAY)
    plan = book.plan()
    payload = closure_report.closure_payload(plan, made, with_names=False)
    found = strings(payload)
    for word in family_words(plan, made):
        assert not any(word in text for text in found), word
    assert payload["household_id"] == plan.household.id == payload["plan_id"]
    assert payload["respondent"] == "parent" and payload["ending"] == "01"
    assert [g["result"] for g in payload["goals"]] == ["reached", "partly", "not"]
    assert payload["goal_count"] == len(plan.goals) and payload["members"] == len(plan.members)
    assert payload["satisfaction"]["referral_support"] is None
    assert payload["trajectory"]["closed"] == TODAY.isoformat()
    assert payload["days_referral_to_first_visit"] == plan.trajectory.days_referral_to_first_visit()
    assert payload["duration_days"] == (TODAY - plan.trajectory.first_visit).days
    assert payload["finger_on_pulse"] is True and payload["with_names"] is False
    json.dumps(payload)  # JSON-safe as well as CBOR-ready

    named = closure_report.closure_payload(plan, made, with_names=True)
    closed_goals = {r.goal_id for r in made.goal_results}
    other_goals = {g.text for g in plan.goals if g.id not in closed_goals}
    assert family_words(plan, made) - other_goals <= strings(named)


@pytest.fixture
def paired(book, begeleider):
    me = me_of(begeleider)
    return sharing.pair(book, me.public()).professional


@pytest.mark.parametrize("with_names", [False, True])
def test_send_closure_seals_a_closure_bundle_and_logs_the_choice(book, begeleider, paired,
                                                                 with_names):
    made = closure.close_plan(book, answers(book), today=TODAY)
    data = closure_report.send_closure(book, made, to=paired, with_names=with_names, now=NOW)
    bundle = open_bundle(data, me=me_of(begeleider), now=NOW)
    assert bundle.kind == "closure"
    assert bundle.expires == NOW + dt.timedelta(days=365)
    household = book.plan().household.name
    assert (bundle.sender.name == household) if with_names else (bundle.sender.name == "")
    assert bundle.payload["with_names"] is with_names
    log = book.plan().shares[-1]
    assert log.sections == (["closures", "names"] if with_names else ["closures"])
    assert log.recipient_kind == "professional" and log.professional_id == paired.id
    assert log.bundle_id == bundle.bundle_id
    assert log.expires == (NOW + dt.timedelta(days=365)).date()
    report = open_closure(data, me_of(begeleider), now=NOW)
    assert report.respondent == "parent" and report.plan_id == book.plan().household.id


def test_send_closure_needs_a_paired_professional(book):
    made = closure.close_plan(book, answers(book), today=TODAY)
    unpaired = next(p for p in book.plan().professionals if not p.signing_key)
    with pytest.raises(ValueError):
        closure_report.send_closure(book, made, to=unpaired, with_names=False, now=NOW)
    assert book.plan().shares == []


def test_the_begeleider_imports_a_closure_once_and_the_newest_counts(book, begeleider, paired):
    # The family shared its plan before: the begeleider's app knows its key (reports from
    # other keys are not counted, tests/test_begeleider_trust.py).
    shared = sharing.share(book, Scope.preset("current"), to=paired, now=NOW)
    viewer.receive(begeleider, shared.bundle, now=NOW)
    made = closure.close_plan(book, answers(book), today=TODAY)
    first = closure_report.send_closure(book, made, to=paired, with_names=False, now=NOW)
    assert import_closure(begeleider, first, now=NOW).status == "new"
    assert import_closure(begeleider, first, now=NOW).status == "same"
    closure.reopen(book)
    later = closure.close_plan(book, answers(book, ending="02"),
                               today=TODAY + dt.timedelta(days=30))
    second = closure_report.send_closure(book, later, to=paired, with_names=False,
                                         now=NOW + dt.timedelta(days=30))
    assert import_closure(begeleider, second, now=NOW).status == "replaced"
    assert import_closure(begeleider, first, now=NOW).status == "older"
    report = received_closures(begeleider, now=NOW)
    assert report.n == 1 and report.parents.endings["02"].count == 1
    # The family withdraws it: the revocation removes it from the begeleider's report.
    record = next(s for s in book.plan().shares if s.bundle_id == open_bundle(
        second, me=me_of(begeleider), now=NOW).bundle_id)
    revocation = sharing.revoke(book, record.id, now=NOW)
    assert import_closure(begeleider, revocation.bundle, now=NOW).status == "revoked"
    assert received_closures(begeleider, now=NOW).n == 0


def test_youth_sends_their_own_report_from_their_own_profile(daan, family, begeleider):
    made = closure.close_youth_plan(daan, youth_answers(daan), today=TODAY)
    to = youth_sharing.pair(daan, me_of(begeleider).public())
    assert youth_sharing.paired(daan) == [to]
    family_before = family.opened.vault.read_all()
    data = closure_report.send_youth_closure(daan, made, to=to, with_names=False, now=NOW)
    assert family.opened.vault.read_all() == family_before
    [log] = youth_sharing.shares(daan)
    assert log.sections == ["closures"] and log.professional_id == to.id
    report = open_closure(data, me_of(begeleider), now=NOW)
    assert report.respondent == "youth" and report.plan_id == daan.plan().id
    assert report.household_id == "" and report.goal_results == ("partly",)
    assert daan.plan().owner_name not in strings(report.payload)
    assert "Praten met tante Ayse" not in strings(report.payload)
    # Daan shares his own plan with the begeleider too: his key is known there, so his
    # report counts (reports from other keys do not, tests/test_begeleider_trust.py).
    viewer.receive(begeleider, youth_sharing.youth_share(daan, ("goals",), language="nl",
                                                         to=to).bundle)
    assert import_closure(begeleider, data, now=NOW).status == "new"
    totals = received_closures(begeleider, now=NOW)
    assert totals.n == 0 and totals.youth.n == 1


def test_a_closure_that_breaks_the_spec_is_not_kept(book, begeleider, paired):
    """A genuine report from the family's own key, but with a goal count below zero."""
    made = closure.close_plan(book, answers(book), today=TODAY)
    sent = open_bundle(closure_report.send_closure(book, made, to=paired, with_names=False,
                                                   now=NOW), me=me_of(begeleider), now=NOW)
    data = seal("closure", {**sent.payload, "goal_count": -1}, book.opened.identity(""),
                to=me_of(begeleider).public(), expires=NOW + dt.timedelta(days=9), now=NOW)
    with pytest.raises(BadClosure) as refused:
        import_closure(begeleider, data, now=NOW)
    assert refused.value.outcome == "payload-failure"
    assert translator("nl").gettext(refused.value.problem) != refused.value.problem
    assert received_closure_reports(begeleider, now=NOW) == []
