"""The figures of the CJG's report over the accepted closure reports (docs/report.md).

    aggregate(accepted) -> Report   the figures, parents and youth apart

"Not applicable" (None) is left out of an item, never counted as 0. Labels here are English
with the CBS codes; the screens translate.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from family_app.report.cjg_report import ClosureReport, dedupe
from family_app.closure.closure import DROPOUT_CODES, ENDING_CODES, QUESTIONS
from family_app.domain import ENDINGS, GOAL_RESULTS

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
