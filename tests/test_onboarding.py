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
from i18n import translator

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
])
def test_member_form_problems_name_the_field(name, role, year, field):
    with pytest.raises(ValidationError) as caught:
        onboarding.member_from_form(name, role, year)
    assert caught.value.field == field


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
