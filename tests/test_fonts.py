"""The bundled fonts draw every character Ons Plan shows, and carry their licence."""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

import i18n
from family_app import fonts


@lru_cache(maxsize=None)
def cmap(family: str) -> frozenset[int]:
    font = next(f for f in fonts.FONTS if f.family == family)
    return frozenset(TTFont(font.path).getBestCmap())


def covered_by(families) -> frozenset[int]:
    return frozenset().union(*(cmap(family) for family in families))


def needs_a_glyph(char: str) -> bool:
    # Control characters such as a newline are never drawn.
    return unicodedata.category(char) != "Cc"


def shown_text(lang: str) -> str:
    """Everything a catalog makes the app show: each msgstr, plural forms too."""
    path = i18n.LOCALES_DIR / lang / "LC_MESSAGES" / "onsplan.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    parts = []
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            parts.extend(strings)
    return "".join(parts)


def formatted_samples(lang: str) -> str:
    """Dates and numbers as Babel writes them in this language."""
    tr = i18n.translator(lang)
    day = dt.date(2026, 11, 30)
    return " ".join([tr.format_date(day), tr.format_date(day, "long"), tr.format_date(day, "short"),
                     tr.format_number(1234567.89), tr.format_number(-3)])


def missing(text: str, families) -> list[str]:
    have = covered_by(families)
    return sorted({f"U+{ord(c):04X} {unicodedata.name(c, '?')}"
                   for c in text if needs_a_glyph(c) and ord(c) not in have})


@pytest.mark.parametrize("lang", i18n.SHIPPED)
def test_every_character_of_a_catalog_has_a_glyph(lang):
    text = shown_text(lang)
    assert text
    assert missing(text, fonts.REGULAR) == []
    assert missing(text, fonts.BOLD) == []


@pytest.mark.parametrize("lang", i18n.SHIPPED)
def test_dates_and_numbers_have_glyphs(lang):
    assert missing(formatted_samples(lang), fonts.REGULAR) == []


def test_language_names_have_glyphs():
    names = "".join(i18n.LANGUAGE_NAMES.values())
    assert missing(names, fonts.REGULAR) == []
    assert missing(names, fonts.BOLD) == []


def letters(low: int, high: int) -> str:
    return "".join(chr(c) for c in range(low, high + 1)
                   if unicodedata.category(chr(c)).startswith("L"))


# Whole letter sets, not only today's catalogs: a family writes names and goals too.
SCRIPTS = {
    "Noto Sans": "ÇçĞğİıÖöŞşÜü" + "ĄąĆćĘęŁłŃńÓóŚśŹźŻż" + letters(0x0041, 0x007A)
                 + letters(0x00C0, 0x024F) + letters(0x0400, 0x052F) + letters(0x1E00, 0x1EFF),
    "Noto Naskh Arabic": letters(0x0620, 0x064A) + letters(0x0660, 0x06FF)
                         + letters(0x0750, 0x077F) + "٠١٢٣٤٥٦٧٨٩،؛؟",
    "Noto Sans Ethiopic": letters(0x1200, 0x139F) + letters(0x2D80, 0x2DDF)
                          + letters(0xAB00, 0xAB2F) + "።፣፤፥፦፧፨",
}


@pytest.mark.parametrize("family", SCRIPTS)
def test_each_script_is_complete_in_regular_and_bold(family):
    assert missing(SCRIPTS[family], [family]) == []
    assert missing(SCRIPTS[family], [family + " Bold"]) == []


def test_tigrinya_is_ready():
    # ሰላም ("hello") and the Tigrinya name of the language, with Ethiopic punctuation.
    assert missing("ሰላም። ትግርኛ፣ ቋንቋ", fonts.REGULAR) == []


def test_the_theme_falls_back_to_every_bundled_script():
    theme = fonts.theme(color_scheme_seed="teal")
    assert theme.font_family == fonts.FAMILY
    assert (fonts.FAMILY, *fonts.FALLBACKS) == fonts.REGULAR
    for text_theme in (theme.text_theme, theme.primary_text_theme):
        styles = [getattr(text_theme, name) for name in fonts._TEXT_STYLES]
        assert len(styles) == 15
        for style in styles:
            assert style.font_family == fonts.FAMILY
            assert style.font_family_fallback == list(fonts.FALLBACKS)
    assert fonts.BOLD_STYLE.font_family_fallback == list(fonts.BOLD[1:])


def test_the_page_gets_every_font_file():
    urls = fonts.page_fonts()
    assert list(urls) == [f.family for f in fonts.FONTS]
    for font in fonts.FONTS:
        assert font.path.is_file(), font.path
        assert urls[font.family] == "/fonts/" + font.path.name


def test_fonts_are_what_they_claim():
    for font in fonts.FONTS:
        data = TTFont(font.path)
        weight = data["OS/2"].usWeightClass
        assert weight == (700 if font.bold else 400), font.file
        assert data["name"].getDebugName(1) == font.family.removesuffix(" Bold")


def test_licence_is_bundled():
    text = fonts.LICENCE.read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in text and "Version 1.1" in text
    for font in fonts.FONTS:
        copyright_line = TTFont(font.path)["name"].getDebugName(0)
        assert copyright_line in text, font.file


def test_fonts_stay_small():
    # Subsets of whole scripts: guard against someone committing full or CJK fonts.
    total = sum(f.path.stat().st_size for f in fonts.FONTS)
    assert total < 1_500_000, total
    assert {p.name for p in fonts.FONTS_DIR.iterdir()} == {f.file for f in fonts.FONTS} | {"OFL.txt"}
