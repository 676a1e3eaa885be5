"""Forms: dates as families type them, in their own locale's way; what a new record asks
first; every section's form saving."""

from __future__ import annotations

import dataclasses
import datetime as dt

import flet as ft
import pytest

from family_app.domain import Plan, ValidationError
from family_app.domain.plan import RECORD_TYPES
from family_app.plan.plan_book import PlanBook
from family_app.profiles.device import Device
from family_app.screens.context import ScreenContext
from family_app.screens.forms import date_pattern, format_input_date, parse_input_date
from family_app.screens.plan.record_form import ASKED_FIRST
from family_app.screens.plan.sections import sections
from family_app.screens.router import route
from i18n import translator

from tests.helpers.screens import FakePage, find


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


# --- what a new record asks first, and every form saving -----------------------------------

def required_fields(table: str) -> set[str]:
    """The fields the domain refuses to leave empty (their parser refuses None)."""
    needed = set()
    for spec in dataclasses.fields(RECORD_TYPES[table]):
        try:
            spec.metadata["parse"](None)
        except ValidationError:
            needed.add(spec.name)
    return needed


@pytest.mark.parametrize("table", sorted(ASKED_FIRST))
def test_a_new_record_asks_up_front_all_it_needs(table):
    form_fields = {f.name for f in sections(ctx("en"))[table].fields(Plan())}
    assert set(ASKED_FIRST[table]) <= form_fields
    assert required_fields(table) & form_fields <= set(ASKED_FIRST[table])


def open_form(opened, tmp_path, table: str, **params) -> ScreenContext:
    context = ScreenContext(page=FakePage(), device=Device(tmp_path / "device"),
                            tr=translator("en"), router=route, opened=opened)
    context.go("record_form", table=table, **params)
    return context


def answer(view, spec) -> None:
    """What a person writes in a field that must be answered."""
    if spec.kind in ("text", "long", "lines", "tags"):
        find(view, f"field-{spec.name}").value = "Samen koken"
    elif spec.kind == "date":
        find(view, f"field-{spec.name}").value = "2030-12-01"
    elif spec.kind == "choice":
        find(view, f"field-{spec.name}").value = next(iter(spec.choices))
    elif spec.kind == "multi":
        find(view, f"{spec.name}-{next(iter(spec.choices))}").value = True
    else:
        raise AssertionError(f"no answer for a {spec.kind} field")


@pytest.mark.parametrize("table", sorted(sections(ctx("en"))))
def test_every_form_saves_from_what_it_asks_up_front(de_vries, tmp_path, table):
    """A new record (the one record of a single table) is saved with only the fields on
    screen before "More details" answered, and only those the domain requires."""
    plan = PlanBook(de_vries).plan()
    single = table in ("household", "trajectory")
    before = getattr(plan, table) if single else len(getattr(plan, table))
    context = open_form(de_vries, tmp_path, table, **({"back": ("home", {})} if single else {}))
    view = context.page.views[-1]
    details = find(view, "details")
    waiting = [holder.key for holder in details.controls] if details else []
    for spec in sections(context)[table].fields(plan):
        if spec.name in required_fields(table):
            assert ft.ScrollKey(f"attention-{spec.name}") not in waiting, spec.name
            if not single:  # the single records hold their answers already
                answer(view, spec)
    find(view, "save").on_click(None)
    assert context.page.views[-1] is not view, find(view, "message").value  # saved: gone back
    after = getattr(PlanBook(de_vries).plan(), table)
    assert after == before if single else len(after) == before + 1
