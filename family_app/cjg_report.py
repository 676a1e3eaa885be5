"""The CJG's report over the closure reports families sent (docs/report.md).

    read_reports(folder or bundles, me, now) -> ReportInput   open, check, drop duplicates
    aggregate(accepted)                       -> Report        the figures, parents and youth apart
    to_text / to_csv / to_html(report)                         a table, a CSV, a self-contained page

Damaged, forged, undecryptable, expired and not-a-closure bundles are listed with the reason
and never counted. Duplicates (the same bundle twice, or a family's report sent again) count
once: the newest. "Not applicable" (None) is left out of an item, never counted as 0.

The begeleider's app keeps the closure reports it imported in its own vault
(`import_closure`) and shows `received_closures`. Labels here are English with the CBS codes;
the screens translate.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from tinydb import Query

from sync.bundle import FILE_SUFFIX, open_bundle
from sync.errors import BundleFormatError, Expired, SyncError
from sync.identity import Identity

from .closure import DROPOUT_CODES, ENDING_CODES, QUESTIONS
from .closure_report import CLOSURE_FORMAT, duration_start
from .domain import ENDINGS, GOAL_RESULTS, RESPONDENTS, Satisfaction, ValidationError
from .domain.fields import optional_date
from .open_profile import OpenProfile
from .sharing import REVOCATION_BUNDLES

ITEM_LABELS = {
    "help_overall": "the help overall",
    "contact_begeleider": "contact with the begeleider",
    "speed_of_start": "how fast help started",
    "managing_again": "managing on our own again",
    "referral_support": "support with the referral",
}
RESULT_LABELS = {"reached": "reached", "partly": "partly reached", "not": "not reached"}
ENDING_LABELS = dict(ENDINGS)  # CBS code -> English words (msgids; the screens translate)
RESPONDENT_LABELS = {"parent": "Parents", "youth": "Young people (12+)"}
BUCKETS = ("1-2", "3", "4", "5", "6+")  # duration in months
DAYS_PER_MONTH = Fraction(146097, 4800)  # the mean Gregorian month, 30.44 days
SCORES = range(11)
RECEIVED_TABLE = "received_closures"  # the begeleider's vault


# --- reading closure bundles ---------------------------------------------------------------

class NotAClosure(BundleFormatError):
    """A genuine bundle that is not a closure report (a share, an identity...)."""


class BadClosure(BundleFormatError):
    """A genuine closure bundle whose report does not follow onsplan-closure/1."""


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


@dataclass
class ReportInput:
    accepted: list[ClosureReport] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (name, why not counted)


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


def open_closure(data: bytes, me: Identity, *, name: str = "",
                 now: dt.datetime | None = None) -> ClosureReport:
    """Open and check one closure bundle; raises a sync error (see `reason`)."""
    bundle = open_bundle(data, me=me, now=now or dt.datetime.now(dt.timezone.utc))
    if bundle.kind != "closure":
        raise NotAClosure(detail=f"a {bundle.kind} bundle")
    return parse_closure(bundle.payload, name=name, bundle=bundle)


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
    return str(error) or type(error).__name__


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


def read_reports(source, me: Identity, now: dt.datetime | None = None) -> ReportInput:
    """Open every closure bundle of a folder (*.onsplan) or a list of bundles (bytes, or
    (name, bytes) pairs): accepted reports (duplicates dropped), and the rest with reasons."""
    moment = now or dt.datetime.now(dt.timezone.utc)
    result = ReportInput()
    opened = []
    for name, item in _sources(source):
        try:
            data = item.read_bytes() if isinstance(item, Path) else bytes(item)
            opened.append(open_closure(data, me, name=name, now=moment))
        except (SyncError, OSError) as error:
            result.rejected.append((name, reason(error)))
    result.accepted, result.duplicates = dedupe(opened)
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


# --- the figures ---------------------------------------------------------------------------

def round_half_up(value: Fraction | float | int | None, places: int = 1) -> float | None:
    """8.75 -> 8.8 (as people round), from the exact value."""
    if value is None:
        return None
    exact = Fraction(value)
    decimal = Decimal(exact.numerator) / Decimal(exact.denominator)
    return float(decimal.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Count:
    count: int
    of: int

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.count, self.of) if self.of else None

    @property
    def percent(self) -> float | None:
        """The share in percent, 1 decimal."""
        return round_half_up(self.share * 100) if self.of else None


@dataclass(frozen=True)
class ItemStats:
    key: str
    number: int  # 1-5, as on the closure form
    label: str
    n: int  # answered (0-10)
    not_applicable: int  # no answer: not applicable / not asked; never counted as 0
    mean: float | None  # 1 decimal, rounded half up
    mean_exact: Fraction | None
    median: float | None
    distribution: tuple[int, ...]  # how many answered 0, 1, ..., 10


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    mean_exact: Fraction | None
    median: float | None


@dataclass
class GroupStats:
    respondent: str  # "parent" | "youth"
    n: int
    items: list[ItemStats]
    goals: dict[str, Count]  # result -> share of all goals with a result
    endings: dict[str, Count]  # CBS code -> share of reports
    dropout: Count  # ended 03 or 04: stopped by the family or the provider
    carrying_on: Count  # can carry on without help
    referred_onward: Count
    referral_days: Summary  # days from referral to first visit
    duration: dict[str, Count]  # bucket -> share of reports with a known duration

    @property
    def label(self) -> str:
        return RESPONDENT_LABELS[self.respondent]

    @property
    def goal_total(self) -> int:
        return next(iter(self.goals.values())).of

    @property
    def duration_n(self) -> int:
        return next(iter(self.duration.values())).of

    def item(self, key: str) -> ItemStats:
        return next(i for i in self.items if i.key == key)


@dataclass
class Report:
    parents: GroupStats
    youth: GroupStats

    @property
    def n(self) -> int:
        """Families: the parents' closure reports (young people are reported apart)."""
        return self.parents.n

    @property
    def groups(self) -> list[GroupStats]:
        return [self.parents, self.youth]


