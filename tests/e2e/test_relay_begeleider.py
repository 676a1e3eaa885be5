"""A family with one phone shares with its begeleider through a shared folder, without a
visit: it connects the folder from the share screen and puts the share in it; Karin connects the family's folder and sees the plan;
her notes go back the same way and reach the family with "Sync now"
(family_app/relay/to_begeleider.py, begeleider_relay.py)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from family_app.profiles import unlocking
from family_app.plan.plan_book import PlanBook
from family_app.profiles.device import Device
from family_app.sharing import sharing
from tests.helpers.browser import AppServer, unlock
from tests.helpers.data import BEGELEIDER_SECRET, FAMILY_SECRET
from tests.e2e.test_relay import connect
from tests.helpers.household import open_family
from tests.helpers.webdav import serving

NOTE = "Goed gesprek gehad over het huiswerk."


@pytest.fixture
def dav_server(tmp_path):
    yield from serving(tmp_path / "dav")


@pytest.fixture
def family_server(demo_device, dav_server, begeleider_server, tmp_path):
    """The De Vries phone, the family's only device (no household), paired with Karin (as
    tests/e2e/test_sharing.py does); no folder connected yet."""
    template, _ = demo_device
    shutil.copytree(template, tmp_path / "phone")
    phone = open_family(tmp_path / "phone")
    karin_device = Device(begeleider_server.data_dir)
    karin = unlocking.unlock(karin_device, karin_device.profiles()[0], BEGELEIDER_SECRET)
    code = sharing.identity_code(karin, now=dt.datetime.now(dt.timezone.utc)).bundle
    karin.lock()
    sharing.pair(PlanBook(phone), sharing.read_identity(code, now=dt.datetime.now(dt.timezone.utc)))
    phone.lock()
    app = AppServer(tmp_path / "phone", wait=False)
    yield app
    app.stop()


def test_a_share_reaches_the_begeleider_through_the_shared_folder(phones, dav_server, family_server,
                                                                  begeleider_server):
    family, begeleider = phones.open(family_server), phones.open(begeleider_server)

    # The family (one phone) connects the folder from the share screen, then shares into it.
    family.open()
    family.tap("Ons gezin")
    family.open_with(FAMILY_SECRET, "Gezin De Vries - Yilmaz")
    family.tap("Delen met een begeleider")
    family.see("Karin Mulder")
    family.tap("Een gedeelde map gebruiken")
    family.see("Alleen je begeleider kan openen wat je deelt.")
    family.screenshot("relay-alone-nl")
    connect(family, dav_server, {"address": "Adres van de map (WebDAV)", "user": "Gebruikersnaam",
                                 "password": "App-wachtwoord", "connect": "Verbinden"})
    family.see("Alles is bijgewerkt: niets nieuws in de gedeelde map.", timeout=30_000)
    family.tap("Terug")  # back to the share screen
    family.tap("In onze gedeelde map zetten")
    family.see("Het staat in je gedeelde map", timeout=30_000)
    family.screenshot("relay-share-nl")

    # Karin connects the family's folder; it is checked at once and the plan opens.
    unlock(begeleider, "Pincode of wachtwoord", BEGELEIDER_SECRET, "Karin Mulder")
    begeleider.tap("Connect a family's folder")
    begeleider.type_into("Address of the folder (WebDAV)", dav_server.url)
    begeleider.type_into("User name", dav_server.user)
    begeleider.type_into("App password", dav_server.password)
    begeleider.tap("Connect", exact=True)
    begeleider.see("Written in", timeout=30_000)  # the shared plan, as after scanning
    begeleider.see("Gezin De Vries - Yilmaz")

    # She writes back, and sends it through the folder.
    begeleider.find("Write back to the family").click()
    begeleider.type_into("What do you want to say or propose?", NOTE)
    begeleider.tap("Add")
    begeleider.tap("Back")  # to the plan, then home, where the family's folder is
    begeleider.tap("Back")
    begeleider.tap("Shared folder · tap to check for new")
    begeleider.see("Nothing new in the shared folder.", timeout=30_000)
    begeleider.tap("Send your notes through the folder")
    begeleider.see("Your notes are in the family's shared folder", timeout=30_000)

    # The family's "Sync now" takes them into its inbox.
    family.tap("Terug")
    family.tap("Nu bijwerken")
    family.see("1 notitie van je begeleider wacht op je.", timeout=30_000)
    family.screenshot("relay-notes-nl")

    assert family.outside_requests() == [] and begeleider.outside_requests() == []
