"""Every shipped language is complete, and the template matches the code."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_date
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_decimal

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
    assert template_ids() - in_code == set(), "no longer in the code: run `make i18n-extract`"


@pytest.mark.parametrize("path", [TEMPLATE, *sorted(i18n.LOCALES_DIR.glob("*/LC_MESSAGES/onsplan.po"))],
                         ids=lambda p: p.parent.parent.name if p.suffix == ".po" else p.name)
def test_catalogs_are_kept_in_babels_own_layout(path):
    """`make i18n-extract` writes every catalog the way Babel does; kept in that layout, a
    new message changes only its own lines in each file, not hundreds of rewrapped ones."""
    with path.open("rb") as handle:
        parsed = read_po(handle)
    written = io.BytesIO()
    write_po(written, parsed, width=76, no_location=True)
    assert written.getvalue().decode("utf-8") == path.read_text(encoding="utf-8"), \
        "run `make i18n-extract`"


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


# --- the six shipped languages ---------------------------------------------------------

def test_every_catalog_is_a_shipped_language():
    """A language is shipped when it has a catalog and a name (docs/translating.md)."""
    catalogs = {path.parent.parent.name for path in i18n.LOCALES_DIR.glob("*/LC_MESSAGES/onsplan.po")}
    assert set(i18n.SHIPPED) == catalogs
    assert {"nl", "en", "ar", "tr", "pl", "uk"} <= catalogs


@pytest.mark.parametrize("lang", i18n.SHIPPED)
def test_each_language_is_named_in_its_own_words(lang):
    own = Locale.parse(lang).get_language_name(lang)
    assert i18n.LANGUAGE_NAMES[lang].casefold() == own.casefold()


@pytest.mark.parametrize("lang", ["ar", "uk"])
def test_no_message_is_left_in_english(lang):
    """Arabic and Ukrainian share no words with English: a copied msgid is a forgotten one."""
    for message in catalog(lang):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert text not in sources, f"{lang}: {text!r} is still English"


@pytest.mark.parametrize("lang", i18n.SHIPPED)
def test_plural_forms_follow_babel_and_are_all_filled(lang):
    translated = catalog(lang)
    expected = get_plural(lang)
    assert translated.num_plurals == expected.num_plurals
    assert translated.plural_expr == expected.plural_expr
    plurals = [m for m in translated if m.id and isinstance(m.id, tuple)]
    assert plurals, "the template has plural messages"
    for message in plurals:
        assert len(message.string) == expected.num_plurals, f"{lang}: {message.id[0]!r}"
        assert all(message.string), f"{lang}: empty plural form of {message.id[0]!r}"


@pytest.mark.parametrize("lang, counts", [
    ("ar", {0: "بند", 1: "بند", 2: "بندان", 3: "بنود", 10: "بنود", 11: "بندًا", 99: "بندًا",
            100: "بند", 103: "بنود"}),
    ("pl", {1: "wpis", 2: "wpisy", 4: "wpisy", 5: "wpisów", 12: "wpisów", 22: "wpisy",
            25: "wpisów"}),
    ("uk", {1: "запис", 2: "записи", 5: "записів", 11: "записів", 21: "запис", 24: "записи"}),
    ("tr", {1: "kayıt", 5: "kayıt"}),
])
def test_plural_forms_are_chosen_by_the_language_rules(lang, counts):
    tr = i18n.translator(lang)
    for n, word in counts.items():
        assert tr.ngettext("{n} item", "{n} items", n).format(n=n) == f"{n} {word}"


@pytest.mark.parametrize("lang", i18n.SHIPPED)
def test_each_language_loads_its_own_catalog(lang):
    tr = i18n.translator(lang)
    assert tr.lang == lang
    if lang != "en":
        assert tr.gettext("Our goals") != "Our goals"
        assert tr.gettext("Lock") != "Lock"


@pytest.mark.parametrize("lang, month", [
    ("nl", "november"), ("en", "November"), ("ar", "نوفمبر"), ("tr", "Kasım"),
    ("pl", "listopada"), ("uk", "листопада"),
])
def test_dates_are_written_the_local_way(lang, month):
    tr = i18n.translator(lang)
    day = dt.date(2026, 11, 30)
    assert month in tr.format_date(day, "long")
    assert tr.format_date(day) == format_date(day, "medium", locale=lang)


def test_numbers_are_written_the_local_way():
    assert i18n.translator("nl").format_number(1234.5) == "1.234,5"
    assert i18n.translator("en").format_number(1234.5) == "1,234.5"
    assert i18n.translator("tr").format_number(1234.5) == "1.234,5"
    assert i18n.translator("pl").format_number(12345.5) == "12\xa0345,5"
    assert i18n.translator("uk").format_number(12345.5) == "12\xa0345,5"
    # Arabic: whatever Babel's CLDR data gives for "ar" (Latin digits in Babel 2.18).
    assert i18n.translator("ar").format_number(1234.5) == format_decimal(1234.5, locale="ar")


def test_only_arabic_turns_the_layout_around():
    assert [lang for lang in i18n.SHIPPED if i18n.translator(lang).rtl] == ["ar"]
    assert i18n.translator("ar").direction == "rtl"
    assert i18n.translator("uk").direction == "ltr"


@pytest.mark.parametrize("text, direction", [
    ("هدفنا: أن ينام سامي جيدًا", "rtl"),
    ("Onze doelen", "ltr"),
    ("Наші цілі", "ltr"),
    ("ሰላም", "ltr"),  # Ethiopic (Tigrinya) is written left to right
    ("  12. (3) هدف", "rtl"),  # digits, spaces and punctuation are neutral
    ("2026-03-05 Sanne", "ltr"),
    ("«Sanne» يذهب إلى المدرسة", "ltr"),  # the first strong letter decides, as in UAX #9
    ("\u2067Sanne\u2069 يذهب إلى المدرسة", "rtl"),  # an isolated name is skipped
    ("\u200fSanne", "rtl"),  # a right-to-left mark counts as strong
    ("שלום", "rtl"),
])
def test_text_direction_follows_the_text_not_the_ui(text, direction):
    assert i18n.text_direction(text) == direction


def test_isolated_text_keeps_its_own_order_and_direction():
    assert i18n.isolate("Sanne.") == "\u2068Sanne.\u2069"
    assert i18n.text_direction("(" + i18n.isolate("Sanne") + ") هدف") == "rtl"
    assert i18n.text_direction(i18n.isolate("هدف")) == "ltr"  # nothing strong outside it


def test_text_without_letters_gets_the_default_direction():
    assert i18n.text_direction("") == "ltr"
    assert i18n.text_direction("12:30 - 13:00") == "ltr"
    assert i18n.text_direction("12:30", default="rtl") == "rtl"


def test_the_family_language_is_named_in_the_viewer_language():
    assert i18n.translator("nl").language_name("ar") == "Arabisch"
    assert i18n.translator("en").language_name("ar") == "Arabic"
    assert i18n.translator("en").language_name("ti") == "Tigrinya"
    assert i18n.translator("ar").language_name("nl") == "الهولندية"
    assert i18n.translator("en").language_name("not a tag") == "not a tag"


@pytest.mark.parametrize("lang, listed", [
    ("nl", "Sanne, Emre en Daan"), ("en", "Sanne, Emre, and Daan"), ("tr", "Sanne, Emre ve Daan"),
    ("pl", "Sanne, Emre i Daan"), ("uk", "Sanne, Emre і Daan"), ("ar", "Sanne وEmre وDaan")])
def test_names_are_listed_as_each_language_lists_them(lang, listed):
    tr = i18n.Translator(lang)
    assert tr.join(["Sanne", "Emre", "", "Daan"]) == listed  # an empty name is left out
    assert tr.join(["Sanne"]) == "Sanne" and tr.join([]) == ""
