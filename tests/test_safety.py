"""The safety card: the national numbers as data in one place, the family's own contacts
shown before unlocking only when the family chose so, and a card that holds nothing of the
plan before unlocking (docs/threat-model.md, "The safety card")."""

from __future__ import annotations

import datetime as dt
import json

import flet as ft
import pytest

from family_app.plan.plan_book import PlanBook
from family_app.profiles import unlocking
from family_app.safety import numbers, shown_contacts
from family_app.safety.shown_contacts import Contact
from family_app.screens.common import hide_button
from family_app.screens.context import ScreenContext
from family_app.screens.router import OPEN_SCREENS, route
from i18n import SHIPPED, translator

from tests.helpers.data import DE_VRIES, FAMILY_SECRET
from tests.helpers.screens import FakePage, find
from tests.test_screens_build import keys_in, texts_in


# --- the numbers ---------------------------------------------------------------------------

def test_the_four_national_numbers_with_source_and_date():
    lines = {line.key: line for line in numbers.HELP_LINES}
    assert [(line.number, line.link) for line in numbers.HELP_LINES] == [
        ("112", "tel:112"), ("0800-2000", "tel:08002000"), ("0800-0432", "tel:08000432"),
        ("0800-0113", "tel:08000113")]
    assert lines["veilig-thuis"].name == "Veilig Thuis"
    assert lines["kindertelefoon"].name == "De Kindertelefoon"
    assert lines["113"].name == "113 Zelfmoordpreventie"
    assert all(line.free for line in numbers.HELP_LINES)
    # De Kindertelefoon is not open day and night; the card must not say it is.
    assert [k for k, line in lines.items() if not line.day_and_night] == ["kindertelefoon"]
    assert all(line.source.startswith("https://") for line in numbers.HELP_LINES)
    assert numbers.CHECKED == dt.date(2026, 12, 1)


def test_a_number_dials_as_its_digits():
    assert numbers.dial("055-555 12 34") == "0555551234"
    assert numbers.dial(" +31 6 1234 5678") == "+31612345678"
    assert numbers.dial("bel mij") == ""


# --- the contacts shown before unlocking ---------------------------------------------------

def test_no_one_is_shown_until_the_family_chooses(device):
    family = device.profile("family")
    assert shown_contacts.shown(device.data_dir, family.id) == []
    assert not (device.data_dir / shown_contacts.FOLDER).exists()


def test_chosen_contacts_are_kept_in_plain_text_and_only_their_names_and_numbers(device):
    family = device.profile("family")
    oma = Contact("Oma Ria", "055-5551234")
    shown_contacts.show(device.data_dir, family.id, [oma, Contact("Geen nummer", "")])
    assert shown_contacts.shown(device.data_dir, family.id) == [oma]
    stored = json.loads(shown_contacts.path(device.data_dir, family.id).read_text("utf-8"))
    assert stored == {"format": shown_contacts.FORMAT,
                      "contacts": [{"name": "Oma Ria", "phone": "055-5551234"}]}
    assert oma.link == "tel:0555551234"
    # Another profile on the device shows no one of the family's.
    daan = next(p for p in device.profiles() if p.kind == "youth")
    assert shown_contacts.shown(device.data_dir, daan.id) == []


def test_showing_no_one_leaves_no_file_behind(device):
    family = device.profile("family")
    shown_contacts.show(device.data_dir, family.id, [Contact("Oma Ria", "055-5551234")])
    shown_contacts.show(device.data_dir, family.id, [Contact("Tante Ayse", "06-11122233")])
    shown_contacts.show(device.data_dir, family.id, [])
    assert list((device.data_dir / shown_contacts.FOLDER).iterdir()) == []
    assert shown_contacts.shown(device.data_dir, family.id) == []


def test_at_most_five_and_a_damaged_file_shows_no_one(device):
    family = device.profile("family")
    many = [Contact(f"Persoon {n}", f"06-0000000{n}") for n in range(8)]
    shown_contacts.show(device.data_dir, family.id, many)
    assert shown_contacts.shown(device.data_dir, family.id) == many[:shown_contacts.MAX_CONTACTS]
    shown_contacts.path(device.data_dir, family.id).write_text("{kapot", "utf-8")
    assert shown_contacts.shown(device.data_dir, family.id) == []


