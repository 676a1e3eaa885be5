"""A plan on paper: the printed page holds exactly the chosen sections, in the family's
words and language, never a young person's plan, and every print is in the consent log.

The PDFs are printed by Chromium (family_app/printing/pdf.py) and read back with pdftotext
(Debian's poppler-utils, installed by `make chromium`), as a person would read the paper.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import unicodedata

import pytest

from family_app.domain import Goal
from family_app.printing import handover, paper_page, pdf, plan_paper
from i18n import translator
from tests.helpers.data import DE_VRIES, FAMILY_SECRET, YOUTH_SECRET

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)
SCENARIO = json.loads(DE_VRIES.read_text("utf-8"))
GOALS = [g["text"] for g in SCENARIO["goals"]]
AGREEMENTS = [a["what"] for a in SCENARIO["agreements"]]
# What only the network and professionals sections say (agreements name people too).
NETWORK = [n["can_help_with"] for n in SCENARIO["network"] if n.get("can_help_with")]
PROFESSIONALS = [p["coordination"] for p in SCENARIO["professionals"] if p.get("coordination")]
YOUTH = SCENARIO["youth_plans"][0]
YOUTH_TEXTS = [YOUTH["goals"][0]["text"], *YOUTH["dreams"], *YOUTH["worries"],
               YOUTH["trusted_person"]["phone"]]
ARABIC_GOAL = "نريد أن نأكل معا كل مساء مع Daan"


def squeezed(text: str) -> str:
    """Text without white space or bidi marks: how a PDF breaks lines is not the test."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def pdf_text(page_html: str, tmp_path, name: str = "plan") -> str:
    out = tmp_path / f"{name}.pdf"
    pdf.write_pdf(page_html, out)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True,
                          capture_output=True, text=True).stdout


def pages_of(text: str) -> list[str]:
    return [p for p in text.split("\f") if p.strip()]


@pytest.mark.parametrize("lang, goals_title, header", [
    ("nl", "Onze doelen", "versie"), ("ar", "أهدافنا", "النسخة")])
def test_the_printed_page_holds_exactly_the_chosen_sections(family, tmp_path, lang,
                                                            goals_title, header):
    member = family.plan().members[0].id
    family.save("goals", Goal(owners=[member], text=ARABIC_GOAL, language="ar"))
    printout = plan_paper.print_plan(family.opened, ["goals", "agreements"], translator(lang),
                                     now=NOW)
    text = pdf_text(printout.html, tmp_path)
    flat = squeezed(text)
    for words in GOALS + AGREEMENTS:
        assert squeezed(words) in flat, words
    # The Arabic goal with a Dutch name in it: pdftotext puts the name first on a Dutch page
    # (it reads lines in the page's direction); the picture in the e2e test shows it right.
    assert squeezed(ARABIC_GOAL.removesuffix(" Daan")) in flat
    assert squeezed(goals_title) in flat
    for left_out in NETWORK + PROFESSIONALS + [SCENARIO["household"]["address"]]:
        assert squeezed(left_out) not in flat, left_out
    for youth_words in YOUTH_TEXTS:  # Daan's own plan is in his own vault, never here
        assert squeezed(youth_words) not in flat, youth_words
    # The version and the date on every page, and "page n of m" at the foot.
    pages = pages_of(text)
    assert len(pages) >= 2
    version = translator(lang).format_number(family.version - 1)  # the print is logged after
    day = translator(lang).format_date(NOW.date(), "long")
    for page in pages:  # pdftotext may order the pieces of a right-to-left line otherwise
        assert squeezed(header) in squeezed(page) and version in page
        assert all(piece in page for piece in day.split()), (day, page)


def test_the_page_speaks_the_family_language_and_keeps_their_words(family):
    member = family.plan().members[0].id
    family.save("goals", Goal(owners=[member], text='Samen <b>eten</b> & "praten"\nelke dag',
                              language="nl"))
    family.save("goals", Goal(owners=[member], text=ARABIC_GOAL, language="ar"))
    page = plan_paper.print_plan(family.opened, ["goals"], translator("ar"), now=NOW).html
    assert '<html lang="ar" dir="rtl">' in page
    assert ('<h3 dir="auto" class="family">Samen &lt;b&gt;eten&lt;/b&gt; &amp; '
            '&quot;praten&quot;\nelke dag</h3>') in page
    assert f'<h3 dir="auto" class="family">{ARABIC_GOAL}</h3>' in page
    assert "@page{size:A4" in page
    # The family's own question, as their check-in button asks it (not the young person's).
    dutch = plan_paper.print_plan(family.opened, ["goals"], translator("nl"), now=NOW).html
    assert "Waar staan we nu?" in dutch and "Waar sta je nu?" not in dutch


def test_the_page_is_self_contained(family):
    page = plan_paper.print_plan(family.opened, plan_paper.FAMILY_SECTIONS, translator("ar"),
                                 now=NOW).html
    assert not re.search(r"https?:", page, re.IGNORECASE)
    assert not re.search(r"""(src|href)\s*=\s*["']?(?!data:)""", page, re.IGNORECASE)
    assert not re.search(r"url\((?!data:)", page)
    assert page.count("@font-face") == 4  # Noto Sans and Naskh Arabic, regular and bold
    dutch = plan_paper.print_plan(family.opened, ["goals"], translator("nl"), now=NOW).html
    assert dutch.count("@font-face") == 2 and "Naskh" not in dutch


