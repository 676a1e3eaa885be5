"""The CJG's report (family_app.report.cjg_report, report_stats, report_render): what is counted,
how, and what is refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from fractions import Fraction
from types import SimpleNamespace

import pytest

from family_app.report import cjg_report as cr
from family_app.report import report_render as rr
from family_app.report import report_stats as rs
from family_app.closure.closure_report import CLOSURE_FORMAT
from sync.bundle import seal
from sync.identity import Identity

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.timezone.utc)
SCORES = {"help_overall": 8, "contact_begeleider": 9, "speed_of_start": 7, "managing_again": 8,
          "referral_support": None}


def payload(*, plan_id="h1", respondent="parent", ending="01", satisfaction=None,
            goals=("reached",), referred="2026-01-05", first_visit="2026-01-12",
            closed_on="2026-04-12", can_carry_on=True, referred_onward=None) -> dict:
    scores = {**SCORES, **(satisfaction or {})}
    if referred_onward is None:
        referred_onward = scores["referral_support"] is not None
    return {"format": CLOSURE_FORMAT, "respondent": respondent, "plan_id": plan_id,
            "household_id": plan_id if respondent == "parent" else "", "closure_id": "c-" + plan_id,
            "closed_on": closed_on, "ending": ending, "can_carry_on": can_carry_on,
            "referred_onward": referred_onward, "satisfaction": scores,
            "goals": [{"result": r, "kind": None, "domain": None} for r in goals],
            "trajectory": {"referred": referred, "first_visit": first_visit, "plan_made": None,
                           "closed": closed_on},
            "with_names": False}


_counter = iter(range(10**6))


def report(created: dt.datetime = NOW, bundle_id: str | None = None, name: str = "",
           **fields) -> cr.ClosureReport:
    number = next(_counter)
    bundle = SimpleNamespace(bundle_id=bundle_id or f"{number:032x}", created=created,
                             expires=created + dt.timedelta(days=365),
                             sender=SimpleNamespace(fingerprint=lambda: "FAMI-LYKE-Y000-0000"))
    return cr.parse_closure(payload(**fields), name=name or f"r{number}", bundle=bundle)


# --- aggregation ----------------------------------------------------------------------------

def test_not_applicable_is_left_out_never_counted_as_zero():
    reports = [report(plan_id="a", satisfaction={"referral_support": 8}),
               report(plan_id="b"), report(plan_id="c")]
    item = rs.aggregate(reports).parents.item("referral_support")
    assert item.n == 1 and item.not_applicable == 2
    assert item.mean == 8.0 and item.median == 8.0  # with zeros it would be 2.7 and 0
    assert item.distribution[0] == 0 and item.distribution[8] == 1 and sum(item.distribution) == 1


def test_a_real_zero_counts():
    reports = [report(plan_id="a", satisfaction={"help_overall": 0}),
               report(plan_id="b", satisfaction={"help_overall": 10})]
    item = rs.aggregate(reports).parents.item("help_overall")
    assert item.n == 2 and item.mean == 5.0 and item.distribution[0] == 1


def test_mean_is_exact_and_rounded_half_up_median_and_distribution():
    values = [8, 8, 8, 9]  # 33/4 = 8.25: half up gives 8.3 (round() would give 8.2)
    reports = [report(plan_id=str(i), satisfaction={"speed_of_start": v})
               for i, v in enumerate(values)]
    item = rs.aggregate(reports).parents.item("speed_of_start")
    assert item.mean_exact == Fraction(33, 4) and item.mean == 8.3
    assert item.median == 8.0
    assert item.distribution == (0, 0, 0, 0, 0, 0, 0, 0, 3, 1, 0)
    even = [report(plan_id=str(i), satisfaction={"managing_again": v})
            for i, v in enumerate([7, 8, 9, 10])]
    assert rs.aggregate(even).parents.item("managing_again").median == 8.5


def test_goal_shares_are_over_all_goals():
    reports = [report(plan_id="a", goals=("reached", "reached", "partly")),
               report(plan_id="b", goals=("not",))]
    goals = rs.aggregate(reports).parents.goals
    assert {k: (c.count, c.of) for k, c in goals.items()} == {
        "reached": (2, 4), "partly": (1, 4), "not": (1, 4)}
    assert goals["reached"].percent == 50.0


def test_endings_and_dropout_are_codes_03_and_04():
    codes = ["01", "01", "02", "03", "04", "05", "01", "01"]
    reports = [report(plan_id=str(i), ending=c) for i, c in enumerate(codes)]
    group = rs.aggregate(reports).parents
    assert {c: group.endings[c].count for c in group.endings} == {
        "01": 4, "02": 1, "03": 1, "04": 1, "05": 1}
    assert (group.dropout.count, group.dropout.of) == (2, 8)  # 05 and 02 are no dropout
    assert group.dropout.percent == 25.0


def test_carrying_on_and_referred_onward():
    reports = [report(plan_id="a", can_carry_on=True),
               report(plan_id="b", can_carry_on=False, satisfaction={"referral_support": 7}),
               report(plan_id="c", can_carry_on=False)]
    group = rs.aggregate(reports).parents
    assert (group.carrying_on.count, group.carrying_on.of) == (1, 3)
    assert group.carrying_on.percent == 33.3
    assert group.referred_onward.count == 1


def test_days_from_referral_to_first_visit():
    reports = [report(plan_id="a", referred="2026-01-01", first_visit="2026-01-08"),
               report(plan_id="b", referred="2026-01-01", first_visit="2026-01-15"),
               report(plan_id="c", referred="2026-01-01", first_visit="2026-01-11"),
               report(plan_id="d", referred=None, first_visit="2026-01-11"),  # unknown: left out
               report(plan_id="e", referred="2026-02-01", first_visit="2026-01-11")]  # out of order
    days = rs.aggregate(reports).parents.referral_days
    assert days.n == 3 and days.mean_exact == Fraction(31, 3) and days.mean == 10.3
    assert days.median == 10.0


@pytest.mark.parametrize("days, bucket", [
    (0, "1-2"), (20, "1-2"), (60, "1-2"), (76, "1-2"), (77, "3"), (91, "3"), (106, "3"),
    (107, "4"), (122, "4"), (136, "4"), (137, "5"), (152, "5"), (167, "5"), (168, "6+"),
    (183, "6+"), (400, "6+")])
def test_duration_buckets_round_to_whole_months(days, bucket):
    assert rs.bucket(days) == bucket


def test_duration_counts_from_the_first_visit_else_the_referral():
    reports = [report(plan_id="a", first_visit="2026-01-10", closed_on="2026-04-10"),  # 90 d: 3
               report(plan_id="b", referred="2026-01-01", first_visit=None,
                      closed_on="2026-07-01"),  # 181 days from the referral: 6+
               report(plan_id="c", referred=None, first_visit=None)]  # unknown: left out
    duration = rs.aggregate(reports).parents.duration
    assert list(duration) == ["1-2", "3", "4", "5", "6+"]
    assert {k: c.count for k, c in duration.items()} == {"1-2": 0, "3": 1, "4": 0, "5": 0, "6+": 1}
    assert duration["3"].of == 2


def test_parents_and_young_people_are_reported_apart():
    reports = [report(plan_id="h1"), report(plan_id="h2"),
               report(plan_id="y1", respondent="youth", referred=None, first_visit=None,
                      satisfaction={"help_overall": 2})]
    result = rs.aggregate(reports)
    assert result.n == 2 and result.parents.n == 2 and result.youth.n == 1
    assert result.parents.item("help_overall").mean == 8.0
    assert result.youth.item("help_overall").mean == 2.0


def test_duplicates_count_once_the_newest():
    old = report(plan_id="h1", ending="01", name="old", closed_on="2026-04-01")
    new = report(plan_id="h1", ending="02", name="new", closed_on="2026-05-01")
    copy = report(plan_id="h2", name="copy", bundle_id=old.bundle_id.replace("0", "f"))
    same = report(plan_id="h2", name="same bundle", bundle_id=copy.bundle_id)
    kept, duplicates = cr.dedupe([new, old, copy, same])
    assert [r.name for r in kept] == ["new", "copy"]
    assert {name for name, _ in duplicates} == {"old", "same bundle"}
    assert rs.aggregate([old, new, copy, same]).n == 2
    # The same family on the same closing day: the later bundle counts.
    first = report(plan_id="h3", created=NOW, name="first")
    again = report(plan_id="h3", created=NOW + dt.timedelta(hours=1), name="again")
    assert [r.name for r in cr.dedupe([again, first])[0]] == ["again"]
    # A young person of the same household is another respondent, not a duplicate.
    youth = report(plan_id="h1", respondent="youth")
    assert rs.aggregate([new, youth]).youth.n == 1


# --- CSV and HTML ---------------------------------------------------------------------------

@pytest.fixture
def some_report():
    reports = [report(plan_id="a", satisfaction={"referral_support": 9}, ending="03"),
               report(plan_id="b", goals=("reached", "not")),
               report(plan_id="y", respondent="youth", referred=None, first_visit=None)]
    return rs.aggregate(reports)


def test_csv_has_one_row_per_figure_with_the_documented_columns(some_report):
    rows = list(csv.DictReader(io.StringIO(rr.to_csv(some_report))))
    assert tuple(rows[0]) == rr.CSV_COLUMNS
    assert rr.CSV_COLUMNS[:10] == ("respondent", "figure", "key", "label", "n", "count", "share",
                                   "mean", "mean_exact", "median")
    by = {(r["respondent"], r["figure"], r["key"]): r for r in rows}
    assert by[("parent", "reports", "")]["n"] == "2"
    item5 = by[("parent", "satisfaction", "referral_support")]
    assert item5["n"] == "1" and item5["mean"] == "9.0" and item5["score_9"] == "1"
    assert item5["score_0"] == "0"
    assert by[("parent", "ending", "03")]["count"] == "1"
    assert by[("parent", "ending", "03")]["share"] == "0.5000"
    assert by[("parent", "dropout", "03+04")]["count"] == "1"
    assert by[("parent", "goals", "reached")]["n"] == "3"
    assert by[("parent", "duration_months", "3")]["count"] == "2"
    assert by[("parent", "referral_to_first_visit_days", "")]["mean"] == "7.0"
    assert by[("youth", "reports", "")]["n"] == "1"
    assert {r["figure"] for r in rows} == {
        "reports", "satisfaction", "goals", "ending", "dropout", "carrying_on",
        "referred_onward", "referral_to_first_visit_days", "duration_months"}


def test_html_is_self_contained_with_charts(some_report):
    page = rr.to_html(some_report, rejected=[("bad.onsplan", "damaged <b>")])
    assert not re.search(r"https?:", page, re.IGNORECASE)
    assert "<svg" in page and "<rect" in page
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "@import" not in page and "url(" not in page
    assert "03 stopped by the family" in page and "dropout (03 + 04)" in page
    assert "damaged &lt;b&gt;" in page  # file names and reasons are escaped
    assert "1 the help overall" in page


def test_the_text_table_shows_n_means_and_na():
    reports = [report(plan_id=str(i), satisfaction={"help_overall": v})
               for i, v in enumerate([8, 9])]
    text = rr.to_text(rs.aggregate(reports))
    assert "Parents: n = 2 families" in text
    assert re.search(r"1 the help overall\s+2\s+8\.5\s+8\.5\s+0", text)
    assert re.search(r"5 support with the referral\s+0\s+-\s+-\s+2", text)


# --- reading bundles: what is refused, and why ------------------------------------------------

@pytest.fixture(scope="module")
def people():
    return SimpleNamespace(cjg=Identity.generate("Fatima", "CJG"),
                           other=Identity.generate("Someone else", "Elders"),
                           family=Identity.generate("", ""))


def known(people, *plan_ids: str) -> dict[str, set[str]]:
    """The begeleider's bindings: these households' reports come from the family's key."""
    return {plan_id: {people.family.public().fingerprint()} for plan_id in plan_ids}


