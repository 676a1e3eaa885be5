"""Helpers for the household tests: a second, empty family device, a clock, a whole join."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from family_app.household import household, household_sync
from family_app.profiles.device import Device
from family_app.profiles.onboarding import (
    FAMILY_LABEL, create_with_tables, household_from_form, member_from_form,
)
from family_app.plan.plan_book import PlanBook
from sync.randomness import seeded

from tests.helpers.data import FAMILY_SECRET


def make_empty_family(folder: Path) -> None:
    """A family profile as onboarding leaves it: a household and one parent."""
    tables = {"household": [household_from_form("Gezin Yilmaz").to_dict()],
              "members": [member_from_form("Emre Yilmaz", "parent").to_dict()]}
    opened, _ = create_with_tables(Device(folder), "family", FAMILY_LABEL, FAMILY_SECRET,
                                   tables, "nl")
    opened.identity()  # keys made once, in the template
    opened.lock()


def open_family(folder: Path):
    from family_app.profiles.unlocking import unlock
    device = Device(folder)
    return unlock(device, device.profile("family"), FAMILY_SECRET)


class FakeTime:
    """One clock for the whole test, aware UTC as the app's (family_app/clock.py)."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)

    def utc(self) -> dt.datetime:
        return self.moment

    def book(self, opened) -> PlanBook:
        """The plan of `opened`, whose profile now reads this clock."""
        opened.now = self.utc
        return PlanBook(opened)

    def tick(self, minutes: int = 1) -> None:
        self.moment += dt.timedelta(minutes=minutes)


@dataclass
class Household:
    phone: PlanBook  # the first device (the De Vries plan)
    laptop: PlanBook  # the device that joined
    time: FakeTime

    def laptop_on_phone(self) -> household.HouseholdDevice:
        return household.paired_devices(self.phone)[0]

    def phone_on_laptop(self) -> household.HouseholdDevice:
        return household.paired_devices(self.laptop)[0]

    def phone_to_laptop(self) -> household_sync.SyncResult:
        self.time.tick()
        bundle = household_sync.make_sync(self.phone, self.laptop_on_phone(), now=self.time.utc())
        return household_sync.apply_sync(self.laptop, bundle, now=self.time.utc())

    def laptop_to_phone(self) -> household_sync.SyncResult:
        self.time.tick()
        bundle = household_sync.make_sync(self.laptop, self.phone_on_laptop(), now=self.time.utc())
        return household_sync.apply_sync(self.phone, bundle, now=self.time.utc())


def join(phone: PlanBook, laptop: PlanBook, time: FakeTime) -> Household:
    """The laptop joins the phone's household and receives the first sync."""
    offer = household.join_offer(phone, "Telefoon Sanne", now=time.utc(), rng=seeded("phone"))
    reply = household.join_reply(laptop, household.read_join_offer(offer, now=time.utc()),
                                 "Laptop", now=time.utc(), rng=seeded("laptop"))
    code, device = household.accept_join(phone, reply.bundle, now=time.utc())
    assert code == reply.code
    household.confirm_join(phone, device, now=time.utc())
    household.confirm_join(laptop, reply.device, now=time.utc())
    pair = Household(phone, laptop, time)
    pair.phone_to_laptop()
    return pair


def joined_devices(family_template: Path, folder: Path) -> tuple[Path, dt.datetime]:
    """A phone (a copy of `family_template`) and a laptop after the join and the first
    exchanges, both locked in `folder`: two device folders to copy, and the clock's time."""
    shutil.copytree(family_template, folder / "phone")
    make_empty_family(folder / "laptop")
    time = FakeTime()
    pair = join(time.book(open_family(folder / "phone")),
                time.book(open_family(folder / "laptop")), time)
    pair.laptop_to_phone()
    pair.phone.opened.lock()
    pair.laptop.opened.lock()
    return folder, time.moment


def open_pair(joined: tuple[Path, dt.datetime], here: Path) -> Household:
    """Copies of `joined_devices`' two devices in `here`, unlocked, on a clock of their own
    (lock both when done)."""
    folder, moment = joined
    for name in ("phone", "laptop"):
        shutil.copytree(folder / name, here / name)
    time = FakeTime()
    time.moment = moment
    return Household(time.book(open_family(here / "phone")),
                     time.book(open_family(here / "laptop")), time)
