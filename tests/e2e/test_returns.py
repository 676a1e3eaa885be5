"""What comes back: the begeleider proposes, the family accepts or declines, and only what
the family accepts enters its plan — in the begeleider's name."""

from __future__ import annotations

import datetime as dt

from family_app.profiles import unlocking
from family_app.sharing import sharing, viewer
from family_app.profiles.device import Device
from family_app.plan.plan_book import PlanBook
from sync.share_payload import Scope

from tests.helpers.browser import (frames_as_pictures, open_demo_family_in_english, open_section,
                                   unlock)
from tests.helpers.data import BEGELEIDER_SECRET, FAMILY_SECRET
from .test_closure import pair_in_the_background

ACCEPTED = "Elke vrijdag samen de week doornemen"
DECLINED = "Daan krijgt een eigen kamer"


def share_in_the_background(family_dir, begeleider_dir):
    """The family's current plan reaches the begeleider (the UI path is tested elsewhere)."""
    family_device = Device(family_dir)
    family = unlocking.unlock(family_device, family_device.profile("family"), FAMILY_SECRET)
    book = PlanBook(family)
    to = sharing.paired(book.plan())[0]
    bundle = sharing.share(book, Scope.preset("current"), to=to).bundle
    family.lock()
    begeleider_device = Device(begeleider_dir)
    begeleider = unlocking.unlock(begeleider_device, begeleider_device.profiles()[0], BEGELEIDER_SECRET)
    viewer.receive(begeleider, bundle, now=dt.datetime.now(dt.timezone.utc))
    begeleider.lock()


def test_begeleider_proposes_and_the_family_decides(phones, demo_server, begeleider_server, tmp_path):
    pair_in_the_background(demo_server.data_dir, begeleider_server.data_dir)
    share_in_the_background(demo_server.data_dir, begeleider_server.data_dir)

    begeleider = phones.open(begeleider_server)
    unlock(begeleider, "Pincode of wachtwoord", BEGELEIDER_SECRET, "Karin Mulder")
    begeleider.tap("Gezin De Vries - Yilmaz")
    begeleider.find("Write back to the family").click()
    for label, text in (("Propose an agreement", ACCEPTED), ("Propose an agreement", DECLINED)):
        begeleider.choose(label)
        begeleider.type_into("What do you want to say or propose?", text)
        begeleider.tap("Add")
        begeleider.find(text)
    begeleider.screenshot("60-write-back")
    begeleider.tap("Send to the family")
    begeleider.see("Let the family scan these codes")
    pictures = frames_as_pictures(begeleider, tmp_path, "return")

    family = phones.open(demo_server)
    open_demo_family_in_english(family)
    open_section(family, "From the begeleider")
    family.tap("Scan the begeleider's code")
    family.pick_pictures(pictures)
    family.see("Karin Mulder proposes:", timeout=20_000)
    family.see(ACCEPTED)
    family.screenshot("61-inbox")
    family.page.get_by_role("button", name="Accept").first.click()
    family.see(DECLINED)
    family.not_see(ACCEPTED)
    family.tap("Decline")
    family.see("Nothing waiting for you.")
    family.tap("Back")

    open_section(family, "Agreements")
    family.find(ACCEPTED)
    family.not_see(DECLINED)
    family.tap("Back")
    family.tap("What changed")
    family.see("Karin Mulder added this")
    family.not_see(DECLINED)
