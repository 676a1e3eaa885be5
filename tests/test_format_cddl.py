"""What the code writes matches docs/bundle-format.cddl, and sync/payloads.py reads it so.

Every flow that seals a bundle runs once; ``sync.body.pack`` is watched, so each envelope is
checked exactly as the writer handed it over: against the CDDL rule ``envelope`` and its
payload against the rule of its kind (with cddl-verifier, a CDDL validator in pure Python),
and through ``sync.payloads.read_payload``, the checks the project's own reader makes.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import cbor2
import pytest
from cddl_verifier import Validator

from family_app.closure import closure
from family_app.closure.closure_report import send_closure, send_youth_closure
from family_app.plan.plan_book import PlanBook
from family_app.report.closure_inbox import me_of
from family_app.sharing import returns, sharing, viewer
from family_app.youth import youth_sharing
from sync import body
from sync.bundle import KINDS
from sync.payloads import read_payload
from sync.share_payload import Scope

from tests.helpers.household import FakeTime, join, make_empty_family, open_family

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "bundle-format.cddl"
RULES = {"share": "share-payload", "return": "return-payload", "sync": "sync-payload",
         "closure": "closure-payload", "identity": "identity-payload",
         "revocation": "revocation-payload"}
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def cddl() -> Validator:
    return Validator(SCHEMA)


@pytest.fixture
def written(monkeypatch) -> list[dict]:
    """Every envelope sealed while the test runs, as the writer made it."""
    envelopes: list[dict] = []
    pack = body.pack

    def watch(tree):
        envelopes.append(tree)
        return pack(tree)

    monkeypatch.setattr(body, "pack", watch)
    return envelopes


def problems(cddl: Validator, value, rule: str) -> list[str]:
    result = cddl.validate(cbor2.dumps(value), root_type=rule)
    return [] if result.valid else [str(d) for d in result.diagnostics]


def check_all(cddl: Validator, envelopes: list[dict]) -> dict[str, int]:
    """Every envelope and payload valid; returns how many of each kind were seen."""
    seen: dict[str, int] = {}
    for envelope in envelopes:
        assert problems(cddl, envelope, "envelope") == []
        kind = KINDS[envelope[1] - 1]
        assert problems(cddl, envelope[6], RULES[kind]) == [], kind
        read_payload(kind, envelope[6])  # the project's reader takes it too
        seen[kind] = seen.get(kind, 0) + 1
    return seen


def test_a_family_shares_pairs_revokes_and_gets_an_answer_back(cddl, written, de_vries, begeleider):
    book = PlanBook(de_vries)
    code = sharing.identity_code(begeleider, now=NOW)
    pairing = sharing.pair(book, sharing.read_identity(code.bundle, now=NOW))
    first = sharing.share(book, Scope.preset("everything"), to=pairing.professional, now=NOW)
    sharing.share(book, Scope.preset("goals", (book.plan().goals[0].id,)), now=NOW)
    sharing.revoke(book, first.record.id, now=NOW)  # a revocation, and key 100 from now on
    again = sharing.share(book, Scope.preset("current"), to=pairing.professional, now=NOW)
    received = viewer.receive(begeleider, again.bundle, now=NOW)
    goal = received.tables["goals"][0]["id"]
    for kind, fields in (("log", {"text": "Goed gesprek", "log_kind": "home_visit",
                                  "date": "2026-03-02"}),
                         ("goal_comment", {"goal_id": goal, "text": "Mooi begin"}),
                         ("agreement", {"goal_id": goal, "what": "Samen plannen",
                                        "due": "2026-04-01"}),
                         ("goal_text", {"goal_id": goal, "text": "Elke dag naar school"}),
                         ("evaluation_date", {"date": "2026-05-01", "text": "Evaluatie"}),
                         ("evaluation_note", {"text": "Het gaat beter"})):
        returns.add_item(begeleider, received.household_id, kind, **fields)
    returns.send_return(begeleider, received, now=NOW)
    assert check_all(cddl, written) == {"identity": 1, "share": 3, "revocation": 1, "return": 1}
    assert 100 in written[-2][6]  # the last share names the revoked one


def test_closure_reports_with_and_without_names(cddl, written, de_vries, begeleider):
    book = PlanBook(de_vries)
    pairing = sharing.pair(book, me_of(begeleider).public())
    goals = book.plan().goals
    answers = closure.ClosureAnswers(
        goal_results={goals[0].id: "reached", goals[1].id: "partly"}, ending="02",
        can_carry_on=True, referred_onward=True, finger_on_pulse_who="Oma Ria",
        satisfaction={"help_overall": 9, "contact_begeleider": 10, "speed_of_start": None,
                      "managing_again": 8, "referral_support": 7},
        helped_most="Dat we zelf het tempo bepaalden")
    made = closure.close_plan(book, answers, today=NOW.date())
    for with_names in (True, False):
        send_closure(book, made, to=pairing.professional, with_names=with_names, now=NOW)
    assert check_all(cddl, written) == {"closure": 2}


def test_a_young_person_shares_tells_the_family_and_closes(cddl, written, daan, family, begeleider):
    paired = youth_sharing.pair(daan, me_of(begeleider).public())
    youth_sharing.youth_share(daan, ("goals", "lists", "trusted_person", "talk_to"),
                              language="nl", to=paired, now=NOW)
    goals = sharing.share(family, Scope.preset("goals"), now=NOW)
    viewer.receive(daan.opened, goals.bundle, passcode=goals.passcode, now=NOW)
    mine = daan.plan().goals[0]
    daan.save_goal(dataclasses.replace(
        mine, linked_family_goal_id=youth_sharing.family_goals(daan, now=NOW)[0].id))
    youth_sharing.youth_share(daan, ("link",), language="nl", to_family=True, now=NOW)
    answers = closure.ClosureAnswers(goal_results={mine.id: "partly"}, ending="01",
                                     can_carry_on=True, satisfaction={"help_overall": 8})
    made = closure.close_youth_plan(daan, answers, today=NOW.date())
    send_youth_closure(daan, made, to=paired, with_names=True, now=NOW)
    assert check_all(cddl, written) == {"share": 3, "closure": 1}
    link_news = written[2][6][200]
    assert link_news["parts"] == ["link"] and link_news["links"]


def test_two_devices_of_a_household_join_and_sync(cddl, written, de_vries, tmp_path):
    make_empty_family(tmp_path / "template")
    shutil.copytree(tmp_path / "template", tmp_path / "laptop")
    laptop = open_family(tmp_path / "laptop")
    try:
        time = FakeTime()
        pair = join(time.book(de_vries), time.book(laptop), time)
        pair.laptop_to_phone()
    finally:
        laptop.lock()
    # The join code (identity), the reply and two sync bundles.
    assert check_all(cddl, written) == {"identity": 1, "sync": 3}


# --- the vectors against the CDDL ---------------------------------------------------------------

def opened_payloads(expect: str):
    """(vector name, kind, payload, header) of every vector of ``expect`` that opens."""
    from sync.reader import open_vector, read_vector
    from tests.vectors.conformance import vector_files
    for path in vector_files():
        if read_vector(path)[0]["expect"] != expect:
            continue
        header, bundle = open_vector(path)
        yield path.name, bundle.kind, bundle.payload, header


def test_every_success_vector_matches_the_cddl(cddl):
    seen = set()
    for name, kind, payload, _ in opened_payloads("success"):
        assert problems(cddl, payload, RULES[kind]) == [], name
        seen.add(kind)
    assert seen == set(KINDS)


def test_a_payload_failure_breaks_the_cddl_or_a_rule_it_names_prose(cddl):
    """Each payload-failure vector says which: "schema" ones the CDDL refuses, "prose" ones
    it takes (their rule is one the CDDL cannot say)."""
    rules = set()
    for name, kind, payload, header in opened_payloads("payload-failure"):
        refused = bool(problems(cddl, payload, RULES[kind]))
        if kind == "return" and not refused:  # known items must match return-item
            refused = any(problems(cddl, item, "return-item") for item in payload[2]
                          if isinstance(item, dict) and item.get("kind") in returns.KINDS)
            assert header["rule"] == "prose" or refused, name
            continue
        assert refused == (header["rule"] == "schema"), name
        rules.add(header["rule"])
    assert rules == {"schema", "prose"}


def mutations(value, depth: int = 0, path: tuple = ()):
    """(path, changed value) for every map entry and array item down to ``depth`` 3: left
    out, or replaced by a value of each other CBOR type."""
    others = (None, -5, 11, "x", b"x", 1.5, [], {})
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in list(items):
        for other in others:
            if type(other) is not type(item):
                yield (*path, key), other
        yield (*path, key), DROP
        if isinstance(item, (dict, list)) and item and depth < 3:
            yield from mutations(item, depth + 1, (*path, key))


DROP = object()


def mutated(value, path: tuple, new):
    copy = dict(value) if isinstance(value, dict) else list(value)
    key, rest = path[0], path[1:]
    if rest:
        copy[key] = mutated(value[key], rest, new)
    elif new is DROP:
        del copy[key]
    else:
        copy[key] = new
    return copy


@pytest.mark.parametrize("vector", ["payload_youth_share_success", "payload_link_news_success",
                                    "payload_return_success", "payload_sync_success",
                                    "payload_sync_join_reply_success", "payload_closure_success",
                                    "payload_identity_join_code_success",
                                    "payload_revocation_success"])
def test_what_the_cddl_refuses_the_reader_refuses(cddl, vector):
    """Every payload one change away from a vector's: the reader takes it or refuses it with
    a payload-failure, and when the CDDL refuses it, so does the reader (the converse does
    not hold: the prose rules refuse more)."""
    from sync.errors import SharePayloadError
    [(_, kind, payload, _)] = [p for p in opened_payloads("success") if p[0] == vector]
    refused = 0
    for path, new in mutations(payload):
        changed = mutated(payload, path, new)
        try:
            read_payload(kind, changed)
            taken = True
        except SharePayloadError:
            taken = False
        if problems(cddl, changed, RULES[kind]):
            assert not taken, (path, new)
            refused += 1
    assert refused > 10
