"""Dates as families type them, in their own locale's way."""

from __future__ import annotations

import datetime as dt

import pytest

from family_app.screens.context import ScreenContext
from family_app.screens.forms import date_pattern, format_input_date, parse_input_date
from i18n import translator


def ctx(lang: str) -> ScreenContext:
    return ScreenContext(page=None, device=None, tr=translator(lang))


@pytest.mark.parametrize("lang, typed", [("nl", "31-12-2026"), ("nl", "2026-12-31"),
                                         ("en", "12/31/2026"), ("en", "2026-12-31")])
def test_dates_are_read_the_local_way_or_as_iso(lang, typed):
    assert parse_input_date(ctx(lang), typed) == dt.date(2026, 12, 31)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_what_is_shown_can_be_read_back(lang):
    day = dt.date(2027, 3, 4)
    shown = format_input_date(ctx(lang), day)
    assert "2027" in shown and "yyyy" in date_pattern(ctx(lang))
    assert parse_input_date(ctx(lang), shown) == day


def test_nonsense_is_not_a_date():
    with pytest.raises((ValueError, LookupError)):
        parse_input_date(ctx("nl"), "morgen")
