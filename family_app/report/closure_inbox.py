"""The begeleider's app: the closure reports it imported, kept in its own vault.

`import_closure` keeps one report per family (the newest) and `received_closures` gives the
report screen's figures over them (docs/report.md). A report counts only while its sender's
key is bound to the household (or young person's plan) it reports on (family_keys); the
others are kept and listed apart by `unverified_closures`, and count once the key is bound
(the family shares its plan from that device). An unverified report never replaces
another sender's report, and a revocation removes only reports of its own signer or of a
household its signer is bound to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sync.bundle import open_bundle
from sync.identity import Identity
from sync.payloads import read_payload

from family_app.bundles import lifetimes
from family_app.sharing import family_keys
from family_app.clock import now_or
from family_app.report.cjg_report import (ClosureReport, is_verified, parse_closure,
                                          read_closure, split_verified)
from family_app.profiles.open_profile import OpenProfile
from family_app.report.report_stats import Report, aggregate
from family_app.sharing.sharing import REVOCATION_BUNDLES

RECEIVED_TABLE = "received_closures"  # the begeleider's vault


# --- the begeleider's app: closure reports kept in its vault ------------------------------------

@dataclass
class Imported:
    status: str  # "new" | "same" (already had it) | "replaced" (a newer report of the
    #              same family) | "older" (a newer one is kept) | "revoked" (family withdrew)
    report: ClosureReport | None
    verified: bool = False  # counted: its sender's key is bound to the family it reports on


def me_of(opened: OpenProfile) -> Identity:
    """The begeleider's own identity (the one families paired with)."""
    workspace = opened.workspace()
    return opened.identity(workspace.name, workspace.organisation)


def _doc(report: ClosureReport) -> dict:
    return {"name": report.name, "bundle_id": report.bundle_id,
            "created": report.created.isoformat(), "expires": report.expires.isoformat(),
            "sender": report.sender, "respondent": report.respondent, "plan_id": report.plan_id,
            "payload": report.payload}


@dataclass(frozen=True)
class _Stored:  # the part of an OpenedBundle that parse_closure reads
    bundle_id: str
    created: dt.datetime
    expires: dt.datetime
    sender_fingerprint: str

    @property
    def sender(self):
        return self

    def fingerprint(self) -> str:
        return self.sender_fingerprint


def _from_doc(doc: dict) -> ClosureReport:
    stored = _Stored(doc["bundle_id"], dt.datetime.fromisoformat(doc["created"]),
                     dt.datetime.fromisoformat(doc["expires"]), doc["sender"])
    return parse_closure(doc["payload"], name=doc.get("name", ""), bundle=stored)


def import_closure(opened: OpenProfile, data: bytes, *, name: str = "",
                   now: dt.datetime | None = None) -> Imported:
    """Keep a closure report in the begeleider's vault (one per family: the newest).

    Raises the sync errors of a bundle that cannot be used (`reason(error)` says why). A
    revocation bundle removes the closure reports the family withdrew."""
    moment = now_or(now, opened.now)
    bundle = open_bundle(data, me=me_of(opened), now=moment)
    kept = opened.vault.records(RECEIVED_TABLE)
    signer = bundle.sender.fingerprint()
    if bundle.kind == "revocation":
        read_payload(bundle.kind, bundle.payload)  # the spec's rules, before anything goes
        ids = bundle.payload.get(REVOCATION_BUNDLES)
        ids = [i.hex() for i in ids if isinstance(i, bytes)] if isinstance(ids, list) else []
        gone = [d for d in kept.all() if d.get("bundle_id") in ids and (
                    d["sender"] == signer or family_keys.is_bound(opened, d["plan_id"], signer))]
        with opened.vault.action():
            kept.drop(gone)
        return Imported("revoked", None)
    report = read_closure(bundle, name=name or bundle.bundle_id[:8])
    known = family_keys.known(opened)
    verified = is_verified(report, known)
    if kept.first(bundle_id=report.bundle_id) is not None:
        return Imported("same", report, verified)
    # The same family's earlier report: from the same key, or (when this one counts) from
    # any key bound to the family. An unverified report never replaces a family's report.
    same_family = [d for d in kept.find(respondent=report.respondent, plan_id=report.plan_id)
                   if report.plan_id and (d["sender"] == report.sender or (
                       verified and d["sender"] in known.get(report.plan_id, ())))]
    newer = [d for d in same_family if _from_doc(d).order > report.order]
    if newer:
        return Imported("older", report, verified)
    with opened.vault.action():
        kept.drop(same_family)
        kept.add(_doc(report))
    return Imported("replaced" if same_family else "new", report, verified)


def received_closure_reports(opened: OpenProfile,
                             now: dt.datetime | None = None) -> list[ClosureReport]:
    """The closure reports kept, newest first; expired ones are removed (consent ended)."""
    moment = now_or(now, opened.now)
    kept = opened.vault.records(RECEIVED_TABLE)
    gone = [d for d in kept.all()
            if not lifetimes.still_valid(dt.datetime.fromisoformat(d["expires"]), moment)]
    if gone:
        with opened.vault.action():
            kept.drop(gone)
    reports = [_from_doc(dict(d)) for d in kept.all()]
    return sorted(reports, key=lambda r: r.created, reverse=True)


def received_closures(opened: OpenProfile, now: dt.datetime | None = None) -> Report:
    """The report screen's figures over the verified closure reports this begeleider kept."""
    verified, _ = split_verified(received_closure_reports(opened, now), family_keys.known(opened))
    return aggregate(verified)


def unverified_closures(opened: OpenProfile,
                        now: dt.datetime | None = None) -> list[ClosureReport]:
    """The kept reports that do not count: their key is not bound to the family they report
    on (never seen in a share, or bound to another household). Newest first."""
    _, unverified = split_verified(received_closure_reports(opened, now),
                                   family_keys.known(opened))
    return unverified