def months(days: int) -> int:
    """Whole months, rounded half up (a mean month is 30.44 days)."""
    return int(Fraction(days) / DAYS_PER_MONTH + Fraction(1, 2))


def bucket(days: int) -> str:
    """The duration bucket: "1-2" (also under a month), "3", "4", "5" or "6+" months."""
    m = months(days)
    if m <= 2:
        return "1-2"
    if m >= 6:
        return "6+"
    return str(m)


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _summary(values: list[int]) -> Summary:
    exact = Fraction(sum(values), len(values)) if values else None
    return Summary(len(values), round_half_up(exact), exact, _median(values))


def _item(number: int, key: str, reports: list[ClosureReport]) -> ItemStats:
    answers = [r.satisfaction.get(key) for r in reports]
    given = [a for a in answers if a is not None]
    exact = Fraction(sum(given), len(given)) if given else None
    return ItemStats(key, number, ITEM_LABELS[key], len(given), len(answers) - len(given),
                     round_half_up(exact), exact, _median(given),
                     tuple(given.count(score) for score in SCORES))


def _group(respondent: str, reports: list[ClosureReport]) -> GroupStats:
    n = len(reports)
    results = [result for r in reports for result in r.goal_results]
    durations = [d for d in (r.duration_days for r in reports) if d is not None]
    buckets = [bucket(d) for d in durations]
    return GroupStats(
        respondent=respondent, n=n,
        items=[_item(i, key, reports) for i, key in enumerate(QUESTIONS, 1)],
        goals={result: Count(results.count(result), len(results)) for result in GOAL_RESULTS},
        endings={code: Count(sum(r.ending == code for r in reports), n) for code in ENDING_CODES},
        dropout=Count(sum(r.ending in DROPOUT_CODES for r in reports), n),
        carrying_on=Count(sum(r.can_carry_on for r in reports), n),
        referred_onward=Count(sum(r.referred_onward for r in reports), n),
        referral_days=_summary([d for d in (r.days_referral_to_first_visit for r in reports)
                                if d is not None]),
        duration={b: Count(buckets.count(b), len(buckets)) for b in BUCKETS},
    )


def aggregate(accepted: Iterable[ClosureReport]) -> Report:
    """The figures, parents and young people apart. Duplicates are dropped here too."""
    reports, _ = dedupe(accepted)
    return Report(_group("parent", [r for r in reports if r.respondent == "parent"]),
                  _group("youth", [r for r in reports if r.respondent == "youth"]))


# --- the table, the CSV and the page -----------------------------------------------------------

def fmt(value: float | None, places: int = 1) -> str:
    return "-" if value is None else f"{value:.{places}f}"


def pct(count: Count) -> str:
    return "-" if count.percent is None else f"{count.percent:.1f}%"