def test_family_words_cannot_break_out_of_the_running_header():
    assert paper_page.css_string('a"}</style><script>') == '"a\\22 }\\3c /style\\3e \\3c script\\3e "'
    assert paper_page.counter_content("Pagina {page} van {pages}") == (
        '"Pagina " counter(page) " van " counter(pages)')


def test_every_print_is_in_the_consent_log(family):
    before = len(family.plan().shares)
    printout = plan_paper.print_plan(family.opened, ["agreements", "goals"], translator("nl"),
                                     now=NOW)
    shares = family.plan().shares
    assert len(shares) == before + 1
    logged = shares[-1]
    assert (logged.recipient_name, logged.recipient_kind, logged.sections, logged.created) == (
        "Op papier", "paper", ["goals", "agreements"], NOW.date())
    assert logged.id == printout.record.id


def test_a_young_person_prints_their_own_plan_into_their_own_log(daan, family, tmp_path):
    family_shares = len(family.plan().shares)
    printout = plan_paper.print_plan(daan.opened, ["goals", "trusted_person"], translator("nl"),
                                     now=NOW)
    flat = squeezed(pdf_text(printout.html, tmp_path, "daan"))
    for words in (YOUTH["goals"][0]["text"], YOUTH["trusted_person"]["name"],
                  YOUTH["trusted_person"]["phone"]):
        assert squeezed(words) in flat
    for left_out in YOUTH["dreams"] + YOUTH["going_well"] + GOALS:
        assert squeezed(left_out) not in flat, left_out
    from family_app.youth import youth_sharing
    assert [r.sections for r in youth_sharing.shares(daan)] == [["goals", "trusted_person"]]
    assert len(family.plan().shares) == family_shares


@pytest.mark.parametrize("kind, sections", [("family", []), ("family", ["shares"]),
                                            ("youth", ["agreements"]), ("family", ["lists"])])
def test_sections_that_cannot_be_printed(kind, sections):
    with pytest.raises(ValueError):
        plan_paper.chosen(kind, sections)


def test_a_handed_over_page_is_there_for_a_while_only():
    clock = [100.0]
    address = handover.hand_over("<p>plan</p>", clock=lambda: clock[0])
    token = address.removeprefix(handover.PATH)
    assert address.startswith(handover.PATH) and len(token) >= 32
    assert handover.page(token, clock=lambda: clock[0]) == "<p>plan</p>"
    assert handover.page("not-" + token, clock=lambda: clock[0]) is None
    clock[0] += handover.KEEP_SECONDS + 1
    assert handover.page(token, clock=lambda: clock[0]) is None


def family_app(capsys, monkeypatch, *args, env):
    """`family-app` in this process (the test's vaults use the test's scrypt cost)."""
    from family_app import cli
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out, err)


def test_the_print_command_writes_a_pdf_and_logs_it(device, tmp_path, capsys, monkeypatch):
    out = tmp_path / "plan.pdf"
    result = family_app(capsys, monkeypatch, "print", "--out", str(out), "--sections", "goals",
                        "--data-dir", str(device.data_dir),
                        env={"ONSPLAN_PASSPHRASE": FAMILY_SECRET, "ONSPLAN_LANG": "nl"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("printed: goals; on ")
    text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert squeezed(GOALS[0]) in squeezed(text) and squeezed(AGREEMENTS[0]) not in squeezed(text)
    html = tmp_path / "daan.html"
    result = family_app(capsys, monkeypatch, "print", "--out", str(html), "--profile", "Daan",
                        "--data-dir", str(device.data_dir),
                        env={"ONSPLAN_YOUTH_PASSPHRASE": YOUTH_SECRET})
    assert result.returncode == 0, result.stderr
    assert YOUTH["goals"][0]["text"] in html.read_text("utf-8")


@pytest.mark.parametrize("args, says", [
    (["--out", "plan.txt"], "--out must end in"),
    (["--out", "plan.pdf", "--sections", "goals,shares"], "choose sections from"),
])
def test_the_print_command_refuses_in_one_line(device, tmp_path, capsys, monkeypatch, args, says):
    args = [a if a not in ("plan.txt", "plan.pdf") else str(tmp_path / a) for a in args]
    result = family_app(capsys, monkeypatch, "print", *args, "--data-dir", str(device.data_dir),
                        env={"ONSPLAN_PASSPHRASE": FAMILY_SECRET})
    assert result.returncode == 1 and says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_web_server_gives_a_printed_page_with_nothing_to_fetch():
    from family_app import web_server
    address = handover.hand_over("<p>plan</p>")
    answer = web_server.printed_page(address.removeprefix(handover.PATH))
    assert answer.status_code == 200 and answer.body == b"<p>plan</p>"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["content-security-policy"].startswith("default-src 'none'")
    assert web_server.printed_page("no-such-page").status_code == 404
