"""Two devices of one household, in two homes, keep in step through a shared folder on a
WebDAV server (family_app/relay/): each connects the folder once; an edit on the phone
reaches the laptop after "Sync now" on both, with no codes to scan, and the next one as soon
as the laptop is opened."""

from __future__ import annotations

import shutil

import pytest

from tests.e2e.test_household import HOMEWORK, reword
from tests.helpers.browser import AppServer, open_demo_family_in_english, open_section
from tests.helpers.data import FAMILY_SECRET
from tests.helpers.household import FakeTime, join, make_empty_family, open_family
from tests.helpers.webdav import serving

WORDS = "Huiswerk om vijf uur, samen aan tafel."
WORDS_AGAIN = "Huiswerk om vijf uur, en om zeven uur de telefoon weg."


@pytest.fixture
def dav_server(tmp_path):
    """The shared folder's server (its name ends in "server": the `phones` fixture starts
    it first and stops it after the pages are closed)."""
    yield from serving(tmp_path / "dav")


@pytest.fixture
def household_servers(demo_device, tmp_path):
    """The De Vries phone and the family laptop, joined already (as test_household.py does
    through the screens), each with its app server."""
    template, _ = demo_device
    shutil.copytree(template, tmp_path / "phone")
    make_empty_family(tmp_path / "laptop")
    time = FakeTime()
    pair = join(time.book(open_family(tmp_path / "phone")),
                time.book(open_family(tmp_path / "laptop")), time)
    pair.phone.opened.lock()
    pair.laptop.opened.lock()
    phone, laptop = AppServer(tmp_path / "phone", wait=False), AppServer(tmp_path / "laptop", wait=False)
    yield phone, laptop
    phone.stop()
    laptop.stop()


def connect(pilot, dav, labels: dict[str, str]):
    """On the shared-folder screen: the address, user and app password, then connect."""
    pilot.type_into(labels["address"], dav.url)
    pilot.type_into(labels["user"], dav.user)
    pilot.type_into(labels["password"], dav.password)
    pilot.tap(labels["connect"], exact=True)


def test_an_edit_reaches_the_other_home_through_the_shared_folder(phones, dav_server,
                                                                  household_servers):
    phone_server, laptop_server = household_servers
    phone, laptop = phones.open(phone_server), phones.open(laptop_server)
    open_demo_family_in_english(phone)
    laptop.open()
    laptop.open_with(FAMILY_SECRET, "Gezin De Vries - Yilmaz")  # the laptop reads Dutch

    # Each device connects the folder once: in "Our devices", "Shared folder".
    open_section(phone, "Our devices")
    phone.tap("Shared folder")
    phone.see("The server cannot read your plan.")
    connect(phone, dav_server, {"address": "Address of the folder (WebDAV)", "user": "User name",
                                "password": "App password", "connect": "Connect"})
    phone.see("Connected")
    phone.see("Up to date", timeout=30_000)
    laptop.tap("Ons hele plan")
    laptop.tap("Onze apparaten")
    laptop.find("Gedeelde map")
    laptop.screenshot("relay-devices-nl")
    laptop.tap("Gedeelde map")
    laptop.screenshot("relay-connect-nl")
    connect(laptop, dav_server, {"address": "Adres van de map (WebDAV)",
                                 "user": "Gebruikersnaam", "password": "App-wachtwoord",
                                 "connect": "Verbinden"})
    laptop.see("Verbonden")
    laptop.see("Alles is bijgewerkt", timeout=30_000)  # the join brought the plan already
    laptop.screenshot("relay-connected-nl")

    # The phone changes a goal and syncs from home; the laptop syncs from home and has it.
    phone.tap("Back", exact=True)  # to "Our devices", then home
    phone.tap("Back", exact=True)
    reword(phone, HOMEWORK, WORDS)
    phone.tap("Sync now")
    phone.see("from your other devices", timeout=30_000)
    laptop.tap("Terug")
    laptop.tap("Terug")
    laptop.tap("Nu bijwerken")
    laptop.see("1 wijziging binnengehaald", timeout=30_000)
    laptop.tap("Terug")
    laptop.tap("Terug")
    laptop.see(WORDS)

    # Opening the app syncs by itself: the phone changes the goal again and syncs; the
    # laptop is locked and opened, and home shows the new words without "Nu bijwerken".
    phone.tap("Back", exact=True)  # from "Sync now" to "Our devices", then home
    phone.tap("Back", exact=True)
    reword(phone, WORDS, WORDS_AGAIN)
    phone.tap("Sync now")
    phone.see("from your other devices", timeout=30_000)
    laptop.tap("Op slot")
    laptop.open_with(FAMILY_SECRET, WORDS_AGAIN)

    # In Arabic, right to left: the app password was changed on the server. The laptop
    # says so, shows the form again (address and user kept), and connects with it.
    laptop.tap("Taal")
    laptop.tap("العربية")
    laptop.screenshot("relay-home-ar")
    dav_server.fault = "password"
    laptop.tap("زامنوا الآن")
    laptop.see("هل تغيّرت كلمة المرور؟", timeout=30_000)
    dav_server.fault = None
    laptop.type_into("كلمة مرور التطبيق", dav_server.password)
    laptop.screenshot("relay-password-ar")
    laptop.tap("اربطوا", exact=True)
    laptop.see("لا جديد", timeout=30_000)
    laptop.screenshot("relay-connected-ar")
    assert phone.outside_requests() == [] and laptop.outside_requests() == []