def _group_text(g: GroupStats) -> list[str]:
    noun = "families" if g.respondent == "parent" else "young people"
    lines = [f"{g.label}: n = {g.n} {noun}"]
    if not g.n:
        return lines + ["  no closure reports"]
    lines += ["", f"  {'Satisfaction (0-10)':<34}{'n':>4}{'mean':>7}{'median':>8}{'n/a':>6}"]
    for item in g.items:
        lines.append(f"  {item.number} {item.label:<32}{item.n:>4}{fmt(item.mean):>7}"
                     f"{fmt(item.median):>8}{item.not_applicable:>6}")
    lines += ["", "  Distribution (how many gave 0, 1, ..., 10)",
              "    " + " ".join(f"{s:>2}" for s in SCORES)]
    for item in g.items:
        lines.append(f"  {item.number} " + " ".join(f"{c:>2}" for c in item.distribution))
    lines += ["", f"  {f'Goals (n = {g.goal_total})':<34}{'count':>7}{'share':>9}"]
    for result, count in g.goals.items():
        lines.append(f"    {RESULT_LABELS[result]:<32}{count.count:>7}{pct(count):>9}")
    lines += ["", f"  {'How the help ended (CBS code)':<34}{'count':>7}{'share':>9}"]
    for code, count in g.endings.items():
        lines.append(f"    {code} {ENDING_LABELS[code]:<29}{count.count:>7}{pct(count):>9}")
    lines.append(f"    {'dropout (03 + 04)':<32}{g.dropout.count:>7}{pct(g.dropout):>9}")
    lines += ["",
              f"  {'Carrying on without help':<34}{g.carrying_on.count:>7}{pct(g.carrying_on):>9}",
              f"  {'Referred onward':<34}{g.referred_onward.count:>7}{pct(g.referred_onward):>9}"]
    if g.respondent == "parent":
        d = g.referral_days
        lines += ["", f"  Days from referral to first visit: n = {d.n}, mean {fmt(d.mean)}, "
                      f"median {fmt(d.median)}",
                  "", f"  {f'Duration in months (n = {g.duration_n})':<34}{'count':>7}{'share':>9}"]
        for name, count in g.duration.items():
            lines.append(f"    {name:<32}{count.count:>7}{pct(count):>9}")
    return lines


def to_text(report: Report) -> str:
    """The readable table the `report` command prints."""
    lines: list[str] = []
    for group in report.groups:
        lines += _group_text(group) + [""]
    return "\n".join(lines).rstrip() + "\n"


CSV_COLUMNS = ("respondent", "figure", "key", "label", "n", "count", "share", "mean",
               "mean_exact", "median", *(f"score_{s}" for s in SCORES))


def _share(count: Count) -> str:
    return "" if count.share is None else f"{float(count.share):.4f}"


def _exact(value: Fraction | None) -> str:
    return "" if value is None else f"{float(value):.4f}"


