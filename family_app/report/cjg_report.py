"""Reading the closure reports families sent to the CJG (docs/report.md).

    read_reports(folder or bundles, me, now, known=...) -> ReportInput   open, check, dedupe

Damaged, forged, undecryptable, expired and not-a-closure bundles are listed with the reason
and never counted. A genuine report counts only when its sender's key is bound to the
household (or young person's plan) it reports on, in the begeleider's vault (`known`, from
family_keys.known): anyone with the begeleider's public code can seal a report, so the
others are listed apart as unverified and never counted. Duplicates (the same bundle twice,
or a family's report sent again) count once: the newest. The figures are in report_stats, the table, CSV and page in report_render,
the begeleider's kept reports in closure_inbox.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync.bundle import FILE_SUFFIX, open_bundle
from sync.errors import N_, BundleFormatError, Expired, SharePayloadError, SyncError
from sync.identity import Identity
from sync.payloads import read_payload

from family_app.clock import now_or
from family_app.closure.closure import QUESTIONS
from family_app.closure.closure_report import CLOSURE_FORMAT, duration_start
from family_app.domain import ENDINGS, GOAL_RESULTS, RESPONDENTS, Satisfaction, ValidationError
from family_app.domain.fields import optional_date


# --- reading closure bundles ---------------------------------------------------------------

class NotAClosure(BundleFormatError):
    """A genuine bundle that is not a closure report (a share, an identity...)."""


class BadClosure(SharePayloadError):
    """A genuine closure bundle whose report does not follow onsplan-closure/1: the
    spec's payload-failure."""

    default_problem = N_("The closure report in this code could not be read. Ask the "
                         "family to send it again.")


