"""First start as use cases: forms become a locked profile, or nothing at all."""

from __future__ import annotations

import errno

import pytest

from family_app.plan import family_plan
from family_app.profiles import onboarding, unlocking
from family_app.profiles.device import Device
from family_app.domain import ValidationError
from family_app.vault.errors import VaultWriteError, WeakSecret, WrongSecret
from family_app.vault.vault import Vault
from family_app.screens.context import ScreenContext
from family_app.screens.router import route
from i18n import translator

from tests.helpers.screens import FakePage, find

PIN = "482915"


def family_draft(name="Gezin Bakker"):
    return {"family": {"household_name": name, "members": [
        onboarding.member_from_form("Marieke Bakker", "parent", "1988"),
        onboarding.member_from_form("Sem Bakker", "child", "")]}}


def test_a_family_is_created_locked_and_opened_again(tmp_path):
    device = Device(tmp_path)
    opened, code = onboarding.create_profile(device, "family", family_draft(), PIN, translator("nl"))
    summary = family_plan.home_summary(opened)
    assert summary.household_name == "Gezin Bakker"
    assert [m.name for m in summary.members] == ["Marieke Bakker", "Sem Bakker"]
    assert opened.language == "nl"
    opened.lock()

    profile = device.profiles()[0]
    with pytest.raises(WrongSecret):
        unlocking.unlock(device, profile, "999999")
    again = unlocking.unlock(device, profile, PIN)
    assert family_plan.home_summary(again).household_name == "Gezin Bakker"
    again.lock()

    recovered = unlocking.recover(device, profile, code, "735184")
    assert family_plan.home_summary(recovered).members[1].name == "Sem Bakker"


def test_the_language_is_remembered_per_profile_and_for_the_lock_screen(tmp_path):
    device = Device(tmp_path)
    opened, _ = onboarding.create_profile(device, "family", family_draft(), PIN, translator("nl"))
    device.remember_language("en", opened)
    assert opened.language == "en"
    assert Device(tmp_path).language == "en"


@pytest.mark.parametrize("name, role, year, field", [
    ("", "parent", "", "name"),
    ("   ", "child", "", "name"),
    ("Sem", "child", "twintig", "birth_year"),
    ("Sem", "child", "1850", "birth_year"),
    ("Sem", "captain", "", "role"),
    ("Sem", None, "2016", "role"),  # nobody is quietly made "someone else"
])
def test_member_form_problems_name_the_field(name, role, year, field):
    with pytest.raises(ValidationError) as caught:
        onboarding.member_from_form(name, role, year)
    assert caught.value.field == field


@pytest.mark.parametrize("year, role", [
    ("2016", "child"), ("2015", "child"),        # 10 and 11 this year
    ("2014", "youth"), ("2012", "youth"),        # 12 and 14: a young person, not a child
    ("2009", "youth"), ("2008", None),           # 17 a young person; 18 an adult: the family says
    ("1985", None), ("201", None), ("", None),   # an adult; still typing; nothing
    ("2030", None), ("1850", None), ("twee", None),
])
def test_a_year_of_birth_suggests_the_role(year, role):
    assert onboarding.suggested_role(year, 2026) == role


def test_empty_family_name_is_refused():
    with pytest.raises(ValidationError) as caught:
        onboarding.household_from_form("  ")
    assert caught.value.field == "name"


def test_begeleider_needs_name_and_organisation():
    with pytest.raises(ValidationError) as caught:
        onboarding.workspace_from_form("Karin", "")
    assert caught.value.field == "organisation"


def test_a_short_pin_is_refused():
    with pytest.raises(WeakSecret):
        onboarding.check_secret("12345")


def test_a_full_disk_leaves_no_half_made_profile(tmp_path, monkeypatch):
    device = Device(tmp_path)

    def disk_full(self, tables):
        raise VaultWriteError(disk_full=True, detail=str(OSError(errno.ENOSPC, "full")))

    monkeypatch.setattr(Vault, "replace_all", disk_full)
    with pytest.raises(VaultWriteError) as caught:
        onboarding.create_profile(device, "family", family_draft(), PIN, translator("nl"))
    assert caught.value.disk_full
    assert translator("nl").gettext(caught.value.problem).startswith("Het geheugen is vol")
    assert device.profiles() == []
    assert not list((tmp_path / "profiles").glob("*.vault"))