def _plain(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def csv_rows(report: Report) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for g in report.groups:
        def add(figure, key="", label="", n="", count: Count | None = None, **more):
            row = {"respondent": g.respondent, "figure": figure, "key": key, "label": label,
                   "n": n}
            if count is not None:
                row.update(n=count.of, count=count.count, share=_share(count))
            rows.append({**row, **more})
        add("reports", n=g.n)
        for item in g.items:
            add("satisfaction", item.key, f"{item.number} {item.label}", item.n,
                mean=_plain(item.mean), mean_exact=_exact(item.mean_exact),
                median=_plain(item.median), count=None,
                **{f"score_{s}": c for s, c in zip(SCORES, item.distribution)})
        for result, count in g.goals.items():
            add("goals", result, RESULT_LABELS[result], count=count)
        for code, count in g.endings.items():
            add("ending", code, f"{code} {ENDING_LABELS[code]}", count=count)
        add("dropout", "03+04", "dropout: stopped by the family or the provider", count=g.dropout)
        add("carrying_on", "", "carrying on without help", count=g.carrying_on)
        add("referred_onward", "", "referred onward", count=g.referred_onward)
        d = g.referral_days
        add("referral_to_first_visit_days", "", "days from referral to first visit", d.n,
            mean=_plain(d.mean), mean_exact=_exact(d.mean_exact), median=_plain(d.median))
        for name, count in g.duration.items():
            add("duration_months", name, f"{name} months", count=count)
    return rows


def to_csv(report: Report) -> str:
    """One row per figure; columns CSV_COLUMNS (shares as fractions 0-1)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(csv_rows(report))
    return out.getvalue()


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:2rem;
color:#1b1b1b;max-width:60rem}
h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:2px solid #2b6cb0}
h3{font-size:1rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.25rem .6rem;text-align:right;
border-bottom:1px solid #ddd}td:first-child,th:first-child{text-align:left}
.charts{display:flex;flex-wrap:wrap;gap:1rem}.chart{border:1px solid #ddd;padding:.5rem}
table.list td{text-align:left}
svg text{font-size:11px;fill:#1b1b1b}.muted{color:#555}
"""


def _svg_bars(title: str, rows: list[tuple[str, int, str]], width: int = 440,
              top: int | None = None) -> str:
    """A horizontal bar chart: rows of (label, count, value text); `top` is a full bar."""
    bar_h, gap, left, right = 18, 6, 190, 70
    height = len(rows) * (bar_h + gap) + 24
    top = top or max((c for _, c, _ in rows), default=0) or 1
    parts = [f'<svg role="img" aria-label="{html.escape(title)}" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}">',
             f"<title>{html.escape(title)}</title>",
             f'<text x="0" y="14" font-weight="bold">{html.escape(title)}</text>']
    for i, (label, count, value) in enumerate(rows):
        y = 24 + i * (bar_h + gap)
        w = round((width - left - right) * count / top)
        parts += [f'<text x="0" y="{y + 13}">{html.escape(label)}</text>',
                  f'<rect x="{left}" y="{y}" width="{w}" height="{bar_h}" fill="#2b6cb0"/>',
                  f'<text x="{left + w + 4}" y="{y + 13}">{html.escape(value)}</text>']
    return "".join(parts) + "</svg>"


def _svg_distribution(item: ItemStats, width: int = 300) -> str:
    """Columns for the scores 0..10 of one item."""
    title = f"{item.number} {item.label} (n = {item.n})"
    height, base, col = 150, 120, (width - 10) // 11
    top = max(item.distribution) or 1
    parts = [f'<svg role="img" aria-label="{html.escape(title)}" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}">',
             f"<title>{html.escape(title)}</title>",
             f'<text x="0" y="12" font-weight="bold">{html.escape(title)}</text>']
    for score, count in zip(SCORES, item.distribution):
        h = round(90 * count / top)
        x = 5 + score * col
        parts += [f'<rect x="{x + 2}" y="{base - h}" width="{col - 4}" height="{h}" '
                  f'fill="#2b6cb0"/>',
                  f'<text x="{x + col // 2}" y="{base + 14}" text-anchor="middle">{score}</text>']
        if count:
            parts.append(f'<text x="{x + col // 2}" y="{base - h - 3}" '
                         f'text-anchor="middle">{count}</text>')
    return "".join(parts) + "</svg>"


def _count_rows(counts: dict[str, Count], labels: dict[str, str]) -> list[tuple[str, int, str]]:
    return [(labels[k], c.count, f"{c.count} ({pct(c)})") for k, c in counts.items()]


def _group_html(g: GroupStats) -> str:
    e = html.escape
    noun = "families" if g.respondent == "parent" else "young people"
    out = [f"<h2>{e(g.label)}: n = {g.n} {noun}</h2>"]
    if not g.n:
        return out[0] + '<p class="muted">No closure reports.</p>'
    out.append("<h3>Satisfaction (0-10; not applicable is left out, never 0)</h3><table>"
               "<tr><th>Item</th><th>n answered</th><th>mean</th><th>median</th>"
               "<th>not applicable</th></tr>")
    for item in g.items:
        out.append(f"<tr><td>{item.number} {e(item.label)}</td><td>{item.n}</td>"
                   f"<td>{fmt(item.mean)}</td><td>{fmt(item.median)}</td>"
                   f"<td>{item.not_applicable}</td></tr>")
    out.append("</table>")
    means = [(f"{i.number} {i.label}", int(round((i.mean or 0) * 10)), fmt(i.mean))
             for i in g.items]
    out.append('<div class="charts"><div class="chart">'
               + _svg_bars("Mean per item (0-10)", means, top=100) + "</div>")
    out += [f'<div class="chart">{_svg_distribution(i)}</div>' for i in g.items]
    out.append("</div>")
    endings = {c: f"{c} {ENDING_LABELS[c]}" for c in g.endings}
    rows = [("Goals", g.goals, RESULT_LABELS),
            ("How the help ended (CBS code)", g.endings, endings)]
    if g.respondent == "parent":
        rows.append(("Duration in months", g.duration, {b: f"{b} months" for b in BUCKETS}))
    out.append('<div class="charts">')
    for title, counts, labels in rows:
        out.append(f'<div class="chart">{_svg_bars(title, _count_rows(counts, labels))}</div>')
    out.append("</div><table><tr><th>Figure</th><th>count</th><th>share</th></tr>")
    for result, c in g.goals.items():
        out.append(f"<tr><td>goals {e(RESULT_LABELS[result])}</td><td>{c.count} of {c.of}</td>"
                   f"<td>{pct(c)}</td></tr>")
    for code, c in g.endings.items():
        out.append(f"<tr><td>{code} {e(ENDING_LABELS[code])}</td><td>{c.count}</td>"
                   f"<td>{pct(c)}</td></tr>")
    for label, c in (("dropout (03 + 04)", g.dropout),
                     ("carrying on without help", g.carrying_on),
                     ("referred onward", g.referred_onward)):
        out.append(f"<tr><td>{label}</td><td>{c.count}</td><td>{pct(c)}</td></tr>")
    if g.respondent == "parent":
        for name, c in g.duration.items():
            out.append(f"<tr><td>duration {name} months</td><td>{c.count} of {c.of}</td>"
                       f"<td>{pct(c)}</td></tr>")
        d = g.referral_days
        out.append(f"<tr><td>days from referral to first visit (n = {d.n})</td>"
                   f"<td>mean {fmt(d.mean)}</td><td>median {fmt(d.median)}</td></tr>")
    out.append("</table>")
    return "".join(out)


def to_html(report: Report, *, rejected: list[tuple[str, str]] = (),
            duplicates: list[tuple[str, str]] = (), title: str = "Closure reports") -> str:
    """A self-contained page: inline CSS and SVG, no scripts, no links to anywhere."""
    e = html.escape
    body = [f"<h1>{e(title)}</h1>",
            f'<p>n = {report.n} families; {report.youth.n} young people reported apart.</p>']
    body += [_group_html(g) for g in report.groups]
    if rejected:
        body.append('<h2>Not counted: rejected</h2><table class="list">'
                    + "".join(f"<tr><td>{e(n)}</td><td>{e(r)}</td></tr>" for n, r in rejected)
                    + "</table>")
    if duplicates:
        body.append('<h2>Counted once: duplicates</h2><table class="list">'
                    + "".join(f"<tr><td>{e(n)}</td><td>{e(r)}</td></tr>" for n, r in duplicates)
                    + "</table>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{e(title)}</title><style>{_CSS}</style></head><body>"
            + "".join(body) + "</body></html>\n")


# --- the begeleider's app: closure reports kept in its vault ------------------------------------

@dataclass
class Imported:
    status: str  # "new" | "same" (already had it) | "replaced" (a newer report of the
    #              same family) | "older" (a newer one is kept) | "revoked" (family withdrew)
    report: ClosureReport | None


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
    moment = now or dt.datetime.now(dt.timezone.utc)
    bundle = open_bundle(data, me=me_of(opened), now=moment)
    table = opened.vault.table(RECEIVED_TABLE)
    if bundle.kind == "revocation":
        ids = bundle.payload.get(REVOCATION_BUNDLES)
        ids = [i.hex() for i in ids if isinstance(i, bytes)] if isinstance(ids, list) else []
        with opened.vault.action():
            table.remove(Query().bundle_id.one_of(ids))
        return Imported("revoked", None)
    if bundle.kind != "closure":
        raise NotAClosure(detail=f"a {bundle.kind} bundle")
    report = parse_closure(bundle.payload, name=name or bundle.bundle_id[:8], bundle=bundle)
    if table.contains(Query().bundle_id == report.bundle_id):
        return Imported("same", report)
    same_family = [d for d in table.search((Query().respondent == report.respondent)
                                           & (Query().plan_id == report.plan_id))
                   if report.plan_id]
    newer = [d for d in same_family if _from_doc(d).order > report.order]
    if newer:
        return Imported("older", report)
    with opened.vault.action():
        table.remove(doc_ids=[d.doc_id for d in same_family])
        table.insert(_doc(report))
    return Imported("replaced" if same_family else "new", report)


def received_closure_reports(opened: OpenProfile,
                             now: dt.datetime | None = None) -> list[ClosureReport]:
    """The closure reports kept, newest first; expired ones are removed (consent ended)."""
    moment = now or dt.datetime.now(dt.timezone.utc)
    table = opened.vault.table(RECEIVED_TABLE)
    gone = [d.doc_id for d in table.all() if dt.datetime.fromisoformat(d["expires"]) < moment]
    if gone:
        with opened.vault.action():
            table.remove(doc_ids=gone)
    reports = [_from_doc(dict(d)) for d in table.all()]
    return sorted(reports, key=lambda r: r.created, reverse=True)


def received_closures(opened: OpenProfile, now: dt.datetime | None = None) -> Report:
    """The report screen's figures over the closure reports this begeleider imported."""
    return aggregate(received_closure_reports(opened, now))
