"""A young person's own plan: theirs alone, kept out of everything the family holds."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from family_app.profiles import onboarding, unlocking
from family_app.clock import fixed
from family_app.profiles.device import Device
from family_app.domain import TrustedPerson, YouthGoal
from family_app.vault.errors import WrongSecret
from family_app.youth.youth_book import YouthBook
from i18n import translator

from tests.helpers.data import FAMILY_SECRET, YOUTH_SECRET


@pytest.fixture
def device(de_vries_device_template, tmp_path):
    shutil.copytree(de_vries_device_template, tmp_path / "device")
    return Device(tmp_path / "device")


def youth_profile(device):
    return next(p for p in device.profiles() if p.kind == "youth")


def test_demo_youth_profile_opens_with_the_youth_secret_only(device):
    youth = youth_profile(device)
    with pytest.raises(WrongSecret):
        unlocking.unlock(device, youth, FAMILY_SECRET)
    opened = unlocking.unlock(device, youth, YOUTH_SECRET)
    plan = YouthBook(opened).plan()
    assert plan.owner_name == "Daan Yilmaz" and plan.goals and plan.trusted_person
    opened.lock()


def test_the_familys_recovery_code_does_not_open_the_youth_plan(tmp_path):
    device = Device(tmp_path)
    draft = {"family": {"household_name": "Gezin Bakker",
                        "members": [onboarding.member_from_form("Marieke", "parent")]}}
    family, family_code = onboarding.create_profile(device, "family", draft, "482915", translator("nl"))
    family.lock()
    youth, _ = onboarding.create_profile(device, "youth", {"youth": {"name": "Sem"}},
                                         "mijn-geheim-blijft-van-mij",
                                         translator("nl"))
    youth.lock()
    profile = device.profile("Sem")
    with pytest.raises(WrongSecret):
        unlocking.recover(device, profile, family_code, "nieuw-geheim-voor-sem")
    with pytest.raises(WrongSecret):
        unlocking.unlock(device, profile, "482915")


def test_a_young_person_writes_goals_and_checks_in(tmp_path):
    device = Device(tmp_path, now=fixed(dt.datetime(2026, 11, 22, 9, tzinfo=dt.timezone.utc)))
    opened, _ = onboarding.create_profile(device, "youth", {"youth": {"name": "Sem"}},
                                         "mijn-geheim-blijft-van-mij",
                                          translator("nl"))
    book = YouthBook(opened)
    book.update(going_well=["Voetbal"], dreams=["Kok worden"],
                trusted_person=TrustedPerson(name="Tante Ayse", phone="06-1"))
    goal = book.save_goal(YouthGoal(text="Twee keer per week trainen", how_we_know="Op de kalender"))
    book.check_in(goal.id, 6)
    book.check_in(goal.id, 8)
    plan = YouthBook(opened).plan()
    assert plan.going_well == ["Voetbal"] and plan.trusted_person.name == "Tante Ayse"
    assert [s.score for s in plan.goals[0].scores] == [6, 8]
    assert plan.goals[0].scores[0].by == "Sem"
    book.remove_goal(goal.id)
    assert YouthBook(opened).plan().goals == []


def test_only_one_family_and_youth_names_must_differ(tmp_path):
    device = Device(tmp_path)
    onboarding.create_profile(device, "youth", {"youth": {"name": "Sem"}},
                                         "mijn-geheim-blijft-van-mij",
                              translator("nl"))[0].lock()
    with pytest.raises(Exception) as caught:
        onboarding.create_profile(device, "youth", {"youth": {"name": "sem"}}, "ander-geheim-van-sem",
                                  translator("nl"))
    assert "already" in caught.value.problem