@dataclass(frozen=True)
class ClosureReport:
    """One accepted closure report, checked and ready to count."""

    name: str  # file name (or "#3" for the third of a list of bundles)
    bundle_id: str
    created: dt.datetime
    expires: dt.datetime
    sender: str  # the sender's fingerprint
    respondent: str  # "parent" | "youth"
    plan_id: str  # the household's id (parents) or the youth plan's id
    household_id: str
    closure_id: str
    closed_on: dt.date
    ending: str
    can_carry_on: bool
    referred_onward: bool
    satisfaction: dict[str, int | None]
    goal_results: tuple[str, ...]
    referred: dt.date | None
    first_visit: dt.date | None
    with_names: bool
    payload: dict = field(repr=False, compare=False, default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        """Reports with the same key are the same family's (or young person's) report."""
        return self.respondent, self.plan_id or f"{self.sender}/{self.closure_id}"

    @property
    def order(self) -> tuple:
        """Newer reports sort last."""
        return self.closed_on, self.created, self.bundle_id

    @property
    def days_referral_to_first_visit(self) -> int | None:
        if self.referred is None or self.first_visit is None or self.first_visit < self.referred:
            return None
        return (self.first_visit - self.referred).days

    @property
    def duration_days(self) -> int | None:
        start, _ = duration_start(self.referred, self.first_visit)
        if start is None or self.closed_on < start:
            return None
        return (self.closed_on - start).days


Known = Mapping[str, Collection[str]]  # household or plan id -> fingerprints bound to it
UNVERIFIED = ("unverified: its key {fingerprint} was never bound to this family in the "
              "begeleider's app (no share seen from it); not counted")


@dataclass
class ReportInput:
    accepted: list[ClosureReport] = field(default_factory=list)  # verified: these count
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (name, why not counted)
    unverified: list[ClosureReport] = field(default_factory=list)  # genuine, sender not bound

    @property
    def unverified_reasons(self) -> list[tuple[str, str]]:
        return [(r.name, UNVERIFIED.format(fingerprint=r.sender)) for r in self.unverified]


def is_verified(report: ClosureReport, known: Known) -> bool:
    """Is the report's sender a key bound to the household (or plan) it reports on?"""
    return bool(report.plan_id) and report.sender in known.get(report.plan_id, ())


def split_verified(reports: Iterable[ClosureReport],
                   known: Known) -> tuple[list[ClosureReport], list[ClosureReport]]:
    """(the reports that count, the unverified ones), in the order given."""
    reports = list(reports)
    return ([r for r in reports if is_verified(r, known)],
            [r for r in reports if not is_verified(r, known)])


def _bad(detail: str) -> BadClosure:
    return BadClosure(detail=detail)


def _date(value: Any, where: str) -> dt.date | None:
    try:
        return optional_date(value)
    except ValidationError:
        raise _bad(f"{where}: not a date") from None


def _text(value: Any, where: str, *, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise _bad(f"{where}: must be text")
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _bad(f"{where}: must be true or false")
    return value


def parse_closure(payload: Any, *, name: str, bundle) -> ClosureReport:
    """Check a closure bundle's payload; raises BadClosure naming the field."""
    if not isinstance(payload, dict) or payload.get("format") != CLOSURE_FORMAT:
        raise _bad(f"format is not {CLOSURE_FORMAT}")
    respondent = payload.get("respondent")
    if respondent not in RESPONDENTS:
        raise _bad("respondent")
    ending = payload.get("ending")
    if ending not in ENDINGS:
        raise _bad("ending: not a CBS code 01-05")
    referred_onward = _flag(payload.get("referred_onward"), "referred_onward")
    try:
        satisfaction = Satisfaction.from_dict(payload.get("satisfaction"))
    except ValidationError as err:
        raise _bad(str(err.within("satisfaction"))) from None
    if not referred_onward and satisfaction.referral_support is not None:
        raise _bad("satisfaction.referral_support: given without a referral onward")
    goals = payload.get("goals")
    if not isinstance(goals, list) or not all(
            isinstance(g, dict) and g.get("result") in GOAL_RESULTS for g in goals):
        raise _bad("goals: each needs a result (reached, partly, not)")
    trajectory = payload.get("trajectory") or {}
    if not isinstance(trajectory, dict):
        raise _bad("trajectory")
    closed_on = _date(payload.get("closed_on"), "closed_on")
    if closed_on is None:
        raise _bad("closed_on: missing")
    return ClosureReport(
        name=name, bundle_id=bundle.bundle_id, created=bundle.created, expires=bundle.expires,
        sender=bundle.sender.fingerprint(), respondent=respondent,
        plan_id=_text(payload.get("plan_id"), "plan_id"),
        household_id=_text(payload.get("household_id"), "household_id"),
        closure_id=_text(payload.get("closure_id"), "closure_id"),
        closed_on=closed_on, ending=ending,
        can_carry_on=_flag(payload.get("can_carry_on"), "can_carry_on"),
        referred_onward=referred_onward,
        satisfaction={key: getattr(satisfaction, key) for key in QUESTIONS},
        goal_results=tuple(g["result"] for g in goals),
        referred=_date(trajectory.get("referred"), "trajectory.referred"),
        first_visit=_date(trajectory.get("first_visit"), "trajectory.first_visit"),
        with_names=payload.get("with_names") is True, payload=payload)


def read_closure(bundle, *, name: str) -> ClosureReport:
    """An opened closure bundle's report: the spec's rules (sync.payloads), then the
    app's; raises NotAClosure or BadClosure."""
    if bundle.kind != "closure":
        raise NotAClosure(detail=f"a {bundle.kind} bundle")
    try:
        read_payload(bundle.kind, bundle.payload)
    except SharePayloadError as error:
        raise _bad(error.detail) from None
    return parse_closure(bundle.payload, name=name, bundle=bundle)


def open_closure(data: bytes, me: Identity, *, name: str = "",
                 now: dt.datetime | None = None) -> ClosureReport:
    """Open and check one closure bundle; raises a sync error (see `reason`)."""
    return read_closure(open_bundle(data, me=me, now=now_or(now)), name=name)


def reason(error: BaseException) -> str:
    """Why a file was not counted, in one plain English line."""
    if isinstance(error, NotAClosure):
        return f"not a closure report ({error.detail})"
    if isinstance(error, BadClosure):
        return f"the closure report inside could not be read ({error.detail})"
    if isinstance(error, Expired):
        when = error.expires.date().isoformat() if error.expires else "?"
        return f"expired on {when}; the family can send it again"
    if isinstance(error, SyncError):
        return error.problem
    if isinstance(error, OSError):
        return f"could not be read: {error.strerror or error}"
    return "could not be read"  # never a Python message: the report is for people


def _sources(source) -> list[tuple[str, Any]]:
    if isinstance(source, (str, Path)):
        folder = Path(source)
        if not folder.is_dir():
            raise NotADirectoryError(f"folder not found: {folder}")
        return [(p.name, p) for p in sorted(folder.iterdir())
                if p.suffix == FILE_SUFFIX and p.is_file()]
    items = []
    for index, item in enumerate(source, 1):
        items.append(item if isinstance(item, tuple) else (f"#{index}", item))
    return items


def read_reports(source, me: Identity, now: dt.datetime | None = None, *,
                 known: Known | None = None) -> ReportInput:
    """Open every closure bundle of a folder (*.onsplan) or a list of bundles (bytes, or
    (name, bytes) pairs): accepted reports (verified against `known`, duplicates dropped),
    the unverified ones, and the rest with reasons. Without `known` none is verified.
    Without `now` the system clock: there is no open profile here to ask."""
    moment = now_or(now)
    result = ReportInput()
    opened = []
    for name, item in _sources(source):
        try:
            data = item.read_bytes() if isinstance(item, Path) else bytes(item)
            opened.append(open_closure(data, me, name=name, now=moment))
        except (SyncError, OSError) as error:
            result.rejected.append((name, reason(error)))
    verified, result.unverified = split_verified(opened, known or {})
    result.accepted, result.duplicates = dedupe(verified)
    return result


def dedupe(reports: Iterable[ClosureReport]) -> tuple[list[ClosureReport], list[tuple[str, str]]]:
    """Count each report once: the same bundle seen twice, or the same family's (the same
    young person's) report sent again, keeps the newest. Returns (kept, [(name, why)])."""
    by_bundle: dict[str, ClosureReport] = {}
    duplicates: list[tuple[str, str]] = []
    for report in reports:
        first = by_bundle.get(report.bundle_id)
        if first is None:
            by_bundle[report.bundle_id] = report
        else:
            duplicates.append((report.name, f"the same report as {first.name}"))
    newest: dict[tuple[str, str], ClosureReport] = {}
    for report in by_bundle.values():
        other = newest.get(report.key)
        if other is None:
            newest[report.key] = report
            continue
        older, newer = sorted((other, report), key=lambda r: r.order)
        newest[report.key] = newer
        duplicates.append((older.name, f"sent again: {newer.name} is newer and counts"))
    kept = set(id(r) for r in newest.values())
    return [r for r in by_bundle.values() if id(r) in kept], duplicates
