"""Records validate their fields, name the bad field, and round-trip through to_dict."""
from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from family_app.domain import (
    SCHEMA_VERSION, Agreement, Closure, Evaluation, Goal, Household, LogEntry, Member,
    NetworkPerson, Professional, SafetySnapshot, Score, ShareRecord, Trajectory, ValidationError,
    YouthPlan,
)
from family_app.domain.fields import NAME_LIMIT, TEXT_LIMIT

VALID = {
    Household: {"name": "Gezin Jansen", "language": "nl", "address": "Dorpsstraat 1",
                "gp_name": "Dr. Bos", "gp_phone": "055-5700000"},
    Member: {"name": "Sanne", "role": "parent", "birth_year": 1987, "birth_date": "1987-05-01",
             "school_or_work": "Kassa", "languages": ["nl", "tr"], "phone": "06-1",
             "email": "sanne@example.nl"},
    NetworkPerson: {"name": "Oma Ria", "relation": "moeder", "circle": "family",
                    "may_think_along": True, "attends_meetings": False, "can_help_with": "Oppas",
                    "beside_family": True, "central_contact": False},
    Professional: {"name": "Karin", "organisation": "CJG", "role": "begeleider",
                   "reachable_days": ["mon", "thu"], "coordination": "Mailt na overleg",
                   "signing_key": "abc", "agreement_key": "def"},
    Score: {"date": "2025-11-04", "score": 0, "by": "m1", "note": "begin"},
    Goal: {"owners": ["m1"], "text": "Om 19.00 uur binnen", "language": "nl", "kind": "must",
           "domain": "safety", "how_we_know": "Elke avond", "target_date": "2026-03-01",
           "status": "in_progress", "scores": [{"date": "2025-11-04", "score": 10}]},
    Agreement: {"goal_id": "g1", "what": "Huiswerktijd", "how": "Timer", "who": ["m1", "n1"],
                "due": "2025-11-15", "done": True, "what_worked": "De timer"},
    SafetySnapshot: {"date": "2025-11-04", "going_well": ["Oma helpt"], "worries": ["Ruzie"],
                     "needed": ["Afspraken"], "scale": 5},
    LogEntry: {"date": "2025-11-04", "kind": "home_visit", "text": "Kennismaking",
               "author": "p1", "language": "nl"},
    Evaluation: {"planned": "2025-12-16", "held": "2026-01-13", "notes": "Goed",
                 "reviews": [{"goal_id": "g1", "decision": "adjust", "note": "Kleiner"}],
                 "changes": "Nieuw doel", "next_planned": "2026-03-03"},
    Trajectory: {"referred": "2025-10-24", "referred_by": "huisarts",
                 "first_visit": "2025-11-04", "plan_made": "2025-11-04", "closed": None},
    Closure: {"closed_on": "2026-03-01", "respondent": "youth",
              "goal_results": [{"goal_id": "g1", "result": "partly"}], "ending": "01",
              "can_carry_on": True, "referred_onward": True, "warm_handover": "Samen langs",
              "finger_on_pulse_who": "Oma Ria", "finger_on_pulse_until": "2026-06-01",
              "call_when_hard": "Tante Ayse",
              "satisfaction": {"help_overall": 9, "contact_begeleider": 8, "speed_of_start": None,
                               "managing_again": 7, "referral_support": 6},
              "helped_most": "Zelf het tempo bepalen"},
    YouthPlan: {"owner_name": "Daan", "going_well": ["Voetbal"], "worries": ["Wiskunde"],
                "dreams": ["Monteur"], "talk_to_when_hard": ["Ayse"],
                "goals": [{"text": "Een 6 voor wiskunde", "linked_family_goal_id": "g2",
                           "scores": [{"date": "2026-01-10", "score": 5}]}],
                "trusted_person": {"name": "Tante Ayse", "phone": "06-11122233"}},
    ShareRecord: {"created": "2026-01-01", "recipient_name": "Karin",
                  "recipient_kind": "professional", "professional_id": "p1",
                  "sections": ["goals", "agreements"], "goal_ids": ["g1"],
                  "expires": "2026-02-01", "revoked": None, "bundle_id": "b-1"},
}


def error_of(cls, data) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        cls.from_dict(data)
    return caught.value


@pytest.mark.parametrize("cls", list(VALID), ids=lambda c: c.__name__)
def test_valid_record_round_trips_through_json(cls):
    record = cls.from_dict(VALID[cls])
    stored = record.to_dict()
    assert stored["v"] == SCHEMA_VERSION
    assert stored["id"] == record.id and len(record.id) == 32
    again = cls.from_dict(json.loads(json.dumps(stored)))
    assert again == record
    assert again.to_dict() == stored


@pytest.mark.parametrize("cls", list(VALID), ids=lambda c: c.__name__)
def test_unknown_keys_are_ignored(cls):
    assert cls.from_dict({**VALID[cls], "colour": "blue", "key": "x"}).to_dict().keys() \
        == cls.from_dict(VALID[cls]).to_dict().keys()


