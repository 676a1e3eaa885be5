"""Vectors of every kind's payload (docs/bundle-format.md, "Payloads"; the schema is
docs/bundle-format.cddl): one success per kind, carrying its decoded payload as JSON, and one
vector per payload rule, each breaking that rule only."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from family_app.closure.closure_report import closure_payload
from family_app.domain import Closure, Plan, YouthPlan
from family_app.youth.youth_payload import youth_payload
from sync.bundle import seal
from sync.hlc import Clock
from sync.randomness import seeded
from sync.replica import Replica
from sync.share_payload import encode_share

from tests.vectors.forge import (
    FAMILY, KARIN, LAPTOP, LATER, NOW, YOUTH, Case, kowalska_share, kowalska_tables, reader,
)

Success = Callable[..., Case]
TOKEN = bytes.fromhex("5eed5eed5eed5eed5eed5eed5eed5eed")
BUNDLE_ID = bytes.fromhex("7c07a0b9d3600e33c8c89048ac28a22a")


def youth_plan(linked: str | None = None) -> YouthPlan:
    score = {"id": "s1", "date": "2026-01-12", "score": 6, "by": "Ola", "note": "Beter"}
    return YouthPlan.from_dict({
        "id": "9a1f0c2e4b6d8a0c1e3f5a7b9c1d3e5f", "owner_name": "Ola",
        "going_well": ["Voetbal op woensdag"], "worries": ["Ruzie thuis"],
        "dreams": ["Kok worden"], "talk_to_when_hard": ["Tante Ewa"],
        "trusted_person": {"id": "t1", "name": "Tante Ewa", "phone": "06-12345678", "email": ""},
        "goals": [{"id": "g1", "text": "Elke dag op tijd op school", "how_we_know": "Geen briefjes",
                   "scores": [score], "linked_family_goal_id": linked}]})


def closure_of(plan: Plan) -> Closure:
    goals = plan.goals
    return Closure.from_dict({
        "id": "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", "closed_on": "2026-01-15",
        "goal_results": [{"goal_id": goals[0].id, "result": "reached"},
                         {"goal_id": goals[1].id, "result": "partly"}],
        "ending": "01", "can_carry_on": True, "referred_onward": False,
        "finger_on_pulse_who": "Oma Ria", "call_when_hard": "Het CJG",
        "satisfaction": {"help_overall": 8, "contact_begeleider": 9, "speed_of_start": 7,
                         "managing_again": 8, "referral_support": None},
        "helped_most": "Dat we zelf het tempo bepaalden"})


def merge_delta() -> dict[str, Any]:
    """A laptop's first changes: two records, one edited, as sync.replica writes them."""
    ids = iter(["0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d", "0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e"])
    replica = Replica(Clock("laptop_1", lambda: 1_768_899_600_000), new_id=lambda: next(ids))
    goal = replica.create("goals", {"text": "Samen eten", "owners": ["Anna"], "status": "open"})
    replica.create("log", {"date": "2026-01-20", "text": "Goed gesprek", "kind": "note"})
    replica.edit("goals", goal, "status", "in_progress")
    return replica.changes_since({})


def changed(payload: dict, path: tuple, value: Any) -> dict:
    """A copy of ``payload`` with the value at ``path`` (keys and indexes) replaced;
    ``DROP`` removes it."""
    head, *rest = path
    copy = list(payload) if isinstance(payload, list) else dict(payload)
    if rest:
        copy[head] = changed(payload[head], tuple(rest), value)
    elif value is DROP:
        del copy[head]
    else:
        copy[head] = value
    return copy


DROP = object()


