"""Languages of Ons Plan: gettext catalogs, text direction and locale formatting.

Each browser tab (Flet session) holds its own `Translator`; nothing here keeps the
active language in a module global, because module state is shared by every tab.
This package knows nothing of the rest of the app.
"""

from __future__ import annotations

import datetime as _dt
import gettext as _gettext
import io
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from babel import Locale, UnknownLocaleError, dates, lists, numbers
from babel.messages import mofile, pofile

DOMAIN = "onsplan"
LOCALES_DIR = Path(__file__).parent / "locales"

# Each language's own name, in its own script: a parent looks for the word they can read.
LANGUAGE_NAMES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "uk": "Українська",
}
SHIPPED = tuple(LANGUAGE_NAMES)
DEFAULT_LANGUAGE = "nl"
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def is_rtl(lang: str) -> bool:
    return lang.split("-")[0].split("_")[0] in RTL_LANGUAGES


# Unicode bidi classes of the characters that decide a paragraph's direction (UAX #9, P2).
_STRONG_RTL = frozenset({"R", "AL"})
_ISOLATE_OPEN = frozenset({"LRI", "RLI", "FSI"})


def text_direction(text: str, default: str = "ltr") -> str:
    """The direction of the family's own text, "rtl" or "ltr", by its first strong character.

    The UI language does not decide this: an Arabic goal stays right to left inside an
    English screen, and a Dutch name stays left to right inside an Arabic one. Digits,
    spaces and punctuation are neutral and skipped, as is anything inside a directional
    isolate (U+2066..U+2069). Text without a strong character gets `default`.
    """
    depth = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _ISOLATE_OPEN:
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and kind == "L":
            return "ltr"
        elif depth == 0 and kind in _STRONG_RTL:
            return "rtl"
    return default


def isolate(text: str) -> str:
    """The text between FSI and PDI (U+2068, U+2069), so that inside a paragraph of the
    other direction it keeps its own order: a Dutch goal in an Arabic screen ends with
    its full stop on the right, "6 of 10" stays "6 of 10". Pair it with an alignment
    that follows `text_direction(text)`."""
    return f"\u2068{text}\u2069"


def best_language(requested: str | None) -> str:
    """The shipped language closest to a tag such as 'en_GB.UTF-8', else the default."""
    if requested:
        base = requested.replace("-", "_").split("_")[0].split(".")[0].lower()
        if base in LANGUAGE_NAMES:
            return base
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=None)
def _catalog(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog; compiled in memory from the .po when no .mo was built."""
    folder = LOCALES_DIR / lang / "LC_MESSAGES"
    mo_path, po_path = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo_path.exists() and (not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime):
        with mo_path.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if not po_path.exists():
        return _gettext.NullTranslations()
    with po_path.open("rb") as handle:
        catalog = pofile.read_po(handle, locale=lang)
    buffer = io.BytesIO()
    mofile.write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


@dataclass(frozen=True)
class Translator:
    """Everything a screen needs to speak one language."""

    lang: str

    @property
    def rtl(self) -> bool:
        return is_rtl(self.lang)

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.lang)

    def gettext(self, message: str) -> str:
        return _catalog(self.lang).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _catalog(self.lang).ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """A message whose English word plays two roles ("Done": a status, a button)."""
        return _catalog(self.lang).pgettext(context, message)

    def format_date(self, value: _dt.date, form: str = "medium") -> str:
        return dates.format_date(value, format=form, locale=self.locale)

    def join(self, items: Iterable[str]) -> str:
        """Names as this language lists them: "Sanne, Emre en Daan", "Sanne وEmre وDaan"
        (CLDR's list patterns through Babel; a comma where a language has none)."""
        items = [item for item in items if item]
        try:
            return lists.format_list(items, locale=self.locale)
        except (KeyError, ValueError):
            return ", ".join(items)

    def format_number(self, value: float | int) -> str:
        return numbers.format_decimal(value, locale=self.locale)

    def language_name(self, lang: str) -> str:
        """A language's name in this UI language ("Arabisch" in Dutch), for "written in …"."""
        try:
            name = Locale.parse(lang.replace("-", "_")).get_language_name(self.locale)
        except (UnknownLocaleError, ValueError, TypeError):
            name = None
        return name or lang


def translator(lang: str | None) -> Translator:
    return Translator(best_language(lang))
