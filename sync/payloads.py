"""The payload of every kind of bundle: its rules, and its JSON view.

docs/bundle-format.md ("Payloads") and its schema docs/bundle-format.cddl say what each kind
carries; ``read_payload`` checks an opened bundle's payload against them and gives the view
a conformance reader prints (the JSON the success vectors hold):

    view = read_payload(opened.kind, opened.payload)   # raises PayloadFailure

The checks are the CDDL's, written out, plus the rules it cannot say ("prose:" there); the
tests hold them to the CDDL file. A family's share is decoded by share_payload.py, a merge
delta by merge_delta.py: their rules live there.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import cbor2

from .errors import SharePayloadError as PayloadFailure
from .hlc import MAX_COUNTER, MAX_MILLIS
from .merge_delta import FORMAT as DELTA_FORMAT
from .merge_delta import DeltaError, decode as decode_delta
from .share_payload import decode_share

__all__ = ["PayloadFailure", "as_json", "read_payload"]

YOUTH_KEY, REVOKED_KEY = 200, 100  # share payload keys of docs/bundle-format.md
YOUTH_FORMAT = "onsplan-youth/1"
CLOSURE_FORMAT = "onsplan-closure/1"
# A return item's kind: (the fields it needs, the fields of its own it may have); any item
# may also have goal_id, date and text.
RETURN_ITEMS = {"log": (("text",), ("log_kind",)), "goal_comment": (("goal_id", "text"), ()),
                "agreement": (("goal_id", "what"), ("how", "due")),
                "goal_text": (("goal_id", "text"), ()), "evaluation_date": (("date",), ()),
                "evaluation_note": (("text",), ())}
RETURN_ANY_ITEM = ("goal_id", "date", "text")
LOG_KINDS = ("phone", "home_visit", "meeting", "note")
SATISFACTION = ("help_overall", "contact_begeleider", "speed_of_start", "managing_again",
                "referral_support")
_NODE = re.compile(r"[0-9A-Za-z_]{1,64}\Z")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def read_payload(kind: str, payload: Any) -> Any:
    """The JSON view of a payload of ``kind``; PayloadFailure when it breaks its rules."""
    if not isinstance(payload, dict):
        raise _fail("the payload must be a map")
    return _READERS[kind](payload)


def as_json(value: Any) -> Any:
    """A CBOR value as JSON: integer map keys as decimal text, byte strings as lowercase
    hex, undefined as null (docs/bundle-format.md, "Test vectors")."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, bytes):
        return value.hex()
    if value is cbor2.undefined:
        return None
    return value


# --- small checks ----------------------------------------------------------------------------

def _fail(detail: str) -> PayloadFailure:
    return PayloadFailure(detail=detail)


def _is_int(value: Any) -> bool:
    return type(value) is int


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_day(value: Any) -> bool:
    """An ISO date "YYYY-MM-DD" that is a real calendar day."""
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_node(value: Any) -> bool:
    return isinstance(value, str) and bool(_NODE.match(value))


def _is_token(value: Any) -> bool:
    return isinstance(value, bytes) and len(value) == 16


def _one_of(*values: Any) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, str) and value in values