def closure_bundle(people, content=None, *, kind="closure", to=None, created=NOW, days=365,
                   sender=None):
    return seal(kind, content if content is not None else payload(), sender or people.family,
                to=(to or people.cjg).public(), now=created,
                expires=created + dt.timedelta(days=days))


def test_read_reports_lists_every_refused_bundle_with_its_reason(people):
    good = closure_bundle(people)
    tampered = bytearray(good)
    tampered[len(tampered) // 2] ^= 0x01
    bundles = [
        ("good.onsplan", good),
        ("copy.onsplan", good),
        ("tampered.onsplan", bytes(tampered)),
        ("garbage.onsplan", b"not a bundle at all"),
        ("share.onsplan", closure_bundle(people, {"anything": 1}, kind="share")),
        ("elsewhere.onsplan", closure_bundle(people, payload(plan_id="h9"), to=people.other)),
        ("expired.onsplan", closure_bundle(people, payload(plan_id="h8"),
                                           created=NOW - dt.timedelta(days=40), days=30)),
        ("broken.onsplan", closure_bundle(people, {**payload(plan_id="h7"), "ending": "09"})),
        ("na-as-zero.onsplan", closure_bundle(people, {**payload(plan_id="h6"),
                                                      "satisfaction": {**SCORES,
                                                                       "referral_support": 0}})),
    ]
    read = cr.read_reports(bundles, people.cjg, now=NOW, known=known(people, "h1"))
    assert [r.name for r in read.accepted] == ["good.onsplan"]
    assert read.duplicates == [("copy.onsplan", "the same report as good.onsplan")]
    reasons = dict(read.rejected)
    assert set(reasons) == {"tampered.onsplan", "garbage.onsplan", "share.onsplan",
                            "elsewhere.onsplan", "expired.onsplan", "broken.onsplan",
                            "na-as-zero.onsplan"}
    assert "damaged or was changed" in reasons["tampered.onsplan"]
    assert "damaged" in reasons["garbage.onsplan"]
    assert reasons["share.onsplan"] == "not a closure report (a share bundle)"
    assert "someone else" in reasons["elsewhere.onsplan"]
    assert reasons["expired.onsplan"].startswith("expired on 2026-05-22")
    assert "ending" in reasons["broken.onsplan"]
    assert "referral_support" in reasons["na-as-zero.onsplan"]
    assert rs.aggregate(read.accepted).n == 1


class Forger:
    """Claims the family's keys in the bundle but signs with a key of its own."""

    def __init__(self, claimed: Identity, real: Identity):
        self.claimed, self.real = claimed, real

    def public(self):
        return self.claimed.public()

    def sign(self, message: bytes) -> bytes:
        return self.real.sign(message)


def test_a_forged_signature_is_refused(people):
    forger = Forger(people.family, Identity.generate("", ""))
    forged = closure_bundle(people, payload(plan_id="h1", ending="03"), sender=forger)
    read = cr.read_reports([("forged.onsplan", forged)], people.cjg, now=NOW)
    assert read.accepted == []
    assert read.rejected == [("forged.onsplan",
                              "This code is not genuine: its signature does not match.")]


def test_a_report_from_a_key_not_bound_to_its_family_is_unverified(people):
    stranger = Identity.generate("", "")
    bundles = [("family.onsplan", closure_bundle(people, payload(plan_id="h1"))),
               ("stranger.onsplan", closure_bundle(people, payload(plan_id="h2"), sender=stranger)),
               ("claims-h1.onsplan", closure_bundle(people, payload(plan_id="h1", ending="03"),
                                                    sender=stranger, created=NOW))]
    read = cr.read_reports(bundles, people.cjg, now=NOW, known=known(people, "h1"))
    assert [r.name for r in read.accepted] == ["family.onsplan"] and read.duplicates == []
    assert [r.name for r in read.unverified] == ["stranger.onsplan", "claims-h1.onsplan"]
    assert [name for name, _ in read.unverified_reasons] == ["stranger.onsplan",
                                                             "claims-h1.onsplan"]
    assert stranger.public().fingerprint() in read.unverified_reasons[0][1]
    assert rs.aggregate(read.accepted).parents.endings["03"].count == 0


def test_read_reports_reads_only_onsplan_files_of_a_folder(people, tmp_path):
    (tmp_path / "a.onsplan").write_bytes(closure_bundle(people, payload(plan_id="a")))
    (tmp_path / "b.onsplan").write_bytes(closure_bundle(people, payload(plan_id="b")))
    (tmp_path / "notes.txt").write_text("not read")
    read = cr.read_reports(tmp_path, people.cjg, now=NOW, known=known(people, "a", "b"))
    assert sorted(r.name for r in read.accepted) == ["a.onsplan", "b.onsplan"]
    assert read.rejected == [] and read.unverified == []
    with pytest.raises(NotADirectoryError):
        cr.read_reports(tmp_path / "missing", people.cjg, now=NOW)


def test_a_reason_is_never_a_python_message():
    assert cr.reason(ValueError("invalid literal for int() with base 10: 'x'")) == "could not be read"
    assert cr.reason(KeyError("members")) == "could not be read"


# --- the spec's payload rules (docs/bundle-format.md, "Closure payload") ---------------------

@pytest.mark.parametrize("change", [
    {"goal_count": -1}, {"with_names": "yes"}, {"duration_from": "later"},
    {"names": {"household": "Gezin"}},  # the members' names are missing
    {"texts": {"goal": 3}}, {"trajectory": {"referred": "2026-02-30"}},
    {"ending": "09"},  # the app's own check said so too, as a body-failure
], ids=lambda change: next(iter(change)))
def test_a_closure_that_breaks_the_spec_is_a_payload_failure(people, change):
    data = closure_bundle(people, {**payload(plan_id="h1"), **change})
    with pytest.raises(cr.BadClosure) as refused:
        cr.open_closure(data, people.cjg, now=NOW)
    assert refused.value.outcome == "payload-failure"
    read = cr.read_reports([("odd.onsplan", data)], people.cjg, now=NOW, known=known(people, "h1"))
    assert read.accepted == [] and read.rejected[0][1].startswith("the closure report inside")


def test_a_report_of_a_payload_the_app_cannot_read_is_a_payload_failure():
    """BadClosure is the spec's payload-failure, with words of its own for the begeleider."""
    assert cr.BadClosure().outcome == "payload-failure"
    assert "closure report" in cr.BadClosure().problem
