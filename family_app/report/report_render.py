"""The CJG's report as a readable table, a CSV and a self-contained page (docs/report.md).

    to_text / to_csv / to_html(report)   a table, a CSV, a page with inline SVG charts
"""

from __future__ import annotations

import csv
import html
import io
from fractions import Fraction
from typing import Any

from family_app.report.report_stats import (
    BUCKETS, ENDING_LABELS, RESULT_LABELS, SCORES, Count, GroupStats, ItemStats, Report)


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
            duplicates: list[tuple[str, str]] = (), unverified: list[tuple[str, str]] = (),
            title: str = "Closure reports") -> str:
    """A self-contained page: inline CSS and SVG, no scripts, no links to anywhere.
    `unverified` lists the reports from keys not bound to their family: never counted."""
    e = html.escape
    body = [f"<h1>{e(title)}</h1>",
            f'<p>n = {report.n} families; {report.youth.n} young people reported apart.</p>']
    body += [_group_html(g) for g in report.groups]
    if rejected:
        body.append('<h2>Not counted: rejected</h2><table class="list">'
                    + "".join(f"<tr><td>{e(n)}</td><td>{e(r)}</td></tr>" for n, r in rejected)
                    + "</table>")
    if unverified:
        body.append('<h2>Not counted: unverified</h2><table class="list">'
                    + "".join(f"<tr><td>{e(n)}</td><td>{e(r)}</td></tr>" for n, r in unverified)
                    + "</table>")
    if duplicates:
        body.append('<h2>Counted once: duplicates</h2><table class="list">'
                    + "".join(f"<tr><td>{e(n)}</td><td>{e(r)}</td></tr>" for n, r in duplicates)
                    + "</table>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{e(title)}</title><style>{_CSS}</style></head><body>"
            + "".join(body) + "</body></html>\n")

