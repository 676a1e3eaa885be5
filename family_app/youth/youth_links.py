"""The family learns that a young person linked one of their own goals to a family goal.

Only if the young person tells them (a share of the part "link", encrypted to the family's
key), and only *that* a link exists: the family's vault keeps the young person's name and
which family goals are linked, never what the young person's goals say.

The first news of a young person's plan binds its signing key to that plan id (trust on
first use, as a begeleider binds a family's first share): later news for the plan is taken
only when that key signed it, so someone else who knows the family's keys and household id
cannot replace it (docs/threat-model.md). News kept before keys were bound binds the key of
the next news.
"""
from __future__ import annotations

import datetime as dt

from sync.bundle import open_bundle
from sync.errors import N_, SyncError

from family_app.clock import now_or
from family_app.plan.plan_book import PlanBook
from family_app.sharing.record_ids import whole_id
from family_app.youth.youth_payload import read_youth_payload

LINKS_TABLE = "youth_links"


class NotYouthLinks(SyncError):
    default_problem = N_("This code holds nothing for your plan.")


class OtherFamily(SyncError):
    default_problem = N_("This code is about another family's plan.")


class NotFromThisYoungPerson(SyncError):
    """Link news for a known young person's plan, signed by another key than theirs."""

    default_problem = N_("This code says it comes from {name}, but it was not made in "
                         "{name}'s own app. Nothing has changed in your plan.")


def import_links(book: PlanBook, data: bytes, *, now: dt.datetime | None = None) -> str:
    """Keep which family goals a young person linked (the newest news replaces older);
    returns the young person's name."""
    plan = book.plan()
    bundle = open_bundle(data, me=book.opened.identity(), now=now_or(now, book.opened.now))
    youth = read_youth_payload(bundle.payload) if bundle.kind == "share" else None
    if youth is None or "link" not in youth["parts"]:
        raise NotYouthLinks()
    if plan.household is None or youth.get("household_id") != plan.household.id:
        raise OtherFamily()
    goal_ids = [g.id for g in plan.goals]
    linked = sorted({whole_id(short, goal_ids) for short in youth.get("links") or []} - {None})
    links = book.vault.records(LINKS_TABLE)
    known = links.first(plan_id=youth["plan_id"])
    signer = bundle.sender.signing_key.hex()
    bound = (known or {}).get("signing_key") or signer  # the first news binds its key
    if bound != signer:
        raise NotFromThisYoungPerson(name=known["name"], detail=f"signed by {signer[:16]}")
    if known and known["version"] > youth["version"]:
        return youth["owner_name"]  # an older code changes nothing
    with book.vault.action():
        links.put({"plan_id": youth["plan_id"], "name": youth["owner_name"],
                   "goal_ids": linked, "version": youth["version"], "signing_key": bound},
                  "plan_id")
    return youth["owner_name"]


def linked_by(book: PlanBook, goal_id: str) -> list[str]:
    """The names of the young people who told the family they linked a goal to this one."""
    return sorted(doc["name"] for doc in book.vault.records(LINKS_TABLE).all()
                  if goal_id in doc.get("goal_ids", []))
