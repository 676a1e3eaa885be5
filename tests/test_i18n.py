"""Every shipped language is complete, and the template matches the code."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import i18n

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "i18n" / "onsplan.pot"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def catalog(lang: str):
    with (i18n.LOCALES_DIR / lang / "LC_MESSAGES" / "onsplan.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def template_ids():
    with TEMPLATE.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def test_template_holds_every_message_in_the_code(tmp_path):
    fresh = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract",
                    "-F", "babel.cfg", "-k", "N_", "-k", "ngettext:1,2", "-o", str(fresh), "."],
                   cwd=ROOT, check=True)
    with fresh.open("rb") as handle:
        in_code = {m.id for m in read_po(handle) if m.id}
    assert in_code - template_ids() == set(), "run `make i18n-extract` and translate"


@pytest.mark.parametrize("lang", i18n.SHIPPED)
def test_every_message_is_translated(lang):
    translated = catalog(lang)
    for msgid in template_ids():
        message = translated.get(msgid)
        assert message is not None, f"{lang}: missing {msgid!r}"
        assert not message.fuzzy, f"{lang}: fuzzy {msgid!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{lang}: untranslated {msgid!r}"
        sources = msgid if isinstance(msgid, tuple) else (msgid,)
        wanted = set(PLACEHOLDER.findall(sources[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, f"{lang}: placeholders in {text!r}"


def test_language_names_are_in_their_own_language():
    assert i18n.LANGUAGE_NAMES["nl"] == "Nederlands"
    assert i18n.LANGUAGE_NAMES["en"] == "English"


def test_translator_speaks_dutch_and_english():
    assert i18n.translator("nl").gettext("Lock") == "Op slot"
    assert i18n.translator("en").gettext("Lock") == "Lock"
    assert i18n.translator("nl").ngettext("{n} item", "{n} items", 3) == "{n} onderdelen"


def test_unknown_language_falls_back_to_dutch():
    assert i18n.best_language("de_DE.UTF-8") == "nl"
    assert i18n.best_language("en-GB") == "en"
    assert i18n.best_language(None) == "nl"


def test_dates_follow_the_locale():
    day = dt.date(2026, 3, 5)
    assert "mrt" in i18n.translator("nl").format_date(day)
    assert "Mar" in i18n.translator("en").format_date(day)


def test_right_to_left_languages_are_known():
    assert i18n.is_rtl("ar") and not i18n.is_rtl("nl")