def test_parsed_values_are_python_types():
    goal = Goal.from_dict(VALID[Goal])
    assert goal.target_date == date(2026, 3, 1)
    assert goal.scores[0].score == 10 and goal.scores[0].date == date(2025, 11, 4)
    assert Trajectory.from_dict(VALID[Trajectory]).days_referral_to_first_visit() == 11
    assert Trajectory().days_referral_to_first_visit() is None


def test_fresh_ids_differ_and_stored_ids_are_kept():
    first, second = Household.from_dict({"name": "A"}), Household.from_dict({"name": "A"})
    assert first.id != second.id
    assert Household.from_dict({"name": "A", "id": "abc"}).id == "abc"


def test_defaults_fill_missing_optional_fields():
    member = Member.from_dict({"name": "Lina"})
    assert (member.role, member.birth_year, member.languages) == ("other", None, [])
    assert member.phone == "" and member.birth_date is None
    goal = Goal.from_dict({"owners": ["m1"], "text": "x"})
    assert (goal.kind, goal.status, goal.language, goal.domain) == ("wish", "open", "nl", None)


@pytest.mark.parametrize("name", ["", "   ", "\n\t", None])
def test_empty_or_whitespace_name_is_required(name):
    err = error_of(Household, {"name": name})
    assert (err.field, err.problem) == ("name", "is required")
    assert str(err) == "name: is required"


def test_names_and_texts_are_stripped():
    assert Member.from_dict({"name": "  Lina \n"}).name == "Lina"


def test_too_long_texts_are_rejected_with_the_limit():
    assert Member.from_dict({"name": "x" * NAME_LIMIT}).name == "x" * NAME_LIMIT
    err = error_of(Member, {"name": "x" * (NAME_LIMIT + 1)})
    assert err.field == "name" and err.params == {"limit": NAME_LIMIT}
    assert str(err) == f"name: is too long (at most {NAME_LIMIT} characters)"
    err = error_of(Goal, {**VALID[Goal], "text": "y" * (TEXT_LIMIT + 1)})
    assert err.field == "text" and err.params == {"limit": TEXT_LIMIT}


@pytest.mark.parametrize(
    "bad", ["2024-02-30", "2025-13-01", "01-02-2025", "morgen", "2025-1-5", 20250101])
def test_invalid_target_date_names_the_field(bad):
    err = error_of(Goal, {**VALID[Goal], "target_date": bad})
    assert err.field == "target_date"
    assert str(err) == "target_date: is not a valid date (use YYYY-MM-DD)"


def test_leap_day_is_a_valid_date():
    goal = Goal.from_dict({**VALID[Goal], "target_date": "2024-02-29"})
    assert goal.target_date == date(2024, 2, 29)


@pytest.mark.parametrize("score", [11, -1, 5.5, "7", True])
def test_bad_score_names_its_path_inside_the_goal(score):
    data = {**VALID[Goal], "scores": [{"date": "2025-11-04", "score": 3},
                                      {"date": "2025-12-04", "score": score}]}
    err = error_of(Goal, data)
    assert err.field == "scores[1].score"
    assert err.params == {"low": 0, "high": 10}
    assert str(err) == "scores[1].score: must be a whole number from 0 to 10"


@pytest.mark.parametrize("cls, name, value", [
    (Member, "role", "grandparent"),
    (NetworkPerson, "circle", "church"),
    (Goal, "kind", "maybe"),
    (Goal, "domain", "money"),
    (Goal, "status", "done"),
    (LogEntry, "kind", "email"),
    (Closure, "ending", "06"),
    (ShareRecord, "recipient_kind", "public"),
])
def test_bad_choice_lists_the_choices(cls, name, value):
    err = error_of(cls, {**VALID[cls], name: value})
    assert err.field == name and err.problem == "must be one of: {choices}"
    assert value not in err.params["choices"].split(", ")


def test_bad_reachable_day_names_the_item():
    err = error_of(Professional, {**VALID[Professional], "reachable_days": ["mon", "maandag"]})
    assert err.field == "reachable_days[1]"


