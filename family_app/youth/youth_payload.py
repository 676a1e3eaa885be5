"""What a young person's share carries: their chosen parts, under one payload key.

A family's share payload uses keys 1-9 (sync/share_payload.py); a young person's plan goes
under YOUTH_KEY as a plain map (it is small, and the bundle compresses it). Its format is
in docs/bundle-format.md, "A young person's share".
"""
from __future__ import annotations

from typing import Any

from sync.errors import SharePayloadError
from sync.payloads import read_payload

from family_app.domain import ValidationError, YouthPlan

YOUTH_KEY = 200
FORMAT = "onsplan-youth/1"
# The parts a young person can share; "link" goes to the family only.
PARTS = ("goals", "lists", "trusted_person", "talk_to", "link")
_LISTS = ("going_well", "worries", "dreams")
_PLAN_FIELDS = {"goals": ("goals",), "lists": _LISTS, "trusted_person": ("trusted_person",),
                "talk_to": ("talk_to_when_hard",)}


def youth_payload(plan: YouthPlan, parts: tuple[str, ...], *, language: str, version: int,
                  household_id: str = "") -> dict[str, Any]:
    """The young person's chosen parts; "link" carries only which family goals are linked."""
    full = plan.to_dict()
    shown = {"id": plan.id, "owner_name": plan.owner_name,
             **{name: full[name] for part in parts for name in _PLAN_FIELDS.get(part, ())}}
    if "goals" in shown:  # which family goal a goal is linked to is the family's news only
        shown["goals"] = [dict(g, linked_family_goal_id=None) for g in shown["goals"]]
    content: dict[str, Any] = {"format": FORMAT, "plan_id": plan.id, "owner_name": plan.owner_name,
                               "language": language, "version": version, "parts": list(parts),
                               "plan": shown}
    if "link" in parts:
        content["household_id"] = household_id
        content["links"] = sorted({g.linked_family_goal_id for g in plan.goals
                                   if g.linked_family_goal_id})
    return {YOUTH_KEY: content}


def read_youth_payload(payload: Any) -> dict[str, Any] | None:
    """The young person's share content, or None when the payload is a family share.

    The spec's rules (sync.payloads: a whole-number version, not ``true``; texts not blank)
    come first, then the app's own record limits."""
    if not isinstance(payload, dict) or YOUTH_KEY not in payload:
        return None
    read_payload("share", payload)  # with key 200 present it reads that map alone
    content = payload[YOUTH_KEY]
    try:
        YouthPlan.from_dict(content["plan"])
    except ValidationError as error:
        raise SharePayloadError(detail=f"plan: {error.field}") from None
    return content
