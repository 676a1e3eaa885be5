"""Every plural message, in every language, shows the form CLDR's plural rule asks for.

tests/test_i18n.py checks that each catalog's Plural-Forms header is Babel's and that every
form is filled; here the header's choice at real numbers is held against the CLDR category
of the locked Babel (zero, one, two, few, many, other), for every plural message, and the
Arabic forms are held to the grammar of their category."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from babel import Locale
from babel.messages.pofile import read_po

import i18n

COUNTS = (0, 1, 2, 3, 5, 11, 21, 100, 101)
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")  # the order of the Plural-Forms lines


@lru_cache(maxsize=None)
def catalog(lang: str):
    with (i18n.LOCALES_DIR / lang / "LC_MESSAGES/onsplan.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def plural_messages(lang: str):
    return [m for m in catalog(lang) if m.id and isinstance(m.id, tuple)]


def category_index(lang: str, n: int) -> int:
    """The line a CLDR category belongs on: categories in CLDR order, those the language has."""
    locale = Locale.parse(lang)
    used = [c for c in CLDR_ORDER if c in locale.plural_form.tags or c == "other"]
    return used.index(locale.plural_form(n))


@pytest.mark.parametrize("lang", i18n.SHIPPED)
def test_the_header_picks_the_cldr_form_for_every_plural_message(lang):
    """What the app shows at n is the form written for n's CLDR category."""
    tr = i18n.translator(lang)
    wrong = []
    for message in plural_messages(lang):
        singular, plural = message.id
        forms = message.string
        if not all(forms):
            continue  # test_i18n names an empty form
        for n in COUNTS:
            want = forms[category_index(lang, n)]
            shown = tr.ngettext(singular, plural, n)
            if shown != want:
                wrong.append(f"{singular!r} at n={n}: shows {shown!r}, CLDR "
                             f"'{Locale.parse(lang).plural_form(n)}' wants {want!r}")
    assert not wrong, "\n".join(wrong)


# Arabic: the counted noun after {n} is dual at 2, an accusative singular with tanwin
# (-an, ً) at 11-99, and a genitive singular without it at 100-102.
AR_NOUN_AFTER_N = re.compile(r"\{n\}\s+([^\s.,،؛:!؟)]+)")


@pytest.mark.parametrize("message", plural_messages("ar"), ids=lambda m: m.id[0][:30])
def test_arabic_forms_follow_their_category(message):
    forms = message.string
    nouns = {i: AR_NOUN_AFTER_N.search(form) for i, form in enumerate(forms)}
    for index, form in enumerate(forms):
        assert "{n}" in form, f"form {index} drops {{n}}: {form!r}"
    many, other, two = nouns[4], nouns[5], nouns[2]
    if many and other:
        assert "ً" in many.group(1), f"11-99 wants the accusative (ً): {forms[4]!r}"
        assert "ً" not in other.group(1), f"100-102 wants the genitive, no ً: {forms[5]!r}"
    if two:
        assert re.search(r"(ان|ين|تان|تين)$", two.group(1)), f"2 wants the dual: {forms[2]!r}"


@pytest.mark.parametrize("lang", ["pl", "uk"])
def test_slavic_one_and_many_differ(lang):
    """1 and 5 never read the same in Polish and Ukrainian (wpis / wpisów)."""
    same = [m.id[0] for m in plural_messages(lang)
            if m.string[category_index(lang, 1)] == m.string[category_index(lang, 5)]]
    assert not same, same


def test_a_swap_is_caught():
    """The review's finding: 11-99 and 100-102 swapped in '{n} other device'."""
    swapped = ("{n} جهاز آخر", "{n} جهاز آخر", "{n} جهازان آخران", "{n} أجهزة أخرى",
               "{n} جهاز آخر", "{n} جهازًا آخر")
    fake = type("M", (), {"id": ("{n} other device", "{n} other devices"), "string": swapped})
    with pytest.raises(AssertionError):
        test_arabic_forms_follow_their_category(fake)
    assert category_index("ar", 11) == 4 and category_index("ar", 101) == 5
    assert category_index("pl", 22) == 1 and category_index("uk", 21) == 0
