"""What comes back from the begeleider: notes and proposals, accepted or declined by the family.

The begeleider writes items beside a family's shared plan and sends them as one "return"
bundle, signed and encrypted to the family's key: the key of the device that shared, and
only when the begeleider's app bound it to the household (family_keys). The
family imports it into an inbox; nothing in the plan changes until the family accepts an
item, which then enters the plan attributed to the begeleider. Importing the same bundle
twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sync.bundle import open_bundle, seal
from sync.errors import N_, SharePayloadError, SyncError
from sync.frames import split_frames
from sync.identity import PublicIdentity
from sync.payloads import read_payload

from family_app.bundles import lifetimes
from family_app.sharing import family_keys
from family_app.clock import now_or
from family_app.domain import Agreement, Evaluation, LogEntry, ValidationError
from family_app.domain.errors import REQUIRED
from family_app.plan.plan_book import PlanBook
from family_app.sharing.record_ids import whole_id
from family_app.sharing.sharing import ShareResult, paired

DRAFTS_TABLE = "return_drafts"  # begeleider: items written, not yet sent
INBOX_TABLE = "inbox"  # family: items received, with their status
SEEN_TABLE = "inbox_bundles"  # family: bundle ids already imported
KINDS = ("log", "goal_comment", "agreement", "goal_text", "evaluation_date", "evaluation_note")
_HOUSEHOLD, _ITEMS = 1, 2


class GoalGone(SyncError):
    default_problem = N_("The goal this is about is no longer in your plan. You can decline it.")


class NotFromPairedBegeleider(SyncError):
    default_problem = N_("This code comes from someone you have not paired with. "
                         "Pair with your begeleider first.")


class FamilyNotConfirmed(SyncError):
    """The share's sender is not a key bound to its household: nothing is sealed to it."""

    default_problem = N_("This app does not know this family's device yet. Scan the "
                         "family's newest code first, then write back.")


class NotAReturn(SyncError):
    default_problem = N_("This code holds no notes or proposals for you.")


class BadReturn(SharePayloadError):
    """A genuine return whose payload breaks the spec's return rules: nothing is kept."""

    default_problem = N_("The notes in this code could not be read. Ask your begeleider "
                         "to send them again.")


# --- the begeleider writes -----------------------------------------------------------------

def add_item(opened, household_id: str, kind: str, **fields) -> dict:
    """Keep one note or proposal for a family until it is sent; checks what it needs."""
    if kind not in KINDS:
        raise ValidationError("kind", REQUIRED)
    needs = {"log": ("text",), "goal_comment": ("goal_id", "text"), "agreement": ("goal_id", "what"),
             "goal_text": ("goal_id", "text"), "evaluation_date": ("date",), "evaluation_note": ("text",)}
    for name in needs[kind]:
        if not str(fields.get(name) or "").strip():
            raise ValidationError(name, REQUIRED)
    item = {"household_id": household_id, "kind": kind,
            **{k: v for k, v in fields.items() if v not in (None, "")}}
    with opened.vault.action():
        opened.vault.records(DRAFTS_TABLE).add(item)
    return item


def drafts(opened, household_id: str) -> list[dict]:
    return [dict(d) for d in opened.vault.records(DRAFTS_TABLE).find(household_id=household_id)]


def put_back(opened, items: list[dict]) -> None:
    """Keep drafts again that were sealed but could not be sent (a relay folder failed)."""
    if items:
        with opened.vault.action():
            opened.vault.records(DRAFTS_TABLE).add(*items)


def send_return(opened, received, *, now: dt.datetime | None = None) -> ShareResult:
    """Seal the drafted items for the family that shared `received`, then forget the drafts."""
    moment = now_or(now, opened.now)
    sender = PublicIdentity.from_dict(received.sender)
    bound = family_keys.bound_key(opened, received.household_id, sender.fingerprint())
    if bound is None:  # never seal the begeleider's notes to a key the family did not show
        raise FamilyNotConfirmed(detail=f"household {received.household_id}")
    family = bound.public(sender.name)
    items = [{k: v for k, v in d.items() if k != "household_id"} for d in drafts(opened, received.household_id)]
    workspace = opened.workspace()
    me = opened.identity(workspace.name, workspace.organisation)
    bundle = seal("return", {_HOUSEHOLD: received.household_id, _ITEMS: items}, me, to=family,
                  expires=lifetimes.expiry("return", moment), now=moment, rng=opened.rng,
                  bundle_id=opened.rng(16))
    with opened.vault.action():
        opened.vault.records(DRAFTS_TABLE).remove(household_id=received.household_id)
    return ShareResult(bundle, split_frames(bundle), None, None)