def test_begeleider_workspace(tmp_path):
    device = Device(tmp_path)
    draft = {"begeleider": {"name": "Karin Mulder", "organisation": "CJG Apeldoorn"}}
    opened, _ = onboarding.create_profile(device, "begeleider", draft, "zorg-met-hart", translator("en"))
    assert opened.kind == "begeleider"
    assert opened.workspace().organisation == "CJG Apeldoorn"
    assert unlocking.display_label(translator("nl"), opened.profile) == "Begeleider"


# --- the family screen: who each person is -------------------------------------------------

def family_screen(tmp_path):
    ctx = ScreenContext(page=FakePage(), device=Device(tmp_path), tr=translator("en"), router=route)
    ctx.go("family_setup")
    return ctx, ctx.page.views[-1]


def add(view, name: str, year: str = "") -> None:
    find(view, "member-name").value = name
    field = find(view, "member-year")
    field.value = year
    field.on_change(None)
    find(view, "add-member").on_click(None)


def test_the_role_starts_as_parent_is_not_carried_over_and_follows_the_year(tmp_path):
    ctx, view = family_screen(tmp_path)
    role = find(view, "role")
    this_year = ctx.today().year
    assert role.value == "parent"                   # "start with yourself"
    add(view, "Marieke Bakker")
    assert role.value is None                       # the next person starts with no role

    year = find(view, "member-year")
    year.value = str(this_year - 14)
    year.on_change(None)
    assert role.value == "youth"                    # 14: a young person, not a child
    year.value = str(this_year - 9)
    year.on_change(None)
    assert role.value == "child"
    role.value = "other"                            # the family knows better: tapped by hand
    role.on_change(None)
    year.value = str(this_year - 14)
    year.on_change(None)
    assert role.value == "other"

    add(view, "Lotte Bakker", str(this_year - 9))
    assert [(m.name, m.role) for m in ctx.draft["family"]["members"]] == [
        ("Marieke Bakker", "parent"), ("Lotte Bakker", "other")]


def test_a_person_without_a_role_is_not_added(tmp_path):
    ctx, view = family_screen(tmp_path)
    add(view, "Marieke Bakker")
    add(view, "Joris Bakker")                       # no year, no role tapped
    assert find(view, "role-problem").value == "Who is this? Choose one."
    assert [m.name for m in ctx.draft["family"]["members"]] == ["Marieke Bakker"]
    find(view, "role").value = "parent"
    find(view, "role").on_change(None)
    find(view, "add-member").on_click(None)
    assert [m.name for m in ctx.draft["family"]["members"]] == ["Marieke Bakker", "Joris Bakker"]


def test_next_stays_below_the_list_and_asks_for_a_person_first(tmp_path):
    ctx, view = family_screen(tmp_path)
    find(view, "household-name").value = "Gezin Bakker"
    next_button = find(view.bottom_appbar, "next")  # pinned under the scrolling list
    next_button.on_click(None)
    assert ctx.page.views[-1] is view
    assert find(view, "member-name").error == "Add at least one person to your family."
    add(view, "Marieke Bakker")
    next_button.on_click(None)
    assert ctx.page.views[-1] is not view


def test_the_recovery_code_page_to_print_says_what_the_code_is_for(tmp_path):
    from family_app.screens.profiles.recovery_code import printable_page
    ctx = ScreenContext(page=FakePage(), device=Device(tmp_path), tr=translator("ar"), router=route)
    page = printable_page(ctx, "AB12-CD34-EF56-GH78-JK90").decode("utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert '<p class="code">AB12-CD34-EF56-GH78-JK90</p>' in page   # kept left to right (CSS)
    assert translator("ar").gettext("Forgot your PIN? Then this code opens your plan. Keep it at "
                                    "home, away from your phone: whoever has it can open your plan.") in page
    assert "http" not in page  # nothing to fetch: it prints offline