def test_the_candidates_are_the_plans_people_with_a_phone_number(de_vries):
    names = [c.name for c in shown_contacts.candidates(PlanBook(de_vries).plan())]
    assert names == ["Oma Ria", "Tante Ayse", "Karin Mulder", "Dr. Bos", "Fatima Ouali",
                     "Sanne de Vries", "Emre Yilmaz"]


# --- the screens ---------------------------------------------------------------------------

def plan_texts() -> list[str]:
    """Every goal, agreement, log and safety text of the De Vries family, and its name."""
    scenario = json.loads(DE_VRIES.read_text("utf-8"))
    texts = [scenario["household"]["name"], *(g["text"] for g in scenario["goals"]),
             *(a["what"] for a in scenario["agreements"]), *(e["text"] for e in scenario["log"])]
    return [t for t in texts if t]


def locked(device, lang: str = "en") -> ScreenContext:
    return ScreenContext(page=FakePage(), device=device, tr=translator(lang), router=route)


@pytest.mark.parametrize("lang", SHIPPED)
def test_the_card_opens_without_unlocking_and_shows_nothing_of_the_plan(device, lang):
    assert "safety_card" in OPEN_SCREENS
    family = device.profile("family")
    shown_contacts.show(device.data_dir, family.id, [Contact("Oma Ria", "055-5551234")])
    ctx = locked(device, lang)
    card = route(ctx, "safety_card", profile_id=family.id)
    texts = " ".join(texts_in(card))
    for line in numbers.HELP_LINES:
        assert line.number in texts
        assert find(card, f"call-{line.key}").url == line.link
    assert "Oma Ria" in texts and find(card, "own-0").url == "tel:0555551234"
    assert not [t for t in plan_texts() if t in texts]
    assert "own-contacts" not in keys_in(card)   # choosing needs the plan unlocked
    # From the list of profiles (no profile of its own): the family's chosen contacts.
    assert "Oma Ria" in " ".join(texts_in(route(locked(device, lang), "safety_card")))
    # The chooser itself is behind the PIN: a locked tab gets the lock screen.
    assert route(locked(device, lang), "safety_contacts").route != "/safety_contacts"


def test_the_lock_screen_and_the_home_reach_the_card_in_one_tap(device):
    family = device.profile("family")
    ctx = locked(device)
    ctx.page.views = []
    find(route(ctx, "unlock", profile_id=family.id), "safety-card").on_click()
    assert ctx.page.views[-1].route == "/safety_card" and ctx.opened is None
    ctx.opened = unlocking.unlock(device, family, FAMILY_SECRET)
    try:
        home = route(ctx, "home")
        bar = ft.Row(home.appbar.actions)   # the title bar: always in view
        find(bar, "safety-card").on_click()
        assert ctx.page.views[-1].route == "/safety_card"
        assert "own-contacts" in keys_in(ctx.page.views[-1])
    finally:
        ctx.lock()


def test_the_family_chooses_who_shows_before_unlocking(device):
    family = device.profile("family")
    ctx = locked(device)
    ctx.opened = unlocking.unlock(device, family, FAMILY_SECRET)
    try:
        chooser = route(ctx, "safety_contacts")
        assert "Anyone who picks up this phone" in " ".join(texts_in(chooser))
        find(chooser, "shown-0").value = True    # Oma Ria
        find(chooser, "save-shown").on_click()
        assert shown_contacts.shown(device.data_dir, family.id) == [Contact("Oma Ria", "055-5551234")]
        assert ctx.page.views[-1].route == "/safety_card"
    finally:
        ctx.lock()


def test_quick_lock_drops_the_vault_and_leaves_for_a_blank_page_in_the_web_app(device):
    family = device.profile("family")
    ctx = locked(device)
    ctx.page.web = True
    ctx.opened = opened = unlocking.unlock(device, family, FAMILY_SECRET)
    button = hide_button(ctx).content
    assert button.url.url == "/blank.html" and button.url.target.value == "_self"
    button.on_click()
    assert ctx.opened is None and opened.vault._closed and opened.vault._data_key == b""
    assert ctx.page.views[-1].route == "/unlock"
    ctx.page.web = False   # a phone app: it locks, and goes nowhere
    assert hide_button(ctx).content.url is None


def test_the_blank_page_says_nothing():
    from family_app.app import ASSETS_DIR
    page = (ASSETS_DIR / "blank.html").read_text("utf-8")
    body = page.split("<body>", 1)[1].split("</body>", 1)[0]
    assert body.strip() == ""
    assert "Ons Plan" not in page and "plan" not in page.lower() and "http" not in page