def _or_null(test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value is None or test(value)


def _score(value: Any) -> bool:
    return _is_int(value) and 0 <= value <= 10


def _require(payload: dict, key: Any, test: Callable[[Any], bool], what: str) -> None:
    if key not in payload or not test(payload[key]):
        raise _fail(f"{what} (key {key!r})")


def _optional(payload: dict, key: Any, test: Callable[[Any], bool], what: str) -> None:
    if key in payload and not test(payload[key]):
        raise _fail(f"{what} (key {key!r})")


def _list_of(test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, list) and all(test(item) for item in value)


def _map(check: Callable[[dict], None]) -> Callable[[Any], bool]:
    """A test that runs a map's own checks (which raise) and is False for a non-map."""
    def test(value: Any) -> bool:
        if not isinstance(value, dict):
            return False
        check(value)
        return True
    return test


# --- kind 5: identity, kind 6: revocation --------------------------------------------------

def _identity(payload: dict) -> Any:
    if any(key in payload for key in (1, 2, 3)):  # a household's join code: all three
        _require(payload, 1, _is_text, "a join code's household must be text")
        _require(payload, 2, _is_token, "a join code's token must be 16 bytes")
        _require(payload, 3, _is_node, "a join code's node id")
    return as_json(payload)


def _revocation(payload: dict) -> Any:
    _require(payload, 1, _is_text, "the household must be text")
    _require(payload, 2, lambda v: isinstance(v, list), "the revoked bundle ids must be a list")
    return as_json(payload)


# --- kind 2: return ------------------------------------------------------------------------

def _return(payload: dict) -> Any:
    _require(payload, 1, _is_text, "the household must be text")
    _require(payload, 2, lambda v: isinstance(v, list), "the items must be a list")
    for item in payload[2]:
        # An item of a kind this reader does not know (a newer writer's) is ignored.
        if isinstance(item, dict) and isinstance(item.get("kind"), str) \
                and item["kind"] in RETURN_ITEMS:
            _return_item(item)
    return as_json(payload)


_RETURN_FIELDS = {"text": _is_text, "goal_id": _is_text, "what": _is_text, "how": _is_text,
                  "date": _is_day, "due": _is_day, "log_kind": _one_of(*LOG_KINDS)}


def _return_item(item: dict) -> None:
    needs, own = RETURN_ITEMS[item["kind"]]
    for name in needs:
        _require(item, name, _RETURN_FIELDS[name], f"a {item['kind']} item's {name}")
    for name in (*own, *RETURN_ANY_ITEM):
        _optional(item, name, _RETURN_FIELDS[name], f"a {item['kind']} item's {name}")


# --- kind 3: sync --------------------------------------------------------------------------

def _sync(payload: dict) -> Any:
    _require(payload, 1, _is_text, "the household must be text")
    _require(payload, 3, _is_node, "the node id")
    if 2 in payload:  # a join reply echoes the join code's token
        _require(payload, 2, _is_token, "the token must be 16 bytes")
    else:
        _require(payload, 4, _map(_delta), "the merge delta must be a map")
    return as_json(payload)


def _stamp(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 3 and _is_int(value[0])
            and value[0] >= 0 and _is_int(value[1]) and 0 <= value[1] <= MAX_MILLIS
            and _is_int(value[2]) and 0 <= value[2] <= MAX_COUNTER)


def _write(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 5 and _stamp(value[:3])
            and _list_of(_stamp)(value[4]))


def _cell(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 2 and _is_text(value[0])
            and isinstance(value[1], list) and bool(value[1]) and all(map(_write, value[1])))


def _record(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 3 and _is_text(value[0])
            and _is_text(value[1]) and _list_of(_cell)(value[2]))


def _whole(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 3 and _is_text(value[0])
            and _list_of(_is_text)(value[1]) and _list_of(_whole_row(len(value[1])))(value[2]))


def _whole_row(fields: int) -> Callable[[Any], bool]:
    return lambda row: (isinstance(row, list) and len(row) == 4 + fields and _is_text(row[0])
                        and _stamp(row[1:4]))


def _delta(delta: dict) -> None:
    """The shape of docs/bundle-format.cddl's merge-delta; then merge_delta's own checks
    (node numbers within "nodes", node ids) by decoding it."""
    _require(delta, "format", lambda v: v == DELTA_FORMAT, "not a merge delta")
    _require(delta, "nodes", _list_of(_is_text), "nodes must be texts")
    _require(delta, "since", _list_of(_stamp), "since must be stamps")
    _require(delta, "seen", _list_of(_stamp), "seen must be stamps")
    _require(delta, "records", _list_of(_record), "records must be [table, id, cells]")
    _optional(delta, "whole", _list_of(_whole), "whole must be [table, fields, rows]")
    try:
        decode_delta(delta)
    except DeltaError as err:
        raise _fail(str(err)) from None


# --- kind 4: closure -----------------------------------------------------------------------

def _closure(payload: dict) -> Any:
    _require(payload, "format", lambda v: v == CLOSURE_FORMAT, "not a closure report")
    _require(payload, "respondent", _one_of("parent", "youth"), "respondent")
    for name in ("plan_id", "household_id", "closure_id"):
        _optional(payload, name, _or_null(_is_text), "must be text")
    _require(payload, "closed_on", _is_day, "closed_on must be a date")
    _require(payload, "ending", _one_of("01", "02", "03", "04", "05"), "ending")
    for name in ("can_carry_on", "referred_onward"):
        _require(payload, name, lambda v: type(v) is bool, "must be true or false")
    _require(payload, "satisfaction", _map(_satisfaction), "satisfaction must be a map")
    referral = payload["satisfaction"].get("referral_support")
    if payload["referred_onward"] is False and referral is not None:
        raise _fail("referral_support without a referral onward")
    _require(payload, "goals", _list_of(_map(_closure_goal)), "goals must be a list of maps")
    _optional(payload, "trajectory", _or_null(_map(_trajectory)), "trajectory")
    for name in ("with_names", "warm_handover", "finger_on_pulse", "call_when_hard"):
        _optional(payload, name, lambda v: type(v) is bool, "must be true or false")
    _optional(payload, "finger_on_pulse_until", _or_null(_is_day), "must be a date")
    for name in ("goal_count", "members"):
        _optional(payload, name, lambda v: _is_int(v) and v >= 0, "must be a count")
    for name in ("days_referral_to_first_visit", "duration_days"):
        _optional(payload, name, _or_null(_is_int), "must be a number of days")
    _optional(payload, "duration_from", _one_of("", "first_visit", "referral"), "duration_from")
    _optional(payload, "names", _map(_names), "names")
    _optional(payload, "texts", lambda v: isinstance(v, dict) and all(
        _is_text(k) and _is_text(t) for k, t in v.items()), "texts")
    return as_json(payload)


def _satisfaction(scores: dict) -> None:
    for name in SATISFACTION:
        _optional(scores, name, _or_null(_score), "a score is 0-10 or null")


def _closure_goal(goal: dict) -> None:
    _require(goal, "result", _one_of("reached", "partly", "not"), "a goal's result")
    for name in ("kind", "domain"):
        _optional(goal, name, _or_null(_is_text), "must be text")
    _optional(goal, "text", _is_text, "must be text")


def _trajectory(trajectory: dict) -> None:
    for name in ("referred", "first_visit", "plan_made", "closed"):
        _optional(trajectory, name, _or_null(_is_day), "must be a date")


def _names(names: dict) -> None:
    _require(names, "household", _is_text, "the household's name")
    _require(names, "members", _list_of(_is_text), "the members' names")


# --- kind 1: share -------------------------------------------------------------------------

def _share(payload: dict) -> Any:
    if YOUTH_KEY in payload:
        _require(payload, YOUTH_KEY, _map(_youth), "a young person's share must be a map")
        return {"youth": as_json(payload[YOUTH_KEY])}
    _optional(payload, REVOKED_KEY, lambda v: isinstance(v, list), "revoked ids must be a list")
    share = decode_share(payload)
    revoked = [i.hex() for i in payload.get(REVOKED_KEY, []) if isinstance(i, bytes)]
    return {"household_id": share.household_id, "plan_version": share.plan_version,
            "record_version": payload[1], "language": share.language,
            "sections": list(share.scope.sections),
            "goal_ids": None if share.scope.goal_ids is None else list(share.scope.goal_ids),
            "tables": share.tables, "revoked": revoked}


def _youth(content: dict) -> None:
    _require(content, "format", lambda v: v == YOUTH_FORMAT, "not a young person's share")
    for name in ("plan_id", "owner_name", "language"):
        _require(content, name, _is_text, "must be text")
    _require(content, "version", _is_int, "version must be a whole number")
    _require(content, "parts", _list_of(_is_text), "parts must be texts")
    _require(content, "plan", _map(_youth_plan), "the plan must be a map")
    _optional(content, "household_id", _is_text, "must be text")
    _optional(content, "links", _list_of(_is_text), "links must be texts")


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


_TEXTS = _or_null(_list_of(_filled))
_OPTIONAL_TEXT = _or_null(_is_text)
_ID = _or_null(_is_text)


def _youth_plan(plan: dict) -> None:
    _optional(plan, "id", _ID, "the plan's id")
    _require(plan, "owner_name", _filled, "the owner's name")
    for name in ("going_well", "worries", "dreams", "talk_to_when_hard"):
        _optional(plan, name, _TEXTS, "must be a list of texts, none blank")
    _optional(plan, "goals", _or_null(_list_of(_map(_youth_goal))), "goals")
    _optional(plan, "trusted_person", _or_null(_map(_trusted_person)), "trusted_person")


def _youth_goal(goal: dict) -> None:
    _optional(goal, "id", _ID, "a goal's id")
    _require(goal, "text", _filled, "a goal's text")
    _optional(goal, "how_we_know", _OPTIONAL_TEXT, "must be text")
    _optional(goal, "scores", _or_null(_list_of(_map(_youth_score))), "scores")
    _optional(goal, "linked_family_goal_id", _OPTIONAL_TEXT, "must be text")


def _youth_score(score: dict) -> None:
    _optional(score, "id", _ID, "a score's id")
    _require(score, "date", _is_day, "a score's date")
    _require(score, "score", _score, "a score is 0-10")
    for name in ("by", "note"):
        _optional(score, name, _OPTIONAL_TEXT, "must be text")


def _trusted_person(person: dict) -> None:
    _optional(person, "id", _ID, "the trusted person's id")
    _require(person, "name", _filled, "the trusted person's name")
    for name in ("phone", "email"):
        _optional(person, name, _OPTIONAL_TEXT, "must be text")


_READERS: dict[str, Callable[[dict], Any]] = {
    "share": _share, "return": _return, "sync": _sync, "closure": _closure,
    "identity": _identity, "revocation": _revocation,
}
