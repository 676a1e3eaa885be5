"""The compact wire form of the plan's records: an integer key and a codec per field.

This table IS the format (docs/bundle-format.md, "Records"): keys and code lists are written
out here, not derived from the domain classes, so that a change in the domain cannot silently
change the bytes. tests/test_share_payload.py fails when the domain gains a field or a code
that is missing here; until it is added, such a value still travels, under its own name.
Keys once given are never reused for something else; new fields get new keys.
"""
from __future__ import annotations

from .codecs import Code, Codec, CodeSet, Day, Flag, HexKey, Language, ListOf, Number, Ref, Text
from .record_codec import Nested, Schema

# --- the pinned code lists -----------------------------------------------------------------
ROLES = ("parent", "youth", "child", "other")
CIRCLES = ("family", "friends", "neighbourhood", "school", "work", "leisure")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
GOAL_KINDS = ("wish", "must")
LIFE_DOMAINS = ("parenting", "school_work", "income_debts", "housing", "health", "daytime",
                "relations_network", "safety")
GOAL_STATUSES = ("open", "in_progress", "achieved", "let_go")
LOG_KINDS = ("phone", "home_visit", "meeting", "note")
DECISIONS = ("keep", "adjust", "reached", "let_go")
RESPONDENTS = ("parent", "youth")
GOAL_RESULTS = ("reached", "partly", "not")
RECIPIENT_KINDS = ("professional", "in_person", "family", "paper")  # append only: numbers are pinned
ENDINGS = ("01", "02", "03", "04", "05")

T, D, N, F, R = Text(), Day(), Number(), Flag(), Ref()


def _fields(*names_and_codecs: tuple[str, Codec]) -> tuple[tuple[str, int, Codec], ...]:
    return tuple((name, key, codec) for key, (name, codec) in enumerate(names_and_codecs, 2))


SCORE = Schema(_fields(("date", D), ("score", N), ("by", R), ("note", T)))
GOAL_REVIEW = Schema(_fields(("goal_id", R), ("decision", Code(DECISIONS)), ("note", T)))
GOAL_RESULT = Schema(_fields(("goal_id", R), ("result", Code(GOAL_RESULTS))), has_id=False)
SATISFACTION = Schema(_fields(("help_overall", N), ("contact_begeleider", N),
                              ("speed_of_start", N), ("managing_again", N),
                              ("referral_support", N)), has_id=False)

RECORDS: dict[str, Schema] = {
    "household": Schema(_fields(
        ("name", T), ("language", Language()), ("address", T), ("gp_name", T),
        ("gp_phone", T))),
    "members": Schema(_fields(
        ("name", T), ("role", Code(ROLES, "other")), ("birth_year", N), ("birth_date", D),
        ("school_or_work", T), ("languages", ListOf(T)), ("phone", T), ("email", T))),
    "network": Schema(_fields(
        ("name", T), ("relation", T), ("circle", Code(CIRCLES, "family")),
        ("may_think_along", F), ("attends_meetings", F), ("phone", T), ("email", T),
        ("can_help_with", T), ("beside_family", F), ("central_contact", F))),
    "professionals": Schema(_fields(
        ("name", T), ("organisation", T), ("role", T), ("reachable_days", CodeSet(WEEKDAYS)),
        ("phone", T), ("email", T), ("coordination", T), ("signing_key", HexKey()),
        ("agreement_key", HexKey()))),
    "goals": Schema(_fields(
        ("owners", ListOf(R)), ("text", T), ("language", Language()),
        ("kind", Code(GOAL_KINDS, "wish")), ("domain", Code(LIFE_DOMAINS)),
        ("how_we_know", T), ("target_date", D), ("status", Code(GOAL_STATUSES, "open")),
        ("scores", Nested(SCORE)))),
    "agreements": Schema(_fields(
        ("goal_id", R), ("what", T), ("how", T), ("who", ListOf(R)), ("due", D),
        ("done", F), ("what_worked", T))),
    "safety": Schema(_fields(
        ("date", D), ("going_well", ListOf(T)), ("worries", ListOf(T)),
        ("needed", ListOf(T)), ("scale", N))),
    "log": Schema(_fields(
        ("date", D), ("kind", Code(LOG_KINDS, "note")), ("text", T), ("author", R),
        ("language", Language()))),
    "evaluations": Schema(_fields(
        ("planned", D), ("held", D), ("notes", T), ("reviews", Nested(GOAL_REVIEW)),
        ("changes", T), ("next_planned", D))),
    "trajectory": Schema(_fields(
        ("referred", D), ("referred_by", T), ("first_visit", D), ("plan_made", D),
        ("closed", D))),
    "closures": Schema(_fields(
        ("closed_on", D), ("respondent", Code(RESPONDENTS, "parent")),
        ("goal_results", Nested(GOAL_RESULT)), ("ending", Code(ENDINGS)),
        ("can_carry_on", F), ("referred_onward", F), ("warm_handover", T),
        ("finger_on_pulse_who", T), ("finger_on_pulse_until", D), ("call_when_hard", T),
        ("satisfaction", Nested(SATISFACTION, many=False)), ("helped_most", T))),
    "shares": Schema(_fields(
        ("created", D), ("recipient_name", T), ("recipient_kind", Code(RECIPIENT_KINDS)),
        ("professional_id", R), ("sections", ListOf(T)), ("goal_ids", ListOf(R)),
        ("expires", D), ("revoked", D), ("bundle_id", T))),
}

# Table keys in the share's table map; also the order tables are written in.
TABLE_KEYS: dict[str, int] = {name: key for key, name in enumerate(RECORDS, 1)}