# --- the family decides --------------------------------------------------------------------

def import_return(book: PlanBook, data: bytes, *, now: dt.datetime | None = None) -> list[dict]:
    """Put a return's items in the inbox (pending); the same bundle twice adds nothing."""
    plan = book.plan()
    household = plan.household
    me = book.opened.identity(household.name if household else "")
    bundle = open_bundle(data, me=me, now=now_or(now, book.opened.now))
    if bundle.kind != "return":
        raise NotAReturn()
    try:  # the spec's rules first (docs/bundle-format.md, "Return payload")
        read_payload(bundle.kind, bundle.payload)
    except SharePayloadError as error:
        raise BadReturn(detail=error.detail) from None
    sender = next((p for p in paired(plan) if p.signing_key == bundle.sender.signing_key.hex()), None)
    if sender is None:
        raise NotFromPairedBegeleider()
    vault = book.vault
    if vault.records(SEEN_TABLE).first(bundle_id=bundle.bundle_id) is not None:
        return []
    goal_ids = [goal.id for goal in plan.goals]
    items = [dict(item, bundle_id=bundle.bundle_id, item_id=f"{bundle.bundle_id}-{n}",
                  from_name=sender.name, professional_id=sender.id, status="pending")
             for n, item in enumerate(bundle.payload[_ITEMS]) if isinstance(item, dict)
             and item.get("kind") in KINDS]
    for item in items:
        if "goal_id" in item:  # the share named the goal by its short id
            item["goal_id"] = whole_id(item["goal_id"], goal_ids) or item["goal_id"]
    with vault.action():
        vault.records(SEEN_TABLE).add({"bundle_id": bundle.bundle_id})
        vault.records(INBOX_TABLE).add(*items)
    return items


def inbox(book: PlanBook, status: str | None = "pending") -> list[dict]:
    items = book.vault.records(INBOX_TABLE)
    docs = items.all() if status is None else items.find(status=status)
    return [dict(d) for d in docs]


def _set_status(book: PlanBook, item_id: str, status: str) -> None:
    book.vault.records(INBOX_TABLE).update({"status": status}, item_id=item_id)


def decline(book: PlanBook, item_id: str) -> None:
    """The plan is not touched; the inbox remembers the answer."""
    with book.vault.action():
        _set_status(book, item_id, "declined")


def accept(book: PlanBook, item_id: str) -> None:
    """The item enters the plan, in the begeleider's name, in one save with its answer."""
    item = next(i for i in inbox(book, None) if i["item_id"] == item_id)
    by = item["from_name"]
    today = book.opened.today()
    if "goal_id" in item and whole_id(item["goal_id"], (g.id for g in book.plan().goals)) is None:
        raise GoalGone()  # removed since the share, or never the family's
    with book.vault.action():
        kind = item["kind"]
        if kind in ("log", "goal_comment", "evaluation_note"):
            text = item["text"]
            if kind == "goal_comment":
                goal = book.get("goals", item["goal_id"])
                text = f"{goal.text}\n— {text}"
            book.save("log", LogEntry(date=item.get("date") or today,
                                      kind=item.get("log_kind") or ("meeting" if kind == "evaluation_note" else "note"),
                                      text=text, author=by), by=by)
        elif kind == "agreement":
            book.save("agreements", Agreement(goal_id=item["goal_id"], what=item["what"],
                                              how=item.get("how", ""), due=item.get("due"),
                                              who=[item["professional_id"]]), by=by)
        elif kind == "goal_text":
            book.save("goals", replace(book.get("goals", item["goal_id"]), text=item["text"]), by=by)
        elif kind == "evaluation_date":
            book.save("evaluations", Evaluation(planned=item["date"], notes=item.get("text", "")), by=by)
        _set_status(book, item_id, "accepted")