@pytest.mark.parametrize("cls, data, field", [
    (Goal, {"owners": [], "text": "x"}, "owners"),
    (Goal, {"text": "x"}, "owners"),
    (Goal, {"owners": ["m1"], "text": " "}, "text"),
    (Goal, {"owners": "m1", "text": "x"}, "owners"),
    (Agreement, {"what": "x"}, "goal_id"),
    (Agreement, {"goal_id": "g1"}, "what"),
    (SafetySnapshot, {}, "date"),
    (SafetySnapshot, {"date": "2025-01-01", "worries": ["ok", "  "]}, "worries[1]"),
    (LogEntry, {"date": "2025-01-01"}, "text"),
    (Evaluation, {}, "planned"),
    (Evaluation, {"planned": "2025-01-01", "reviews": [{"goal_id": "g", "decision": "x"}]},
     "reviews[0].decision"),
    (Member, {"name": "A", "birth_year": 1850}, "birth_year"),
    (Member, {"name": "A", "languages": ["nl", "not a tag"]}, "languages[1]"),
    (Member, {"name": "A", "email": "geen-mail"}, "email"),
    (NetworkPerson, {"name": "A", "may_think_along": "ja"}, "may_think_along"),
    (Household, {"name": "A", "language": "Nederlands!"}, "language"),
    (Household, {"name": 42}, "name"),
    (YouthPlan, {"owner_name": "D", "trusted_person": {"phone": "1"}}, "trusted_person.name"),
    (YouthPlan, {"owner_name": "D", "goals": [{"text": "a"}, {"text": ""}]}, "goals[1].text"),
    (ShareRecord, {"created": "2026-01-01", "recipient_name": "K",
                   "recipient_kind": "in_person"}, "expires"),
    (Closure, {"ending": "01"}, "closed_on"),
    (Closure, {"closed_on": "2026-01-01", "ending": "01",
               "satisfaction": {"help_overall": 12}}, "satisfaction.help_overall"),
    (Closure, {"closed_on": "2026-01-01", "ending": "01",
               "goal_results": [{"goal_id": "g1", "result": "almost"}]}, "goal_results[0].result"),
])
def test_errors_name_the_field(cls, data, field):
    assert error_of(cls, data).field == field


def test_record_must_be_a_mapping():
    err = error_of(Goal, ["not", "a", "dict"])
    assert err.field == "" and err.problem == "must be a group of fields"


def test_referral_support_only_when_referred_onward():
    data = {**VALID[Closure], "referred_onward": False}
    err = error_of(Closure, data)
    assert err.field == "satisfaction.referral_support"
    not_referred = {**data, "satisfaction": {**data["satisfaction"], "referral_support": None}}
    closure = Closure.from_dict(not_referred)
    assert closure.satisfaction.referral_support is None
    assert Closure.from_dict(VALID[Closure]).satisfaction.referral_support == 6


def test_not_applicable_satisfaction_stays_none_not_zero():
    closure = Closure.from_dict(VALID[Closure])
    assert closure.satisfaction.speed_of_start is None
    assert closure.to_dict()["satisfaction"]["speed_of_start"] is None


def test_within_prefixes_the_path():
    err = ValidationError("target_date", "is required")
    assert err.within("goals[2]").field == "goals[2].target_date"
    assert err.within("goals[2]").within("plan").field == "plan.goals[2].target_date"
    assert ValidationError("[1]", "x").within("who").field == "who[1]"
    assert ValidationError("", "x").within("name").field == "name"
    low = ValidationError("score", "must be a whole number from {low} to {high}", low=0, high=10)
    assert str(low.within("scores[0]")) == "scores[0].score: must be a whole number from 0 to 10"
    assert low.within("x").params == {"low": 0, "high": 10}


def test_validated_cleans_a_directly_edited_record():
    goal = Goal.from_dict(VALID[Goal])
    goal.text = "  Nieuw  "
    assert goal.validated().text == "Nieuw"
    goal.target_date = "2024-02-30"  # type: ignore[assignment]  # as a careless form might
    with pytest.raises(ValidationError):
        goal.validated()


# --- property tests: any text and date the family enters survives storage -------------

texts = st.text(max_size=200)
some_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def nonblank(limit):
    return st.text(min_size=1, max_size=limit).filter(lambda s: s.strip() != "")


score_dicts = st.fixed_dictionaries(
    {"date": some_dates.map(date.isoformat), "score": st.integers(0, 10)},
    optional={"by": st.none() | st.text(max_size=120), "note": texts},
)


def round_trips(cls, data):
    record = cls.from_dict(data)
    stored = json.loads(json.dumps(record.to_dict()))
    assert cls.from_dict(stored) == record
    return record


@given(score_dicts)
def test_score_round_trip(data):
    score = round_trips(Score, data)
    assert score.date.isoformat() == data["date"] and score.score == data["score"]


@given(st.fixed_dictionaries({
    "owners": st.lists(nonblank(40), min_size=1, max_size=4),
    "text": nonblank(TEXT_LIMIT),
    "how_we_know": texts,
    "target_date": st.none() | some_dates.map(date.isoformat),
    "kind": st.sampled_from(["wish", "must"]),
    "language": st.sampled_from(["nl", "pl", "ar", "pt-BR", "zh-Hant"]),
    "scores": st.lists(score_dicts, max_size=5),
}))
def test_goal_round_trip(data):
    goal = round_trips(Goal, data)
    assert goal.text == data["text"].strip()
    assert len(goal.scores) == len(data["scores"])


@given(some_dates, nonblank(TEXT_LIMIT), st.none() | st.text(max_size=120),
       st.sampled_from(["phone", "home_visit", "meeting", "note"]))
def test_log_entry_round_trip(day, text, author, kind):
    entry = round_trips(LogEntry, {"date": day, "text": text, "author": author, "kind": kind})
    assert entry.date == day and entry.text == text.strip()