def cases(success: Success) -> dict[str, Case]:
    rng = seeded("vector payloads")
    tables = kowalska_tables()
    household = tables["household"][0]["id"]
    share = encode_share(kowalska_share())
    chosen = kowalska_share("goals", (tables["goals"][1]["id"],))
    revoked = {**encode_share(chosen), 100: [BUNDLE_ID, "geen id"]}
    youth = youth_payload(youth_plan(), ("goals", "lists", "trusted_person", "talk_to"),
                          language="nl", version=3)
    linked_goal = tables["goals"][0]["id"][:8]  # the short id the family's share gave it
    link_news = youth_payload(youth_plan(linked_goal), ("link",), language="nl", version=4,
                              household_id=household)
    returned = {1: household, 2: [
        {"kind": "log", "text": "Huisbezoek: goed gesprek", "log_kind": "home_visit",
         "date": "2026-01-19"},
        {"kind": "goal_comment", "goal_id": linked_goal, "text": "Mooi dat dit lukt"},
        {"kind": "agreement", "goal_id": linked_goal, "what": "Elke vrijdag samen plannen",
         "due": "2026-02-01"},
        {"kind": "goal_text", "goal_id": linked_goal, "text": "Ik ga elke dag naar school"},
        {"kind": "evaluation_date", "date": "2026-03-01", "text": "Evaluatie met het gezin"},
        {"kind": "evaluation_note", "text": "Het gaat beter thuis"}]}
    join_reply = {1: household, 2: TOKEN, 3: "laptop_1"}
    sync = {1: household, 3: "laptop_1", 4: merge_delta()}
    plan = Plan.from_tables(tables)
    report = closure_payload(plan, closure_of(plan), with_names=False)
    named = closure_payload(plan, closure_of(plan), with_names=True)
    join_code = {1: household, 2: TOKEN, 3: "phone_1"}
    revocation = {1: household, 2: [BUNDLE_ID, 42]}

    def sealed(kind: str, payload: dict, sender, to) -> bytes:
        return seal(kind, payload, sender, to=to.public(), expires=LATER, now=NOW, rng=rng)

    def public(payload: dict) -> bytes:
        return seal("identity", payload, FAMILY, expires=NOW + timedelta(hours=1), now=NOW,
                    rng=rng)

    def ok(kind: str, payload: dict, sender, to) -> Case:
        return success(kind, sender, payload, sealed(kind, payload, sender, to), **reader(to))

    def refused(kind: str, payload: dict, sender, to, *, rule: str = "schema") -> Case:
        """``rule``: "schema" when the CDDL refuses it, "prose" for a rule the CDDL cannot
        say (docs/bundle-format.md, "Payloads")."""
        return ({"expect": "payload-failure", "rule": rule, **reader(to)},
                sealed(kind, payload, sender, to))

    def refused_public(payload: dict) -> Case:
        return {"expect": "payload-failure", "rule": "schema", **reader()}, public(payload)

    return {
        # --- share --------------------------------------------------------------------
        "bundle_share_success": ok("share", share, FAMILY, KARIN),
        "payload_share_chosen_goals_and_revoked_ids": ok("share", revoked, FAMILY, KARIN),
        "payload_share_newer_writer": ok("share", {
            **share, 50: "new", 8: {**share[8], 40: [{2: "x"}], "notes": [{"a": 1}]}},
            FAMILY, KARIN),
        "payload_share_language_not_text": refused("share", {**share, 2: 5}, FAMILY, KARIN),
        "payload_share_plan_version_negative": refused("share", {**share, 3: -1}, FAMILY, KARIN),
        "payload_share_household_8_bytes": refused("share", {**share, 4: b"\x01" * 8}, FAMILY,
                                                   KARIN),
        "payload_share_sections_missing": refused("share", changed(share, (5,), DROP), FAMILY,
                                                  KARIN),
        "payload_share_id_table_ragged": refused("share", {**share, 7: share[7][:-1]}, FAMILY,
                                                 KARIN, rule="prose"),
        "payload_share_id_length_3": refused("share", {**share, 9: 3}, FAMILY, KARIN),
        "payload_share_ref_outside_table": refused("share", changed(
            share, (8, 6, 0, 2), 999), FAMILY, KARIN, rule="prose"),
        "payload_share_more_records_than_ids": refused("share", {**share, 7: b""}, FAMILY,
                                                       KARIN, rule="prose"),
        "payload_share_unknown_code": refused("share", changed(share, (8, 2, 0, 3), 9), FAMILY,
                                              KARIN),
        "payload_share_field_twice": refused("share", changed(
            share, (8, 5, 0, "text"), "Ook als tekst"), FAMILY, KARIN, rule="prose"),
        "payload_share_revoked_not_a_list": refused("share", {**share, 100: BUNDLE_ID}, FAMILY,
                                                    KARIN),
        # --- a young person's share, and link news -----------------------------------
        "payload_youth_share_success": ok("share", youth, YOUTH, KARIN),
        "payload_youth_format_unknown": refused("share", changed(
            youth, (200, "format"), "onsplan-youth/2"), YOUTH, KARIN),
        "payload_youth_version_text": refused("share", changed(youth, (200, "version"), "3"),
                                              YOUTH, KARIN),
        "payload_youth_owner_blank": refused("share", changed(
            youth, (200, "plan", "owner_name"), "  "), YOUTH, KARIN, rule="prose"),
        "payload_youth_score_11": refused("share", changed(
            youth, (200, "plan", "goals", 0, "scores", 0, "score"), 11), YOUTH, KARIN),
        "payload_link_news_success": ok("share", link_news, YOUTH, FAMILY),
        "payload_link_news_links_not_texts": refused("share", changed(
            link_news, (200, "links"), [1]), YOUTH, FAMILY),
        # --- return ----------------------------------------------------------------------
        "payload_return_success": ok("return", returned, KARIN, FAMILY),
        "payload_return_unknown_item_kind": ok("return", changed(
            returned, (2,), returned[2] + [{"kind": "video", "url": "x"}, "geen item"]),
            KARIN, FAMILY),
        "payload_return_items_not_a_list": refused("return", {**returned, 2: {}}, KARIN, FAMILY),
        "payload_return_agreement_without_what": refused("return", changed(
            returned, (2, 2, "what"), DROP), KARIN, FAMILY, rule="prose"),
        "payload_return_date_not_a_day": refused("return", changed(
            returned, (2, 4, "date"), "2026-02-30"), KARIN, FAMILY, rule="prose"),
        # --- sync ------------------------------------------------------------------------
        "payload_sync_join_reply_success": ok("sync", join_reply, LAPTOP, FAMILY),
        "payload_sync_success": ok("sync", sync, LAPTOP, FAMILY),
        "payload_sync_token_short": refused("sync", {**join_reply, 2: TOKEN[:8]}, LAPTOP, FAMILY),
        "payload_sync_delta_format_unknown": refused("sync", changed(
            sync, (4, "format"), "onsplan-merge-delta/2"), LAPTOP, FAMILY),
        "payload_sync_node_number_outside_nodes": refused("sync", changed(
            sync, (4, "seen", 0, 0), 7), LAPTOP, FAMILY, rule="prose"),
        "payload_sync_stamp_as_bytes": refused("sync", changed(
            sync, (4, "seen", 0), b"\x00\x01\x02"), LAPTOP, FAMILY),
        "payload_sync_node_id_with_space": refused("sync", {**sync, 3: "laptop 1"}, LAPTOP,
                                                   FAMILY),
        # --- closure ---------------------------------------------------------------------
        "payload_closure_success": ok("closure", report, FAMILY, KARIN),
        "payload_closure_with_names_success": ok("closure", named, FAMILY, KARIN),
        "payload_closure_format_unknown": refused("closure", {**report, "format": "x"}, FAMILY,
                                                  KARIN),
        "payload_closure_day_not_real": refused("closure", {**report, "closed_on": "2026-02-30"},
                                                FAMILY, KARIN, rule="prose"),
        "payload_closure_score_11": refused("closure", changed(
            report, ("satisfaction", "help_overall"), 11), FAMILY, KARIN),
        "payload_closure_referral_support_without_referral": refused("closure", changed(
            report, ("satisfaction", "referral_support"), 6), FAMILY, KARIN, rule="prose"),
        "payload_closure_goal_result_unknown": refused("closure", changed(
            report, ("goals", 0, "result"), "half"), FAMILY, KARIN),
        # --- identity --------------------------------------------------------------------
        "bundle_identity_success": success("identity", FAMILY, {}, public({}), **reader()),
        "payload_identity_join_code_success": success("identity", FAMILY, join_code,
                                                      public(join_code), **reader()),
        "payload_identity_join_code_without_node": refused_public(changed(join_code, (3,), DROP)),
        "payload_identity_join_code_token_text": refused_public({**join_code, 2: TOKEN.hex()}),
        # --- revocation ------------------------------------------------------------------
        "payload_revocation_success": ok("revocation", revocation, FAMILY, KARIN),
        "payload_revocation_household_missing": refused("revocation", {2: [BUNDLE_ID]}, FAMILY,
                                                        KARIN),
        "payload_revocation_ids_not_a_list": refused("revocation", {**revocation, 2: BUNDLE_ID},
                                                     FAMILY, KARIN),
        # --- sync: records written once (added later: the cases above keep their bytes) --
        "payload_sync_whole_row_short": refused("sync", changed(
            sync, (4, "whole", 0, 2, 0), sync[4]["whole"][0][2][0][:-1]), LAPTOP, FAMILY,
            rule="prose"),
        "payload_sync_record_twice": refused("sync", changed(changed(
            sync, (4, "whole", 0, 0), "goals"), (4, "whole", 0, 2, 0, 0),
            sync[4]["records"][0][1]), LAPTOP, FAMILY, rule="prose"),
    }
